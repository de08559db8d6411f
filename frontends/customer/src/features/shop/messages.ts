/** The shop: search, product, cart, checkout, orders. */
export const shopMessages = {
  id: {},
  en: {},
} as const;

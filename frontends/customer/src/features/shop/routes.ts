/** The shop: product search, a product, the cart, checkout, the customer's orders. */
export type ShopRoute =
  | { area: 'shop'; screen: 'search' }
  | { area: 'shop'; screen: 'product'; productId: string }
  | { area: 'shop'; screen: 'cart' }
  | { area: 'shop'; screen: 'checkout' }
  | { area: 'shop'; screen: 'orders' }
  | { area: 'shop'; screen: 'order'; orderId: string };

/** The shop: product search, a product, the cart, checkout and its payment, the customer's orders. */
export type ShopRoute =
  | { area: 'shop'; screen: 'search' }
  | { area: 'shop'; screen: 'product'; productId: string }
  | { area: 'shop'; screen: 'cart' }
  | { area: 'shop'; screen: 'checkout' }
  /** After "Bayar": the checkout's payment page and its outcome. */
  | { area: 'shop'; screen: 'payment'; checkoutId: string }
  | { area: 'shop'; screen: 'orders' }
  | { area: 'shop'; screen: 'order'; orderId: string };

/** The shop's screens that need a signed-in customer (the catalogue does not). */
export function needsSignIn(route: ShopRoute): boolean {
  return route.screen !== 'search' && route.screen !== 'product';
}

import type { ApiClient, operations } from '@petpro/api-client';

type CartAnswer = operations['getCart']['responses'][200]['content']['application/json'];

/** The customer's one cart across shops, as the API prices it today. */
export type Cart = CartAnswer;
export type CartItem = CartAnswer['items'][number];
/** What changed since a line was added: its price, or the stock (not enough, or gone). */
export type CartWarning = CartAnswer['warnings'][number];

/** The API's largest quantity per line. */
export const MAX_QUANTITY = 99;

/** The cart (signed in). Throws ApiProblem (409 not-enough-stock / cart-full on a set) or OfflineError. */
export interface CartRepository {
  cart(): Promise<Cart>;
  /** Sets a product's quantity (adding it at today's price); the cart as it is after. */
  setQuantity(productId: string, quantity: number): Promise<Cart>;
  remove(productId: string): Promise<Cart>;
}

export class ApiCartRepository implements CartRepository {
  readonly #api: ApiClient;

  constructor(api: ApiClient) {
    this.#api = api;
  }

  cart(): Promise<Cart> {
    return this.#api.unwrap(this.#api.GET('/v1/me/cart'));
  }

  setQuantity(productId: string, quantity: number): Promise<Cart> {
    return this.#api.unwrap(
      this.#api.PUT('/v1/me/cart/items/{productId}', { params: { path: { productId } }, body: { quantity } }),
    );
  }

  remove(productId: string): Promise<Cart> {
    return this.#api.unwrap(this.#api.DELETE('/v1/me/cart/items/{productId}', { params: { path: { productId } } }));
  }
}

/** One shop's part of the cart. */
export interface ShopGroup {
  vendorId: string;
  vendorName: string;
  /** Each line with what changed since it was added (a price and the stock can both have changed). */
  lines: { item: CartItem; warnings: CartWarning[] }[];
  /** Today's prices × quantities, before shipping and tax. */
  subtotal: number;
}

export interface GroupedCart {
  shops: ShopGroup[];
  /** Items counted by quantity. */
  count: number;
  subtotal: number;
  /** A line checkout would refuse (gone, or more than is in stock): the customer must fix it first. */
  blocked: boolean;
}

/** The cart grouped by shop, in the order the shops first appear, each line with its warning. */
export function groupCart(cart: Cart): GroupedCart {
  const shops = new Map<string, ShopGroup>();
  for (const item of cart.items) {
    const shop = shops.get(item.vendorId) ?? {
      vendorId: item.vendorId,
      vendorName: item.vendorName,
      lines: [],
      subtotal: 0,
    };
    const warnings = cart.warnings.filter((candidate) => candidate.productId === item.productId);
    shop.lines.push({ item, warnings });
    if (!warnings.some((warning) => warning.problem === 'unavailable')) shop.subtotal += item.unitPrice * item.quantity;
    shops.set(item.vendorId, shop);
  }
  const groups = [...shops.values()];
  return {
    shops: groups,
    count: cart.items.reduce((sum, item) => sum + item.quantity, 0),
    subtotal: groups.reduce((sum, shop) => sum + shop.subtotal, 0),
    blocked: cart.warnings.some(isBlocking),
  };
}

/** Checkout refuses a cart with a line gone or short of stock; a changed price only needs the customer to know. */
export function isBlocking(warning: CartWarning): boolean {
  return warning.problem !== 'price_changed';
}

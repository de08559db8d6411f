import { isApiProblem } from '@petpro/api-client';
import { Bloc, type Emit } from '../../bloc/bloc';
import { toErrorView, type ErrorView } from '../../data/errors';
import { groupCart, isBlocking, type Cart, type CartItem, type CartRepository } from './cart-repository';
import type { CatalogRepository } from './catalog-repository';
import type {
  Address,
  CheckoutRepository,
  CheckoutView,
  CourierRate,
  Quote,
  ShippingChoice,
} from './checkout-repository';

export type CheckoutEvent =
  | { type: 'started' }
  | { type: 'address-chosen'; addressId: string }
  | { type: 'courier-chosen'; vendorId: string; serviceCode: string }
  | { type: 'rates-retry-requested'; vendorId: string }
  | { type: 'quote-retry-requested' }
  | { type: 'pay-requested' };

export type RatesState =
  { status: 'loading' } | { status: 'loaded'; items: readonly CourierRate[] } | { status: 'error'; error: ErrorView };

/** One shop of the cart on its way to the customer. */
export interface ShopShipping {
  vendorId: string;
  vendorName: string;
  /** The parcel the rates were asked for (grams): the lines' weights × quantities, or what the API named. */
  weightGrams: number;
  /** The shop's lines at today's prices (the parcel's declared value). */
  value: number;
  rates: RatesState;
  /** The courier service chosen from the rates (`jne:reg`). */
  chosen: string | null;
}

export type QuoteState =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'loaded'; quote: Quote }
  | { status: 'error'; error: ErrorView };

/** A line the API said it cannot reserve (409 stock-gone). */
export interface GoneLine {
  productId: string;
  name: string;
  problem: 'unavailable' | 'not_enough_stock' | 'price_changed';
  available: number | null;
}

export interface ReadyCheckout {
  status: 'ready';
  items: readonly CartItem[];
  addresses: readonly Address[];
  addressId: string;
  shops: readonly ShopShipping[];
  quote: QuoteState;
  paying: boolean;
  payError: ErrorView | null;
  gone: readonly GoneLine[];
  /** Checkout answered quote-needed: a new quote is shown, the customer confirms again. */
  quoteRenewed: boolean;
}

export type CheckoutState =
  | { status: 'loading' }
  | { status: 'error'; error: ErrorView }
  | { status: 'empty' }
  | { status: 'no-address' }
  /** Lines gone or short of stock: checkout would refuse them; the cart is where to fix it. */
  | { status: 'cart-blocked'; cart: Cart }
  | ReadyCheckout
  | { status: 'placed'; checkout: CheckoutView };

/** Until the catalogue says otherwise: the API names the real parcel weight (409 rates-needed) and rates are asked again. */
const UNKNOWN_WEIGHT_GRAMS = 1;

/** Every shop has a courier and the quote for exactly those is shown, with nothing it would refuse. */
export function canPay(state: CheckoutState): boolean {
  return (
    state.status === 'ready' &&
    !state.paying &&
    state.quote.status === 'loaded' &&
    state.shops.every((shop) => shop.chosen !== null) &&
    !state.quote.quote.warnings.some(isBlocking)
  );
}

export function shippingChoice(shops: readonly ShopShipping[]): ShippingChoice {
  return Object.fromEntries(shops.flatMap((shop) => (shop.chosen ? [[shop.vendorId, shop.chosen]] : [])));
}

/**
 * Checkout: the delivery address, each shop's courier from its rates, the quote for that choice, then
 * "Bayar" — one checkout (one Idempotency-Key per intended payment, kept across retries of it) whose
 * payment page the next screen opens. 409 rates-needed and quote-needed are asked again; stock-gone
 * names the lines.
 */
export class CheckoutBloc extends Bloc<CheckoutEvent, CheckoutState> {
  readonly #cart: CartRepository;
  readonly #catalog: CatalogRepository;
  readonly #checkout: CheckoutRepository;
  readonly #newKey: () => string;
  /** The key of the payment being attempted: the same on a retry, a new one once the quote changes. */
  #payKey: string | null = null;

  constructor(cart: CartRepository, catalog: CatalogRepository, checkout: CheckoutRepository, newKey: () => string) {
    super({ status: 'loading' });
    this.#cart = cart;
    this.#catalog = catalog;
    this.#checkout = checkout;
    this.#newKey = newKey;
  }

  protected override async handle(event: CheckoutEvent, emit: Emit<CheckoutState>): Promise<void> {
    if (event.type === 'started') return this.#start(emit);
    const state = this.state;
    if (state.status !== 'ready') return;
    switch (event.type) {
      case 'address-chosen': {
        if (event.addressId === state.addressId || !state.addresses.some((a) => a.addressId === event.addressId))
          return;
        this.#payKey = null;
        emit({ ...state, addressId: event.addressId, ...this.#reset() });
        await this.#askRates(
          state.shops.map((shop) => shop.vendorId),
          emit,
        );
        return this.#quoteWhenChosen(emit);
      }
      case 'courier-chosen': {
        const shop = state.shops.find((candidate) => candidate.vendorId === event.vendorId);
        if (!shop || shop.rates.status !== 'loaded' || shop.chosen === event.serviceCode) return;
        if (!shop.rates.items.some((rate) => rate.serviceCode === event.serviceCode)) return;
        this.#payKey = null;
        emit({
          ...state,
          ...this.#reset(),
          shops: state.shops.map((s) => (s.vendorId === event.vendorId ? { ...s, chosen: event.serviceCode } : s)),
        });
        return this.#quoteWhenChosen(emit);
      }
      case 'rates-retry-requested':
        await this.#askRates([event.vendorId], emit);
        return this.#quoteWhenChosen(emit);
      case 'quote-retry-requested':
        return this.#quoteWhenChosen(emit);
      case 'pay-requested':
        return this.#pay(emit);
    }
  }

  #reset(): Pick<ReadyCheckout, 'quote' | 'payError' | 'gone' | 'quoteRenewed'> {
    return { quote: { status: 'idle' }, payError: null, gone: [], quoteRenewed: false };
  }

  async #start(emit: Emit<CheckoutState>): Promise<void> {
    emit({ status: 'loading' });
    try {
      const [cart, addresses] = await Promise.all([this.#cart.cart(), this.#checkout.addresses()]);
      if (cart.items.length === 0) return emit({ status: 'empty' });
      if (cart.warnings.some(isBlocking)) return emit({ status: 'cart-blocked', cart });
      if (addresses.length === 0) return emit({ status: 'no-address' });
      const weights = await this.#weights(cart.items);
      const grouped = groupCart(cart);
      const address = addresses.find((candidate) => candidate.isDefault) ?? addresses[0]!;
      this.#payKey = null;
      emit({
        status: 'ready',
        items: cart.items,
        addresses,
        addressId: address.addressId,
        shops: grouped.shops.map((shop) => ({
          vendorId: shop.vendorId,
          vendorName: shop.vendorName,
          weightGrams: shop.lines.reduce(
            (sum, { item }) => sum + (weights.get(item.productId) ?? UNKNOWN_WEIGHT_GRAMS) * item.quantity,
            0,
          ),
          value: shop.subtotal,
          rates: { status: 'loading' },
          chosen: null,
        })),
        paying: false,
        ...this.#reset(),
      });
    } catch (error) {
      return emit({ status: 'error', error: toErrorView(error) });
    }
    await this.#askRates(
      (this.state as ReadyCheckout).shops.map((shop) => shop.vendorId),
      emit,
    );
  }

  /** Each product's weight from the catalogue (the cart does not carry it); unknown ones are left out. */
  async #weights(items: readonly CartItem[]): Promise<Map<string, number>> {
    const found = await Promise.all(
      items.map(async (item) => {
        const product = await this.#catalog.product(item.productId).catch(() => undefined);
        return [item.productId, product?.weightGrams] as const;
      }),
    );
    return new Map(found.flatMap(([productId, grams]) => (grams && grams > 0 ? [[productId, grams] as const] : [])));
  }

  /** Asks the named shops' rates for the current address (in parallel); a chosen service stays if still offered. */
  async #askRates(vendorIds: readonly string[], emit: Emit<CheckoutState>): Promise<void> {
    const before = this.state;
    if (before.status !== 'ready') return;
    const asked = new Set(vendorIds);
    emit({
      ...before,
      shops: before.shops.map((shop) => (asked.has(shop.vendorId) ? { ...shop, rates: { status: 'loading' } } : shop)),
    });
    const answers = await Promise.all(
      before.shops
        .filter((shop) => asked.has(shop.vendorId))
        .map(async (shop): Promise<[string, RatesState]> => {
          try {
            const items = await this.#checkout.rates(shop.vendorId, before.addressId, shop.weightGrams, shop.value);
            return [shop.vendorId, { status: 'loaded', items }];
          } catch (error) {
            return [shop.vendorId, { status: 'error', error: toErrorView(error) }];
          }
        }),
    );
    const byShop = new Map(answers);
    const current = this.state;
    if (current.status !== 'ready') return;
    emit({
      ...current,
      shops: current.shops.map((shop) => {
        const rates = byShop.get(shop.vendorId);
        if (!rates) return shop;
        const stillOffered =
          rates.status === 'loaded' && rates.items.some((rate) => rate.serviceCode === shop.chosen)
            ? shop.chosen
            : null;
        return { ...shop, rates, chosen: stillOffered };
      }),
    });
  }

  /** Quotes once every shop has a courier; 409 rates-needed asks those shops' rates again (for the weight named) once. */
  async #quoteWhenChosen(emit: Emit<CheckoutState>, attempt = 0): Promise<void> {
    const state = this.state;
    if (state.status !== 'ready') return;
    if (!state.shops.every((shop) => shop.chosen)) return emit({ ...state, quote: { status: 'idle' } });
    emit({ ...state, quote: { status: 'loading' } });
    try {
      const quote = await this.#checkout.quote(state.addressId, shippingChoice(state.shops));
      this.#payKey = null;
      const current = this.state as ReadyCheckout;
      emit({ ...current, quote: { status: 'loaded', quote } });
    } catch (error) {
      const needed = ratesNeeded(error);
      if (needed && attempt === 0) {
        const current = this.state as ReadyCheckout;
        emit({
          ...current,
          shops: current.shops.map((shop) => {
            const grams = needed.get(shop.vendorId);
            return grams ? { ...shop, weightGrams: Math.max(shop.weightGrams, grams) } : shop;
          }),
        });
        await this.#askRates([...needed.keys()], emit);
        return this.#quoteWhenChosen(emit, attempt + 1);
      }
      emit({ ...(this.state as ReadyCheckout), quote: { status: 'error', error: toErrorView(error) } });
    }
  }

  async #pay(emit: Emit<CheckoutState>): Promise<void> {
    const state = this.state;
    if (!canPay(state) || state.status !== 'ready') return;
    this.#payKey ??= this.#newKey();
    emit({ ...state, paying: true, payError: null, gone: [], quoteRenewed: false });
    try {
      const checkout = await this.#checkout.checkout(state.addressId, shippingChoice(state.shops), this.#payKey);
      this.#payKey = null;
      emit({ status: 'placed', checkout });
    } catch (error) {
      const current = this.state as ReadyCheckout;
      const code = isApiProblem(error) && error.status === 409 ? error.code : undefined;
      if (code === 'quote-needed' || code === 'rates-needed') {
        // The quote lapsed or the choice changed under it: price again, the customer confirms the new total.
        this.#payKey = null;
        emit({ ...current, paying: false, quoteRenewed: true });
        return this.#quoteWhenChosen(emit);
      }
      if (code === 'cart-empty') return emit({ status: 'empty' });
      if (code === 'stock-gone') this.#payKey = null;
      emit({
        ...current,
        paying: false,
        payError: toErrorView(error),
        gone: code === 'stock-gone' ? goneLines(error, current.items) : [],
      });
    }
  }
}

/** 409 rates-needed's `shops`: per vendor, the parcel weight the offer must cover. */
function ratesNeeded(error: unknown): Map<string, number> | undefined {
  if (!isApiProblem(error) || error.status !== 409 || error.code !== 'rates-needed') return undefined;
  const shops = error.extensions['shops'];
  if (!Array.isArray(shops)) return undefined;
  const needed = new Map<string, number>();
  for (const shop of shops) {
    if (typeof shop !== 'object' || shop === null) continue;
    const { vendorId, weightGrams } = shop as Record<string, unknown>;
    if (typeof vendorId === 'string') needed.set(vendorId, typeof weightGrams === 'number' ? weightGrams : 0);
  }
  return needed.size > 0 ? needed : undefined;
}

/** 409 stock-gone's `lines`, named from the cart. */
function goneLines(error: unknown, items: readonly CartItem[]): GoneLine[] {
  const lines = isApiProblem(error) ? error.extensions['lines'] : undefined;
  if (!Array.isArray(lines)) return [];
  return lines.flatMap((line): GoneLine[] => {
    if (typeof line !== 'object' || line === null) return [];
    const { productId, problem, available } = line as Record<string, unknown>;
    if (typeof productId !== 'string') return [];
    return [
      {
        productId,
        name: items.find((item) => item.productId === productId)?.name ?? '',
        problem: problem === 'unavailable' || problem === 'price_changed' ? problem : 'not_enough_stock',
        available: typeof available === 'number' ? available : null,
      },
    ];
  });
}

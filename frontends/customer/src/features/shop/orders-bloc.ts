import { Bloc, type Emit } from '../../bloc/bloc';
import { toErrorView, type ErrorView } from '../../data/errors';
import type { OfflineCache } from '../../data/offline-cache';
import { canCancel, hasShipment, type Order, type OrdersRepository, type Tracking } from './orders-repository';

/** What the order screens keep for offline reading (sign-out clears it). */
export type ReadCache = Pick<OfflineCache, 'read'>;

export const ORDERS_CACHE_KEY = 'shop.orders';
export const orderCacheKey = (orderId: string) => `shop.order.${orderId}`;

export type OrdersEvent = { type: 'load-requested' } | { type: 'more-requested' };

export type OrdersState =
  | { status: 'loading' }
  | { status: 'error'; error: ErrorView }
  | {
      status: 'loaded';
      items: readonly Order[];
      nextCursor: string | null;
      /** When the first page was read from the API; `fromCache` when this is the copy kept offline. */
      updatedAt: string;
      fromCache: boolean;
      loadingMore: boolean;
      moreError: ErrorView | null;
    };

/** My orders: newest first, one per shop of each checkout, paged; the first page readable offline. */
export class OrdersBloc extends Bloc<OrdersEvent, OrdersState> {
  readonly #orders: OrdersRepository;
  readonly #cache: ReadCache;

  constructor(orders: OrdersRepository, cache: ReadCache) {
    super({ status: 'loading' });
    this.#orders = orders;
    this.#cache = cache;
  }

  protected override async handle(event: OrdersEvent, emit: Emit<OrdersState>): Promise<void> {
    const state = this.state;
    if (event.type === 'load-requested') {
      if (state.status === 'error') emit({ status: 'loading' });
      try {
        const page = await this.#cache.read(ORDERS_CACHE_KEY, () => this.#orders.mine());
        emit({
          status: 'loaded',
          items: page.value.items,
          nextCursor: page.value.nextCursor,
          updatedAt: page.updatedAt,
          fromCache: page.fromCache,
          loadingMore: false,
          moreError: null,
        });
      } catch (error) {
        emit({ status: 'error', error: toErrorView(error) });
      }
      return;
    }
    if (state.status !== 'loaded' || !state.nextCursor || state.loadingMore) return;
    emit({ ...state, loadingMore: true, moreError: null });
    try {
      const page = await this.#orders.mine(state.nextCursor);
      const seen = new Set(state.items.map((order) => order.orderId));
      emit({
        ...state,
        items: [...state.items, ...page.items.filter((order) => !seen.has(order.orderId))],
        nextCursor: page.nextCursor,
        loadingMore: false,
      });
    } catch (error) {
      emit({ ...state, loadingMore: false, moreError: toErrorView(error) });
    }
  }
}

export type OrderEvent =
  | { type: 'load-requested' }
  | { type: 'cancel-requested' }
  | { type: 'cancel-dismissed' }
  | { type: 'cancel-confirmed' };

export type OrderState =
  | { status: 'loading' }
  | { status: 'error'; error: ErrorView }
  | {
      status: 'loaded';
      order: Order;
      /** Null until the shop asks for the courier. */
      tracking: Tracking | null;
      updatedAt: string;
      fromCache: boolean;
      /** The cancel: asked → confirming → cancelling; a refusal is shown as cancelError. */
      cancel: 'none' | 'confirming' | 'cancelling';
      cancelError: ErrorView | null;
      /** The order was cancelled here just now. */
      cancelled: boolean;
    };

/** One order: lines, totals, status, the shipment's tracking, and the cancel while the API allows it. */
export class OrderBloc extends Bloc<OrderEvent, OrderState> {
  readonly #orders: OrdersRepository;
  readonly #cache: ReadCache;
  readonly #orderId: string;

  constructor(orders: OrdersRepository, cache: ReadCache, orderId: string) {
    super({ status: 'loading' });
    this.#orders = orders;
    this.#cache = cache;
    this.#orderId = orderId;
  }

  protected override async handle(event: OrderEvent, emit: Emit<OrderState>): Promise<void> {
    const state = this.state;
    switch (event.type) {
      case 'load-requested':
        return this.#load(emit, false);
      case 'cancel-requested':
        if (state.status === 'loaded' && canCancel(state.order) && state.cancel === 'none')
          emit({ ...state, cancel: 'confirming', cancelError: null });
        return;
      case 'cancel-dismissed':
        if (state.status === 'loaded' && state.cancel === 'confirming') emit({ ...state, cancel: 'none' });
        return;
      case 'cancel-confirmed': {
        if (state.status !== 'loaded' || state.cancel !== 'confirming') return;
        emit({ ...state, cancel: 'cancelling', cancelError: null });
        try {
          const order = await this.#orders.cancel(this.#orderId);
          emit({ ...state, order, cancel: 'none', cancelled: true });
        } catch (error) {
          emit({ ...state, cancel: 'none', cancelError: toErrorView(error) });
          // The refusal usually means the order moved on (the shop asked for the courier): show where it is now.
          await this.#load(emit, true);
        }
        return;
      }
    }
  }

  async #load(emit: Emit<OrderState>, keepNotices: boolean): Promise<void> {
    const before = this.state;
    if (before.status === 'error') emit({ status: 'loading' });
    try {
      const read = await this.#cache.read(orderCacheKey(this.#orderId), async () => {
        const order = await this.#orders.order(this.#orderId);
        const tracking = hasShipment(order) ? await this.#orders.tracking(this.#orderId) : null;
        return { order, tracking };
      });
      const kept = keepNotices && before.status === 'loaded' ? before : undefined;
      emit({
        status: 'loaded',
        order: read.value.order,
        tracking: read.value.tracking,
        updatedAt: read.updatedAt,
        fromCache: read.fromCache,
        cancel: 'none',
        cancelError: kept?.cancelError ?? null,
        cancelled: kept?.cancelled ?? false,
      });
    } catch (error) {
      if (before.status === 'loaded') emit({ ...before, cancelError: before.cancelError ?? toErrorView(error) });
      else emit({ status: 'error', error: toErrorView(error) });
    }
  }
}

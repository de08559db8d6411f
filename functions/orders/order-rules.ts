import type { EventData, EventEnvelope, EventType } from '#shared/events/catalog.ts';
import { domainEvent } from '#shared/events/envelope.ts';
import type { ConflictRetry } from '#shared/lib/retry-on-conflict.ts';
import type { Cart, Order, OrdersStore, StockLine } from './model.ts';

/**
 * The shop's rules: one cart per customer across vendors, a quote that warns about changed prices
 * and stock, a checkout that reserves every line or none and splits into one order per vendor paid
 * by one payment, the order saga's steps, and the orders' life after payment up to the cancel (their
 * shipping is fulfilment.ts). No AWS imports.
 *
 * Here the rules every area shares: the table and the clock, an order's identity in its events, the
 * stock an order holds, and the cart as today's products see it. The use cases live by area, each
 * built on these rules: listings.ts (the products' and vendors' listings orders keeps), cart.ts,
 * checkout.ts (quote, checkout, the checkout's payment page), saga.ts (the order saga's steps, the
 * checkout sweeper), orders.ts (reading, cancelling, completing orders) and fulfilment.ts (shipping)
 * — the last two on order-moves.ts (who may see an order, moving it). A handler bundles only its
 * area (decision 0005).
 */

/** An order change lost to a race is read again, up to 4 tries (then the WriteConflict: 409 concurrent-change). */
export const ORDER_RETRY: ConflictRetry = { attempts: 4 };

export interface CartWarning {
  productId: string;
  problem: 'price_changed' | 'unavailable' | 'not_enough_stock';
  seen?: number;
  now?: number;
  available?: number;
}

/** What every area's use cases need: the table and a clock. */
export interface RecordPorts {
  store: OrdersStore;
  now?: () => Date;
}

export type OrderRules = ReturnType<typeof orderRules>;

export function orderRules(ports: RecordPorts) {
  const { store } = ports;
  const now = () => (ports.now ? ports.now() : new Date());
  const event = <T extends EventType>(type: T, data: EventData<T>, correlationId: string) =>
    domainEvent(type, data, correlationId) as EventEnvelope;
  const orderRef = (order: Order) => ({
    orderId: order.orderId,
    checkoutId: order.checkoutId,
    vendorId: order.vendorId,
    customerId: order.customerId,
    total: order.total,
  });
  const stockLines = (order: Order): StockLine[] =>
    order.lines.map((line) => ({ productId: line.productId, quantity: line.quantity }));
  /** stock.changed, committed with the stock writes: the catalog republishes those products' availability. */
  const stockChanged = (
    reservationId: string,
    lines: readonly StockLine[],
    change: EventData<'stock.changed'>['change'],
    correlationId: string,
  ) =>
    event('stock.changed', { reservationId, productIds: lines.map((line) => line.productId), change }, correlationId);

  /** The cart's lines with today's products: what changed since the customer added them. */
  async function cartWithProducts(customerId: string) {
    return withProducts(await store.cart(customerId));
  }

  /** A cart already read, with today's products. */
  async function withProducts(cart: Cart | undefined) {
    const lines = await Promise.all(
      (cart?.lines ?? []).map(async (line) => ({ line, product: await store.product(line.productId) })),
    );
    const warnings: CartWarning[] = [];
    for (const { line, product } of lines) {
      if (!product?.listed) warnings.push({ productId: line.productId, problem: 'unavailable' });
      else if (product.available < line.quantity)
        warnings.push({
          productId: line.productId,
          problem: 'not_enough_stock',
          available: Math.max(0, product.available),
        });
      if (product && product.price.amount !== line.unitPriceSeen)
        warnings.push({
          productId: line.productId,
          problem: 'price_changed',
          seen: line.unitPriceSeen,
          now: product.price.amount,
        });
    }
    return { cart, lines, warnings };
  }

  return { store, now, event, orderRef, stockLines, stockChanged, cartWithProducts, withProducts };
}

import type { Caller } from '#shared/auth/caller.ts';
import type { EventData, EventEnvelope, EventType } from '#shared/events/catalog.ts';
import { domainEvent } from '#shared/events/envelope.ts';
import { problems } from '#shared/http/problem.ts';
import { retryOnConflict, type ConflictRetry } from '#shared/lib/retry-on-conflict.ts';
import type { TransactItem } from '#shared/table/transact.ts';
import { type Order, type OrderStatus, type OrdersStore } from './model.ts';

/**
 * What the orders use cases share (orders.ts: cart to cancel; fulfilment.ts: shipping): who may see an
 * order, and moving one order on its version with its events in the same transaction. No AWS imports.
 */

export interface OrderMovesPorts {
  store: OrdersStore;
  staffRole(vendorId: string, userId: string): Promise<'clinic_staff' | 'clinic_admin' | undefined>;
  now?: () => Date;
}

export type Decision = { changes: Partial<Order>; items?: TransactItem[]; events: EventEnvelope[] } | 'skip';

/** An order change lost to a race is read again, up to 4 tries (then the WriteConflict: 409 concurrent-change). */
export const ORDER_RETRY: ConflictRetry = { attempts: 4 };
export const isStaff = (role: string | undefined) => role === 'clinic_staff' || role === 'clinic_admin';

export function orderMoves(ports: OrderMovesPorts) {
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

  /** The caller's view of an order: its customer, the vendor's staff, platform admins; anyone else 404. */
  async function visible(caller: Caller, orderId: string): Promise<{ order: Order; as: 'customer' | 'vendor' }> {
    const order = await store.order(orderId);
    if (!order) throw problems.notFound();
    if (order.customerId === caller.auth.userId) return { order, as: 'customer' };
    if (
      caller.auth.groups.includes('platform_admin') ||
      isStaff(await ports.staffRole(order.vendorId, caller.auth.userId))
    )
      return { order, as: 'vendor' };
    throw problems.notFound();
  }

  /** Moves one order from one of `from` (re-reading on a race); the decision's items and events go in the same transaction. */
  async function move(orderId: string, from: readonly OrderStatus[], decide: (order: Order) => Decision) {
    return retryOnConflict(ORDER_RETRY, async () => {
      const order = await store.order(orderId);
      if (!order) throw problems.notFound();
      if (!from.includes(order.status)) return { order, changed: false };
      const decision = decide(order);
      if (decision === 'skip') return { order, changed: false };
      const next: Order = { ...order, ...decision.changes, version: order.version + 1, updatedAt: now().toISOString() };
      await store.commit([store.items.order(next, order.version), ...(decision.items ?? [])], decision.events);
      return { order: next, changed: true };
    });
  }

  return { now, event, orderRef, visible, move };
}

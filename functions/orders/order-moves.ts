import type { Caller } from '#shared/auth/caller.ts';
import type { EventEnvelope } from '#shared/events/catalog.ts';
import { refuse } from '#shared/lib/refusal.ts';
import { retryOnConflict } from '#shared/lib/retry-on-conflict.ts';
import type { Order, OrderStatus, Write } from './model.ts';
import { ORDER_RETRY, orderRules, type RecordPorts } from './order-rules.ts';

/**
 * What the areas that act on a placed order share (orders.ts: reading, cancelling, completing;
 * fulfilment.ts: shipping), on the rules of order-rules.ts: who may see an order, and moving one
 * order on its version with its events in the same transaction. No AWS imports.
 */

/** The table and a clock and, since a caller's part at the vendor decides who sees an order, their role there. */
export interface OrderMovesPorts extends RecordPorts {
  staffRole(vendorId: string, userId: string): Promise<'clinic_staff' | 'clinic_admin' | undefined>;
}

/** How a move changes the order, and what else it writes and emits in the same transaction. */
export type Decision = { changes: Partial<Order>; writes?: Write[]; events: EventEnvelope[] } | 'skip';

export const isStaff = (role: string | undefined) => role === 'clinic_staff' || role === 'clinic_admin';

export function orderMoves(ports: OrderMovesPorts) {
  const rules = orderRules(ports);
  const { store, now } = rules;

  /** The caller's view of an order: its customer, the vendor's staff, platform admins; anyone else 404. */
  async function visible(caller: Caller, orderId: string): Promise<{ order: Order; as: 'customer' | 'vendor' }> {
    const order = await store.order(orderId);
    if (!order) throw refuse.notFound();
    if (order.customerId === caller.auth.userId) return { order, as: 'customer' };
    if (
      caller.auth.groups.includes('platform_admin') ||
      isStaff(await ports.staffRole(order.vendorId, caller.auth.userId))
    )
      return { order, as: 'vendor' };
    throw refuse.notFound();
  }

  /** Moves one order from one of `from` (re-reading on a race); the decision's writes and events go in the same transaction. */
  async function move(orderId: string, from: readonly OrderStatus[], decide: (order: Order) => Decision) {
    return retryOnConflict(ORDER_RETRY, async () => {
      const order = await store.order(orderId);
      if (!order) throw refuse.notFound();
      if (!from.includes(order.status)) return { order, changed: false };
      const decision = decide(order);
      if (decision === 'skip') return { order, changed: false };
      const next: Order = { ...order, ...decision.changes, version: order.version + 1, updatedAt: now().toISOString() };
      await store.commit(
        [{ type: 'order', item: next, expectedVersion: order.version }, ...(decision.writes ?? [])],
        decision.events,
      );
      return { order: next, changed: true };
    });
  }

  return { ...rules, visible, move };
}

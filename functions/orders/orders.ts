import { refuse } from '#shared/lib/refusal.ts';
import { AUTO_COMPLETE_DAYS, type Order, type OrderStatus } from './model.ts';
import type { Caller } from '#shared/auth/caller.ts';
import { isStaff, orderMoves, type OrderMovesPorts } from './order-moves.ts';

/**
 * The orders once placed: the customer's and a vendor's orders, one order as its customer or the
 * vendor's staff sees it, the cancel (stock back, the total refunded) and, after delivery, the
 * auto-complete. Their shipping is fulfilment.ts.
 */

export type { Caller };

export function ordersService(ports: OrderMovesPorts) {
  const { store, now, event, orderRef, stockLines, stockChanged, visible, move } = orderMoves(ports);

  return {
    get: async (caller: Caller, orderId: string) => (await visible(caller, orderId)).order,
    mine: (caller: Caller, limit: number, cursor?: string) => store.customerOrders(caller.auth.userId, limit, cursor),

    async vendorOrders(
      caller: Caller,
      vendorId: string,
      status: OrderStatus | undefined,
      limit: number,
      cursor?: string,
    ) {
      if (
        !caller.auth.groups.includes('platform_admin') &&
        !isStaff(await ports.staffRole(vendorId, caller.auth.userId))
      )
        throw refuse.notFound();
      return store.vendorOrders(vendorId, status, limit, cursor);
    },

    /**
     * Cancel: the customer before shipping is requested, the vendor (with a reason) until then too. A
     * paid order's stock goes back on hand and its total is refunded through payments (order.refund_due).
     * Once the vendor asked for the courier (order.ship_requested) it is 409 until shipping refuses the
     * request: the cancel and the ship request both change the order on its version, so only one wins.
     */
    async cancel(caller: Caller, orderId: string, reason: string | undefined): Promise<Order> {
      const { as } = await visible(caller, orderId);
      if (as === 'vendor' && !reason)
        throw refuse.unprocessable('validation', [{ path: 'body.reason', message: 'the vendor gives a reason' }]);
      const result = await move(orderId, ['paid', 'processing'], (order) => {
        if (order.shipment || order.shipRequest) return 'skip';
        const events = [
          // The catalog republishes the products' availability (search) from it.
          stockChanged(order.checkoutId, stockLines(order), 'restocked', caller.correlationId),
          event('order.cancelled', { ...orderRef(order), by: as, reason: reason ?? null }, caller.correlationId),
          event(
            'order.refund_due',
            {
              orderId,
              checkoutId: order.checkoutId,
              paymentId: order.paymentId!,
              reference: `order:${orderId}`,
              amount: order.total,
              reason: reason ?? `Order cancelled by the ${as}`,
            },
            caller.correlationId,
          ),
        ];
        return {
          changes: { status: 'cancelled', cancelledBy: as, cancelReason: reason ?? null },
          writes: [{ type: 'restock', lines: stockLines(order) }],
          events,
        };
      });
      if (!result.changed)
        throw refuse.conflict('order-state', {
          state: result.order.status,
          shipRequested: Boolean(result.order.shipRequest || result.order.shipment),
        });
      return result.order;
    },

    /** Delivered orders complete on their own after AUTO_COMPLETE_DAYS. */
    async autoComplete(): Promise<string[]> {
      const before = new Date(now().getTime() - AUTO_COMPLETE_DAYS * 86_400_000).toISOString();
      const completed: string[] = [];
      for (const order of await store.deliveredBefore(before, 100)) {
        const result = await move(order.orderId, ['delivered'], (current) => ({
          changes: { status: 'completed' },
          writes: [{ type: 'unlistDelivered', orderId: current.orderId, deliveredAt: current.deliveredAt! }],
          events: [event('order.completed', orderRef(current), `auto-complete-${current.orderId}`)],
        }));
        if (result.changed) completed.push(order.orderId);
      }
      return completed;
    },
  };
}

export type OrdersService = ReturnType<typeof ordersService>;

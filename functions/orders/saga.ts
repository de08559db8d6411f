import { refuse } from '#shared/lib/refusal.ts';
import { retryOnConflict } from '#shared/lib/retry-on-conflict.ts';
import type { Checkout, Order, Write } from './model.ts';
import { ORDER_RETRY, orderRules, type RecordPorts } from './order-rules.ts';

/**
 * The order saga's steps (order-saga.asl.json): what it runs on (the payment for the whole checkout,
 * split per order), the payment page recorded, paid (every order paid, its stock committed), release;
 * and the sweeper behind it that releases checkouts the saga left long past their expiry.
 */
export function sagaService(ports: RecordPorts) {
  const { store, now, event, orderRef, stockLines, stockChanged } = orderRules(ports);

  return {
    /** What the order saga runs on: the payment for the whole checkout, split per order. */
    async sagaInput(checkoutId: string) {
      const checkout = await store.checkout(checkoutId);
      if (!checkout) return undefined;
      const orders = (await Promise.all(checkout.orderIds.map((orderId) => store.order(orderId)))).filter(
        (order): order is Order => order !== undefined,
      );
      const first = orders[0]!;
      return {
        checkoutId,
        payment: {
          reference: `order:${checkoutId}`,
          provider: checkout.provider,
          payerId: checkout.customerId,
          vendorId: orders.length === 1 ? first.vendorId : 'checkout',
          vendorKind: 'shop' as const,
          amount: checkout.total,
          expiresAt: checkout.expiresAt,
          customer: {
            name: first.destination.recipientName.slice(0, 100) || 'Pelanggan PetPro',
            phone: /^\+62\d{8,13}$/.test(first.destination.phone) ? first.destination.phone : undefined,
          },
          items: orders
            .flatMap((order) =>
              order.lines.map((line) => ({
                id: line.productId,
                name: line.name.slice(0, 100),
                price: line.unitPrice,
                quantity: line.quantity,
              })),
            )
            .concat(
              orders
                .filter((order) => order.shipping > 0)
                .map((order) => ({
                  id: `ship-${order.orderId}`.slice(0, 64),
                  name: `Ongkir ${order.vendorName}`.slice(0, 100),
                  price: order.shipping,
                  quantity: 1,
                })),
            )
            .concat(
              orders
                .filter((order) => order.tax > 0)
                .map((order) => ({
                  id: `ppn-${order.orderId}`.slice(0, 64),
                  name: 'PPN',
                  price: order.tax,
                  quantity: 1,
                })),
            ),
          splits: orders.map((order) => ({
            vendorId: order.vendorId,
            reference: `order:${order.orderId}`,
            amount: order.total,
            commission: order.commission,
            shipping: order.shipping,
          })),
        },
      };
    },

    async recordPayment(
      checkoutId: string,
      payment: { paymentId: string; redirectUrl: string | null; expiresAt: string },
    ): Promise<{ status: Checkout['status'] }> {
      return retryOnConflict(ORDER_RETRY, async () => {
        const checkout = await store.checkout(checkoutId);
        if (!checkout) throw refuse.notFound();
        if (checkout.payment) return { status: checkout.status };
        await store.commit(
          [
            {
              type: 'checkout',
              item: { ...checkout, payment, version: checkout.version + 1, updatedAt: now().toISOString() },
              expectedVersion: checkout.version,
            },
          ],
          [],
        );
        return { status: checkout.status };
      });
    },

    /** Paid: every order paid and its stock committed, once (the reservation's items say whether it already was). */
    async markPaid(
      checkoutId: string,
      paymentId: string,
      correlationId: string,
    ): Promise<{ status: Checkout['status'] }> {
      return retryOnConflict(ORDER_RETRY, async () => {
        const checkout = await store.checkout(checkoutId);
        if (!checkout) throw refuse.notFound();
        if (checkout.status !== 'pending_payment') return { status: checkout.status };
        const orders = (await Promise.all(checkout.orderIds.map((orderId) => store.order(orderId)))).filter(
          (order): order is Order => order !== undefined,
        );
        const lines = orders.flatMap(stockLines);
        const at = now().toISOString();
        const writes: Write[] = [
          {
            type: 'checkout',
            item: { ...checkout, status: 'paid', version: checkout.version + 1, updatedAt: at },
            expectedVersion: checkout.version,
          },
          ...orders.map((order): Write => ({
            type: 'order',
            item: { ...order, status: 'paid', paymentId, version: order.version + 1, updatedAt: at },
            expectedVersion: order.version,
          })),
          { type: 'commitStock', reservationId: checkoutId, lines },
        ];
        const events = [
          stockChanged(checkoutId, lines, 'committed', correlationId),
          ...orders.map((order) => event('order.paid', { ...orderRef(order), paymentId }, correlationId)),
        ];
        await store.commit(writes, events);
        return { status: 'paid' as const };
      });
    },

    /**
     * Safety net behind the order saga (one never started, or lost with its state): checkouts still
     * awaiting payment `marginMinutes` past their expiry release their stock and expire their orders,
     * as the saga's own release does (once: the checkout's status and version guard it, so a saga
     * that is still alive finds it done). order.expired makes payments close the attempt and return
     * any money that still comes (decision 0020).
     */
    async sweepCheckouts(marginMinutes = 10): Promise<string[]> {
      const before = new Date(now().getTime() - marginMinutes * 60_000).toISOString();
      const released: string[] = [];
      for (const checkout of await store.staleCheckouts(before, 100)) {
        const { released: done } = await this.release(
          checkout.checkoutId,
          'checkout expired (swept)',
          `sweep-${checkout.checkoutId}`,
        );
        if (done) released.push(checkout.checkoutId);
      }
      return released;
    },

    /** The saga gave up: every reservation released, every order expired, once. */
    async release(
      checkoutId: string,
      reason: string,
      correlationId: string,
    ): Promise<{ status: Checkout['status']; released: boolean }> {
      return retryOnConflict(ORDER_RETRY, async () => {
        const checkout = await store.checkout(checkoutId);
        if (!checkout) throw refuse.notFound();
        if (checkout.status !== 'pending_payment') return { status: checkout.status, released: false };
        const orders = (await Promise.all(checkout.orderIds.map((orderId) => store.order(orderId)))).filter(
          (order): order is Order => order !== undefined,
        );
        // Only lines still reserved (a retried release finds them released).
        const reserved = (await store.reservation(checkoutId))
          .filter((line) => line.status === 'reserved')
          .map(({ productId, quantity }) => ({ productId, quantity }));
        const at = now().toISOString();
        const writes: Write[] = [
          {
            type: 'checkout',
            item: { ...checkout, status: 'expired', version: checkout.version + 1, updatedAt: at },
            expectedVersion: checkout.version,
          },
          ...orders.map((order): Write => ({
            type: 'order',
            item: { ...order, status: 'expired', cancelReason: reason, version: order.version + 1, updatedAt: at },
            expectedVersion: order.version,
          })),
          ...(reserved.length > 0
            ? [{ type: 'releaseStock', reservationId: checkoutId, lines: reserved } satisfies Write]
            : []),
        ];
        const events = [
          ...(reserved.length > 0 ? [stockChanged(checkoutId, reserved, 'released', correlationId)] : []),
          ...orders.map((order) => event('order.expired', { ...orderRef(order), reason }, correlationId)),
        ];
        await store.commit(writes, events);
        return { status: 'expired' as const, released: true };
      });
    },
  };
}

export type SagaService = ReturnType<typeof sagaService>;

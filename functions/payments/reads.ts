import type { Group } from '#shared/auth/groups.ts';
import { refuse } from '#shared/lib/refusal.ts';
import type { Payment } from './model.ts';
import type { PaymentsPorts } from './payment-rules.ts';

/**
 * Reading payments: a payment (getPayment), one as its payer, the vendor's staff or a platform
 * admin may see it (paymentFor), and its ledger. No AWS imports.
 */
export function readsService(ports: PaymentsPorts) {
  const { store } = ports;

  return {
    getPayment: (paymentId: string) => store.getPayment(paymentId),

    /** A payment as its payer, the vendor's staff or a platform admin may read it; anyone else: 404, as if it did not exist. */
    async paymentFor(caller: { userId: string; groups: readonly Group[] }, paymentId: string): Promise<Payment> {
      const payment = await store.getPayment(paymentId);
      if (!payment) throw refuse.notFound();
      if (payment.payerId === caller.userId || caller.groups.includes('platform_admin')) return payment;
      if (await ports.staffRole?.(payment.vendorId, caller.userId)) return payment;
      throw refuse.notFound();
    },
    ledger: (paymentId: string) => store.ledger(paymentId),
  };
}

export type ReadsService = ReturnType<typeof readsService>;

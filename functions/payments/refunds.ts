import { createHash } from 'node:crypto';
import type { EventEnvelope } from '#shared/events/catalog.ts';
import { domainEvent } from '#shared/events/envelope.ts';
import { Refusal, refuse } from '#shared/lib/refusal.ts';
import { newId } from '#shared/lib/ids.ts';
import {
  RefundRefused,
  type LedgerEntry,
  type Payment,
  type PaymentStatus,
  type Provider,
  type Refund,
} from './model.ts';
import { WriteConflict } from '#shared/table/write-conflict.ts';
import type { PaymentsPorts } from './payment-rules.ts';
import { idr } from '#shared/lib/money.ts';

/**
 * Refunds, asked by platform admins: full or partial, only from a paid payment, once per refund
 * key. A method the provider refunds by API goes to the provider, and the money moves when its
 * refund notification is applied (payment-rules.ts). Any other method becomes a manual task; an admin
 * pays the customer back and completes it, which moves the money. No AWS imports.
 */

const ATTEMPTS = 4;

export const REFUNDABLE_STATUSES: ReadonlySet<PaymentStatus> = new Set(['paid', 'partially_refunded']);

/** Methods each provider refunds by API; anything else (bank transfer VA, echannel, cstore, unknown) is refunded by hand. */
const API_REFUNDABLE: Record<Provider, (method: string) => boolean> = {
  // Midtrans payment_type: cards, e-wallets, QRIS and paylater.
  midtrans: (method) =>
    ['credit_card', 'gopay', 'shopeepay', 'qris', 'dana', 'ovo', 'kredivo', 'akulaku'].includes(method),
  // Xendit `<payment_method>:<channel>`: e-wallets and cards.
  xendit: (method) => ['EWALLET', 'CREDIT_CARD'].includes(method.split(':')[0] ?? ''),
};

export function refundableByApi(provider: Provider, method: string | null): boolean {
  return method !== null && API_REFUNDABLE[provider](method);
}

/** The provider's refund key: the payment plus the caller's Idempotency-Key, hashed (refund_key allows only [A-Za-z0-9_-]). */
export function refundKey(paymentId: string, idempotencyKey: string): string {
  return `${paymentId}-${createHash('sha256').update(idempotencyKey, 'utf8').digest('hex').slice(0, 24)}`;
}

/** What is left to refund: requested, open and completed refunds count (in flight is spoken for), failed ones do not. */
export function remainingRefundable(
  payment: Pick<Payment, 'amount' | 'refundedAmount'>,
  refunds: readonly Pick<Refund, 'amount' | 'status'>[],
): number {
  const committed = refunds
    .filter((refund) => refund.status !== 'failed')
    .reduce((sum, refund) => sum + refund.amount, 0);
  // A refund made on the provider's dashboard shows only in refundedAmount.
  return Math.max(0, payment.amount - Math.max(payment.refundedAmount, committed));
}

export interface RefundInput {
  amount?: number | undefined;
  reason: string;
  /** A split payment's order to refund (required there): the refund is that vendor's, at most that share. */
  reference?: string | undefined;
}

/** What a split payment's order may still get back: its share minus its refunds in flight or done. */
function remainingOfShare(payment: Payment, reference: string, refunds: readonly Refund[]): number | undefined {
  const split = payment.splits?.find((candidate) => candidate.reference === reference);
  if (!split) return undefined;
  const committed = refunds
    .filter((refund) => refund.reference === reference && refund.status !== 'failed')
    .reduce((sum, refund) => sum + refund.amount, 0);
  return Math.max(0, split.amount - committed);
}

/**
 * The refund key of the money for a booking or an order (`booking:<id>` → `booking-<id>`): the same
 * key whichever path asks (booking.refund_due, order.refund_due, or payments itself for a purpose
 * that ended), so the money for one booking or order goes back at most once.
 */
export const purposeRefundKey = (reference: string) => reference.replace(':', '-');

/** The 202 answer to a refund request. */
export function refundAnswer(refund: Refund) {
  const { refundId, paymentId, amount, reason, provider, method, createdAt } = refund;
  return {
    refundId,
    paymentId,
    amount: idr(amount),
    reason,
    status: refund.kind === 'manual' ? ('manual' as const) : ('requested' as const),
    provider,
    method,
    createdAt,
  };
}

/** A manual refund task as admins see it. */
export function refundTask(refund: Refund) {
  const {
    refundId,
    paymentId,
    vendorId,
    payerId,
    amount,
    reason,
    provider,
    method,
    requestedBy,
    createdAt,
    completedBy,
    completedAt,
    note,
    failure,
  } = refund;
  return {
    refundId,
    paymentId,
    vendorId,
    payerId,
    amount: idr(amount),
    reason,
    provider,
    method,
    failure,
    status: refund.status === 'completed' ? ('completed' as const) : ('open' as const),
    requestedBy,
    createdAt,
    completedBy,
    completedAt,
    note,
  };
}

export function refundsService(ports: PaymentsPorts) {
  const { store } = ports;
  const now = () => (ports.now ? ports.now() : new Date());

  /** A refund record of `amount` for `payment`: a provider refund where the method allows one by API, else a manual task. */
  function newRefund(
    payment: Payment,
    key: string,
    amount: number,
    input: { reason: string; reference?: string | undefined },
    vendorId: string,
    by: string,
  ) {
    const manual = !refundableByApi(payment.provider, payment.method);
    const at = now().toISOString();
    const refund: Refund = {
      refundId: newId(),
      paymentId: payment.paymentId,
      refundKey: key,
      kind: manual ? 'manual' : 'provider',
      status: manual ? 'open' : 'requested',
      amount,
      reason: input.reason,
      provider: payment.provider,
      method: payment.method,
      vendorId,
      payerId: payment.payerId,
      ...(payment.splits?.length && input.reference ? { reference: input.reference } : {}),
      requestedBy: by,
      providerRefundId: null,
      failure: null,
      completedBy: null,
      completedAt: null,
      note: null,
      version: 1,
      createdAt: at,
      updatedAt: at,
    };
    return { refund, manual, at };
  }

  /** Records what the provider answered; a concurrent retry that recorded it first wins. */
  async function record(refund: Refund, changes: Partial<Refund>): Promise<Refund> {
    const next: Refund = { ...refund, ...changes, version: refund.version + 1, updatedAt: now().toISOString() };
    try {
      await store.updateRefund(next, refund.version);
    } catch (error) {
      if (!(error instanceof WriteConflict)) throw error;
    }
    return next;
  }

  /**
   * Sends a system refund to the provider; one the provider refuses becomes an open manual task (the
   * customer is still owed the money). Other errors leave it requested for a retry with its key.
   */
  async function sendOrTask(payment: Payment, refund: Refund): Promise<Refund> {
    try {
      return await send(payment, refund);
    } catch (error) {
      if (!(error instanceof Refusal) || error.code !== 'refund-refused') throw error;
      const failed = (await store.refund(refund.refundId)) ?? refund;
      return asTask(failed, failed.failure ?? 'the provider refused the refund');
    }
  }

  /** A refund that cannot go through the provider becomes an open manual task for the admins. */
  async function asTask(refund: Refund, failure: string): Promise<Refund> {
    if (refund.kind === 'manual') return refund;
    const next: Refund = {
      ...refund,
      kind: 'manual',
      status: 'open',
      failure,
      version: refund.version + 1,
      updatedAt: now().toISOString(),
    };
    await store.updateRefund(next, refund.version);
    return next;
  }

  async function send(payment: Payment, refund: Refund): Promise<Refund> {
    const gateway = ports.gateways?.[payment.provider];
    if (!gateway) throw new Error(`no gateway for ${payment.provider}`);
    try {
      const { providerRefundId } = await gateway.refund({
        providerOrderId: payment.providerOrderId,
        providerTransactionId: payment.providerTransactionId,
        amount: refund.amount,
        reason: refund.reason,
        refundKey: refund.refundKey,
      });
      return await record(refund, { providerRefundId });
    } catch (error) {
      // Anything else leaves it requested: a retry with the same key asks the provider again, which answers the same refund.
      if (!(error instanceof RefundRefused)) throw error;
      await record(refund, { status: 'failed', failure: error.message.slice(0, 500) });
      throw refuse.unprocessable('refund-refused');
    }
  }

  return {
    /**
     * Refunds `amount` (default: all that remains) of a paid payment, once per Idempotency-Key.
     * Provider methods answer `requested`; others become an open manual task.
     */
    async request(by: string, paymentId: string, input: RefundInput, idempotencyKey: string): Promise<Refund> {
      const key = refundKey(paymentId, idempotencyKey);
      for (let attempt = 1; ; attempt += 1) {
        const payment = await store.getPayment(paymentId);
        if (!payment) throw refuse.notFound();
        const refunds = await store.refunds(paymentId);
        const existing = refunds.find((refund) => refund.refundKey === key);
        if (existing) {
          if ((input.amount !== undefined && input.amount !== existing.amount) || input.reason !== existing.reason)
            throw refuse.unprocessable('idempotency-key-reused');
          if (existing.status === 'failed') throw refuse.unprocessable('refund-refused');
          // Recorded, but the provider's answer never was (a crash or a timeout): ask again with the same key.
          return existing.status === 'requested' && !existing.providerRefundId ? send(payment, existing) : existing;
        }
        if (!REFUNDABLE_STATUSES.has(payment.status))
          throw refuse.conflict('payment-state', { paymentStatus: payment.status });
        let remaining = remainingRefundable(payment, refunds);
        let vendorId = payment.vendorId;
        if (payment.splits?.length) {
          const share = input.reference === undefined ? undefined : remainingOfShare(payment, input.reference, refunds);
          if (share === undefined)
            throw refuse.unprocessable('refund-amount', undefined, {
              remaining: idr(0),
              reason: 'name the order (reference) of this split payment',
            });
          remaining = Math.min(remaining, share);
          vendorId = payment.splits.find((split) => split.reference === input.reference)!.vendorId;
        }
        const amount = input.amount ?? remaining;
        if (amount < 1 || amount > remaining)
          throw refuse.unprocessable('refund-amount', undefined, { remaining: idr(remaining) });
        const { refund, manual, at } = newRefund(payment, key, amount, input, vendorId, by);
        try {
          // The payment's version orders refunds of one payment: two at once cannot both take what remains.
          await store.addRefund({ ...payment, version: payment.version + 1, updatedAt: at }, payment.version, refund);
        } catch (error) {
          if (!(error instanceof WriteConflict) || attempt >= ATTEMPTS) throw error;
          continue;
        }
        return manual ? refund : send(payment, refund);
      }
    },

    /**
     * A refund the platform owes (a booking or order that ended, a cancel within policy), once per
     * key whatever asks for it and however often: a refund already made with the key is the answer
     * (whatever its reason), one the provider refused becomes a manual task, and one that cannot be
     * made (not paid yet, nothing left of the share) is undefined. At most what remains (of the
     * share, on a split payment) goes back. Two at once cannot both refund: the refund is created
     * with a condition on the payment's version, and the loser finds the winner's refund by its key.
     */
    async refundOnce(
      by: string,
      paymentId: string,
      input: { amount?: number | undefined; reason: string; reference?: string | undefined },
      idempotencyKey: string,
    ): Promise<Refund | undefined> {
      const key = refundKey(paymentId, idempotencyKey);
      for (let attempt = 1; ; attempt += 1) {
        const payment = await store.getPayment(paymentId);
        if (!payment) return undefined;
        const refunds = await store.refunds(paymentId);
        const existing = refunds.find((refund) => refund.refundKey === key);
        if (existing) {
          if (existing.status === 'failed')
            return asTask(existing, existing.failure ?? 'the provider refused the refund');
          return existing.status === 'requested' && !existing.providerRefundId
            ? sendOrTask(payment, existing)
            : existing;
        }
        if (!REFUNDABLE_STATUSES.has(payment.status)) return undefined;
        let remaining = remainingRefundable(payment, refunds);
        let vendorId = payment.vendorId;
        if (payment.splits?.length) {
          const share = input.reference === undefined ? undefined : remainingOfShare(payment, input.reference, refunds);
          if (share === undefined) return undefined;
          remaining = Math.min(remaining, share);
          vendorId = payment.splits.find((split) => split.reference === input.reference)!.vendorId;
        }
        const amount = Math.min(input.amount ?? remaining, remaining);
        if (amount < 1) return undefined;
        const { refund, manual, at } = newRefund(payment, key, amount, input, vendorId, by);
        try {
          await store.addRefund({ ...payment, version: payment.version + 1, updatedAt: at }, payment.version, refund);
        } catch (error) {
          if (!(error instanceof WriteConflict) || attempt >= ATTEMPTS * 2) throw error;
          continue;
        }
        return manual ? refund : sendOrTask(payment, refund);
      }
    },

    /**
     * Money captured for bookings or orders that ended unpaid (the payment's `endedReferences`) goes
     * back, once per booking or order: on payment.succeeded (the money came after the end) and right
     * after the end was recorded (the money came before). Not paid: nothing to do.
     */
    async refundEnded(paymentId: string): Promise<Refund[]> {
      const payment = await store.getPayment(paymentId);
      if (!payment?.endedReferences?.length || !REFUNDABLE_STATUSES.has(payment.status)) return [];
      const done: Refund[] = [];
      for (const reference of payment.endedReferences) {
        const refund = await this.refundOnce(
          `system:payments`,
          paymentId,
          {
            reason: reference.startsWith('order:')
              ? 'Pembayaran untuk pesanan yang sudah berakhir / Payment for an order that had ended'
              : 'Pembayaran untuk booking yang sudah berakhir / Payment for a booking that had ended',
            ...(payment.splits?.length ? { reference } : {}),
          },
          purposeRefundKey(reference),
        );
        if (refund) done.push(refund);
      }
      return done;
    },

    openTasks: (limit: number, cursor?: string) => store.openRefundTasks(limit, cursor),

    /** An admin paid the customer back by hand: the task closes and the money moves, in one transaction. */
    async completeTask(by: string, refundId: string, note: string, correlationId: string): Promise<Refund> {
      for (let attempt = 1; ; attempt += 1) {
        const refund = await store.refund(refundId);
        if (!refund || refund.kind !== 'manual') throw refuse.notFound();
        if (refund.status !== 'open') throw refuse.conflict('refund-task-state');
        const payment = await store.getPayment(refund.paymentId);
        if (!payment) throw refuse.notFound();
        if (!REFUNDABLE_STATUSES.has(payment.status) || refund.amount > payment.amount - payment.refundedAmount) {
          throw refuse.conflict('payment-state', { paymentStatus: payment.status });
        }
        const at = now().toISOString();
        const refundedAmount = payment.refundedAmount + refund.amount;
        const status: PaymentStatus = refundedAmount >= payment.amount ? 'refunded' : 'partially_refunded';
        const next: Payment = { ...payment, status, refundedAmount, version: payment.version + 1, updatedAt: at };
        const done: Refund = {
          ...refund,
          status: 'completed',
          completedBy: by,
          completedAt: at,
          note,
          version: refund.version + 1,
          updatedAt: at,
        };
        const ledger: LedgerEntry[] = [
          {
            entryId: newId(),
            paymentId: payment.paymentId,
            vendorId: refund.vendorId,
            ...(refund.reference ? { reference: refund.reference } : {}),
            kind: 'refund',
            amount: -refund.amount,
            at,
          },
        ];
        const event = domainEvent(
          'payment.refunded',
          {
            paymentId: payment.paymentId,
            reference: payment.reference,
            vendorId: payment.vendorId,
            payerId: payment.payerId,
            amount: payment.amount,
            status,
            refundedAmount,
          },
          correlationId,
        ) as EventEnvelope;
        try {
          await store.completeRefund(done, refund.version, next, payment.version, ledger, [event]);
          return done;
        } catch (error) {
          if (!(error instanceof WriteConflict) || attempt >= ATTEMPTS) throw error;
        }
      }
    },
  };
}

export type RefundsService = ReturnType<typeof refundsService>;

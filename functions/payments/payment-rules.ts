import type { EventData, EventEnvelope } from '#shared/events/catalog.ts';
import { domainEvent } from '#shared/events/envelope.ts';
import { newId } from '#shared/lib/ids.ts';
import type { VendorKind } from '#shared/lib/pet-care.ts';
import type { SagaCallbacks } from '#shared/sagas/port.ts';
import { DEFAULT_COMMISSION_RATES } from '#shared/config/commission.ts';
import type { StaffRole } from '#shared/auth/vendor-staff.ts';
import {
  type CheckoutRequest,
  type LedgerEntry,
  type Payment,
  type PaymentStatus,
  type PaymentsStore,
  type Provider,
  type ProviderGateway,
} from './model.ts';
import { WriteConflict } from '#shared/table/write-conflict.ts';
import { isForward, midtransStatus, xenditStatus } from './status.ts';

/**
 * The payments domain's rules: creating a payment for a booking or an order attempt, and applying
 * verified provider notifications to it — forward only, each real transition once, with its
 * event and its ledger entries in the same transaction. No AWS imports.
 *
 * Here the rules every area shares: the ports, the ledger a transition writes, changing a stored
 * payment on its version, and applying a notification (the one way the provider moves a payment).
 * The use cases live by area, each built on these rules: lifecycle.ts (create, start at the
 * provider, await, resume the saga, cancel, a purpose ended), provider-notifications.ts (the
 * webhooks: receive, apply), reconciliation.ts (reconcile, the daily report), reads.ts and
 * refunds.ts. A handler bundles only its area (decision 0005).
 */

export { DEFAULT_COMMISSION_RATES };
const ATTEMPTS = 4;
/** The raw status of a Xendit refund.failed callback (xenditNotification). */
const XENDIT_REFUND_FAILED = 'REFUND_FAILED';

export interface PaymentsPorts {
  store: PaymentsStore;
  /** Commission rate for a vendor (0..1); default: DEFAULT_COMMISSION_RATES by its kind. */
  commissionRate?: (vendorId: string, vendorKind: VendorKind) => number;
  now?: () => Date;
  /** The providers; without them notifications are applied as received (unit tests). */
  gateways?: Record<Provider, ProviderGateway>;
  /** The caller's role at a vendor (its staff may read the vendor's payments). */
  staffRole?: (vendorId: string, userId: string) => Promise<StaffRole | undefined>;
  /** Resumes the saga step waiting for a payment. */
  saga?: SagaCallbacks;
  /** Where the provider's page sends the customer back, for a payment. */
  returnUrls?: (paymentId: string) => CheckoutRequest['returnUrls'];
}

export type Notification = EventData<'payment.notification_received'>;

export class UnknownPayment extends Error {
  constructor(paymentId: string) {
    super(`no payment ${paymentId}`);
    this.name = 'UnknownPayment';
  }
}

export type NotificationOutcome = 'applied' | 'unchanged' | 'unknown-payment' | 'unknown-status' | 'amount-mismatch';

const OUTCOME_EVENTS: Partial<
  Record<PaymentStatus, 'payment.succeeded' | 'payment.failed' | 'payment.expired' | 'payment.refunded'>
> = {
  paid: 'payment.succeeded',
  failed: 'payment.failed',
  cancelled: 'payment.failed',
  expired: 'payment.expired',
  partially_refunded: 'payment.refunded',
  refunded: 'payment.refunded',
};

/** Commission rounded down to whole rupiah: the vendor is never short-changed by rounding. */
export function splitCapture(amount: number, rate: number): { commission: number; vendorPayable: number } {
  const commission = Math.floor(amount * rate);
  return { commission, vendorPayable: amount - commission };
}

/**
 * What a notification means for the refunded amount: the provider's own total when it reports one
 * (a Xendit invoice still reads PAID after refunds), else this refund's amount (all of it for
 * `refunded`). The total never shrinks nor exceeds the payment; reaching the payment's amount is `refunded`.
 */
export function toRefundView(
  payment: Pick<Payment, 'amount' | 'refundedAmount'>,
  mapped: PaymentStatus,
  reported: { amount: number; refundedAmount?: number | undefined },
): { status: PaymentStatus; refundedAmount: number } {
  const refundStatus = mapped === 'refunded' || mapped === 'partially_refunded';
  const settle = (total: number) => {
    const refundedAmount = Math.min(payment.amount, Math.max(payment.refundedAmount, total));
    return {
      status: refundedAmount >= payment.amount ? ('refunded' as const) : ('partially_refunded' as const),
      refundedAmount,
    };
  };
  if (reported.refundedAmount !== undefined && reported.refundedAmount > 0 && (refundStatus || mapped === 'paid'))
    return settle(reported.refundedAmount);
  if (!refundStatus) return { status: mapped, refundedAmount: payment.refundedAmount };
  return settle(mapped === 'refunded' ? payment.amount : payment.refundedAmount + reported.amount);
}

export type PaymentRules = ReturnType<typeof paymentRules>;

export function paymentRules(ports: PaymentsPorts) {
  const { store } = ports;
  const now = () => (ports.now ? ports.now() : new Date());
  const rate = (payment: Payment) =>
    ports.commissionRate?.(payment.vendorId, payment.vendorKind) ?? DEFAULT_COMMISSION_RATES[payment.vendorKind];

  function ledgerFor(payment: Payment, to: PaymentStatus, refundDelta: number, at: string): LedgerEntry[] {
    const entry = (kind: LedgerEntry['kind'], amount: number): LedgerEntry => ({
      entryId: newId(),
      paymentId: payment.paymentId,
      vendorId: payment.vendorId,
      kind,
      amount,
      at,
    });
    if (to === 'paid') {
      if (payment.splits?.length) {
        return payment.splits.flatMap((split) => {
          const share = (kind: LedgerEntry['kind'], amount: number): LedgerEntry => ({
            ...entry(kind, amount),
            vendorId: split.vendorId,
            reference: split.reference,
          });
          return [
            share('payment_captured', split.amount),
            share('platform_commission', split.commission),
            ...(split.shipping > 0 ? [share('shipping_payable', split.shipping)] : []),
            share('vendor_payable', split.amount - split.commission - split.shipping),
          ];
        });
      }
      const { commission, vendorPayable } = splitCapture(payment.amount, rate(payment));
      return [
        entry('payment_captured', payment.amount),
        entry('platform_commission', commission),
        entry('vendor_payable', vendorPayable),
      ];
    }
    if ((to === 'refunded' || to === 'partially_refunded') && refundDelta > 0) return [entry('refund', -refundDelta)];
    return [];
  }

  /** Applies a change to the stored payment (compare-and-set on its version, re-read on a race). */
  async function update(paymentId: string, change: (current: Payment) => Partial<Payment>): Promise<Payment> {
    for (let attempt = 1; ; attempt += 1) {
      const current = await store.getPayment(paymentId);
      if (!current) throw new UnknownPayment(paymentId);
      const next: Payment = {
        ...current,
        ...change(current),
        version: current.version + 1,
        updatedAt: now().toISOString(),
      };
      try {
        await store.transition(next, current.version, [], []);
        return next;
      } catch (error) {
        if (!(error instanceof WriteConflict) || attempt >= ATTEMPTS) throw error;
      }
    }
  }

  /** Our own move of an awaiting payment to a final status (cancelled), with its outcome event; a payment that moved on is left alone. */
  async function move(paymentId: string, status: 'cancelled', correlationId: string): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      const current = await store.getPayment(paymentId);
      if (!current) throw new UnknownPayment(paymentId);
      if (!isForward(current.status, status)) return;
      const next: Payment = { ...current, status, version: current.version + 1, updatedAt: now().toISOString() };
      const { reference, vendorId, payerId, amount } = current;
      const event = domainEvent(
        'payment.failed',
        { paymentId, reference, vendorId, payerId, amount, status },
        correlationId,
      ) as EventEnvelope;
      try {
        await store.transition(next, current.version, [], [event]);
        return;
      } catch (error) {
        if (!(error instanceof WriteConflict) || attempt >= ATTEMPTS) throw error;
      }
    }
  }

  /**
   * The provider could not refund (Xendit refund.failed: closed e-wallet account, ...). The customer
   * is still owed the money: the refund becomes an open manual task for the admins, with the reason.
   */
  async function refundFailed(received: Notification): Promise<NotificationOutcome> {
    const payment = await store.paymentByProviderOrder(received.provider, received.providerOrderId);
    if (!payment) return 'unknown-payment';
    for (let attempt = 1; ; attempt += 1) {
      const refunds = await store.refunds(payment.paymentId);
      // The provider's id, or (its answer was never recorded) the one requested refund of that amount still without an id.
      const refund =
        refunds.find(
          (candidate) =>
            candidate.providerRefundId !== null && candidate.providerRefundId === received.providerRefundId,
        ) ??
        refunds.find(
          (candidate) =>
            candidate.kind === 'provider' &&
            candidate.status === 'requested' &&
            candidate.providerRefundId === null &&
            candidate.amount === received.amount,
        );
      if (!refund) return 'unknown-payment';
      if (refund.kind !== 'provider' || refund.status !== 'requested') return 'unchanged';
      const at = now().toISOString();
      const failure = `${received.provider} refund failed${received.failure ? `: ${received.failure}` : ''}`;
      try {
        await store.updateRefund(
          {
            ...refund,
            kind: 'manual',
            status: 'open',
            failure,
            providerRefundId: received.providerRefundId ?? refund.providerRefundId,
            version: refund.version + 1,
            updatedAt: at,
          },
          refund.version,
        );
        return 'applied';
      } catch (error) {
        if (!(error instanceof WriteConflict) || attempt >= ATTEMPTS) throw error;
      }
    }
  }

  /**
   * A verified notification (from `payment.notification_received`). A duplicate or an older
   * status changes nothing; an amount that is not the payment's is refused (never trusted).
   */
  async function applyNotification(
    received: EventData<'payment.notification_received'>,
    correlationId: string,
    options: { confirmed?: boolean } = {},
  ): Promise<NotificationOutcome> {
    // No money moved: the refund goes back to the admins as a manual task (the payment's status API cannot say more).
    if (received.rawStatus === XENDIT_REFUND_FAILED) return refundFailed(received);
    // The provider's status API is the truth: a notification only says "look now" (unless the caller just asked it).
    const gateway = options.confirmed ? undefined : ports.gateways?.[received.provider];
    const confirmed = gateway ? await gateway.status(received.providerOrderId) : undefined;
    if (gateway && !confirmed) return 'unknown-payment';
    // Once the provider was asked, the notification's own (unsigned) refund amount no longer counts.
    const data: Notification = confirmed
      ? { ...received, refundedAmount: undefined, ...confirmed, fraudStatus: confirmed.fraudStatus }
      : received;
    const mapped =
      data.provider === 'midtrans' ? midtransStatus(data.rawStatus, data.fraudStatus) : xenditStatus(data.rawStatus);
    if (!mapped) return 'unknown-status';
    for (let attempt = 1; ; attempt += 1) {
      const payment = await store.paymentByProviderOrder(data.provider, data.providerOrderId);
      if (!payment) return 'unknown-payment';
      const { status, refundedAmount } = toRefundView(payment, mapped, data);
      // Another partial refund keeps the status: only a growing refunded amount makes it a change.
      const grows =
        status === 'partially_refunded' &&
        payment.status === 'partially_refunded' &&
        refundedAmount > payment.refundedAmount;
      if (!isForward(payment.status, status) && !grows) return 'unchanged';
      const refunding = status === 'refunded' || status === 'partially_refunded';
      if (!refunding && data.amount !== payment.amount) return 'amount-mismatch';
      const at = now().toISOString();
      const next: Payment = {
        ...payment,
        status,
        refundedAmount,
        version: payment.version + 1,
        updatedAt: at,
        method: data.method ?? payment.method,
        providerTransactionId: data.providerTransactionId ?? payment.providerTransactionId,
      };
      const outcome = {
        paymentId: next.paymentId,
        reference: next.reference,
        vendorId: next.vendorId,
        payerId: next.payerId,
        amount: next.amount,
      };
      // A refund that overtakes its settlement (out-of-order delivery) still implies the capture.
      const capturedNow = refunding && (payment.status === 'pending' || payment.status === 'review');
      const events: EventEnvelope[] = [];
      const ledger: LedgerEntry[] = [];
      if (capturedNow) {
        events.push(domainEvent('payment.succeeded', { ...outcome, status: 'paid' }, correlationId) as EventEnvelope);
        ledger.push(...ledgerFor(payment, 'paid', 0, at));
      }
      const type = OUTCOME_EVENTS[status];
      if (type) {
        events.push(
          (type === 'payment.refunded'
            ? domainEvent(type, { ...outcome, status, refundedAmount }, correlationId)
            : domainEvent(type, { ...outcome, status }, correlationId)) as EventEnvelope,
        );
      }
      const refundLedger = ledgerFor(payment, status, refundedAmount - payment.refundedAmount, at);
      if (payment.splits?.length) {
        // A split payment's refund belongs to the order it was asked for: the oldest provider refund of that amount.
        const asked = (await store.refunds(payment.paymentId)).find(
          (refund) =>
            refund.kind === 'provider' &&
            refund.status === 'requested' &&
            refund.amount === refundedAmount - payment.refundedAmount,
        );
        for (const entry of refundLedger)
          if (entry.kind === 'refund' && asked)
            Object.assign(entry, {
              vendorId: asked.vendorId,
              ...(asked.reference ? { reference: asked.reference } : {}),
            });
      }
      ledger.push(...refundLedger);
      try {
        await store.transition(next, payment.version, ledger, events);
        return 'applied';
      } catch (error) {
        if (!(error instanceof WriteConflict) || attempt >= ATTEMPTS) throw error;
      }
    }
  }

  return { store, now, update, move, applyNotification };
}

import type { EventData, EventEnvelope } from '#shared/events/catalog.ts';
import { domainEvent } from '#shared/events/envelope.ts';
import { newId } from '#shared/lib/ids.ts';
import { zonedDate } from '#shared/lib/time.ts';
import type { VendorKind } from '#shared/lib/pet-care.ts';
import type { SagaCallbacks } from '#shared/sagas/port.ts';
import { DEFAULT_COMMISSION_RATES } from '#shared/config/commission.ts';
import type { StaffRole } from '#shared/auth/vendor-staff.ts';
import type { Group } from '#shared/auth/groups.ts';
import { problems } from '#shared/http/problem.ts';
import {
  type PaymentSplit,
  type CheckoutRequest,
  type LedgerEntry,
  type Payment,
  type PaymentStatus,
  type PaymentsStore,
  type Provider,
  type ProviderGateway,
} from './model.ts';
import { WriteConflict } from '#shared/table/write-conflict.ts';
import {
  parseXenditInvoice,
  parseXenditRefund,
  rupiah,
  verifyMidtransNotification,
  verifyXenditCallback,
} from './signatures.ts';
import { isForward, midtransStatus, xenditStatus } from './status.ts';

/**
 * The payments domain's rules: creating a payment for a booking or an order attempt, and applying
 * verified provider notifications to it — forward only, each real transition once, with its
 * event and its ledger entries in the same transaction. No AWS imports.
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

export interface NewPayment {
  reference: string;
  provider: Provider;
  payerId: string;
  vendorId: string;
  vendorKind: VendorKind;
  amount: number;
  expiresAt: string;
  /** Several orders in one payment: their shares, adding up to `amount`. */
  splits?: PaymentSplit[] | undefined;
}

/** Shares must add up to the payment, and each must cover its own commission and shipping. */
export function splitProblems(amount: number, splits: readonly PaymentSplit[]): string[] {
  const problems: string[] = [];
  const whole = (value: number) => Number.isSafeInteger(value) && value >= 0;
  splits.forEach((split, index) => {
    if (!whole(split.amount) || !whole(split.commission) || !whole(split.shipping))
      problems.push(`splits[${index}]: amounts must be whole rupiah ≥ 0`);
    else if (split.commission + split.shipping > split.amount)
      problems.push(`splits[${index}]: commission + shipping exceed the share`);
  });
  const total = splits.reduce((sum, split) => sum + split.amount, 0);
  if (splits.length > 0 && total !== amount) problems.push(`splits add up to ${total}, not the payment's ${amount}`);
  if (new Set(splits.map((split) => split.reference)).size !== splits.length) problems.push('two splits for one order');
  return problems;
}

export interface StartPayment extends NewPayment {
  customer: CheckoutRequest['customer'];
  items: CheckoutRequest['items'];
  /** The saga step waiting for this payment's outcome (`$$.Task.Token`). */
  taskToken?: string;
}

/** How a saga step waiting for a payment ends: the error names are what the ASL's Catch matches. */
export const SAGA_PAYMENT_ERRORS = {
  failed: 'Payment.Failed',
  expired: 'Payment.Expired',
  cancelled: 'Payment.Cancelled',
} as const;

/** Statuses that end the wait: the money was taken (even if refunded or disputed since), or it never will be. */
const SAGA_SUCCESS: ReadonlySet<PaymentStatus> = new Set(['paid', 'partially_refunded', 'refunded', 'disputed']);
const AWAITING: ReadonlySet<PaymentStatus> = new Set(['pending', 'review']);
/**
 * Whether an attempt the provider's API does not know can still be paid: Midtrans knows a Snap
 * transaction only once the customer picks a method, so an unknown one is still payable until its
 * expiry; Xendit's invoice exists from creation, so an unknown one never will be.
 */
const STILL_PAYABLE_WHEN_UNKNOWN: Record<Provider, boolean> = { midtrans: true, xendit: false };

export type Notification = EventData<'payment.notification_received'>;

export class UnknownPayment extends Error {
  constructor(paymentId: string) {
    super(`no payment ${paymentId}`);
    this.name = 'UnknownPayment';
  }
}

/** Why a webhook was refused (logged with its source; the caller only learns 401). */
export class RejectedNotification extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'RejectedNotification';
  }
}

/** A Midtrans HTTP notification, verified by its signature_key over the strings as received. */
export function midtransNotification(body: unknown, serverKey: string): Notification {
  const verified = verifyMidtransNotification(body, serverKey);
  if (!verified.ok) throw new RejectedNotification(verified.reason);
  const amount = rupiah(verified.grossAmount);
  if (amount === undefined) throw new RejectedNotification(`gross_amount ${verified.grossAmount} is not whole rupiah`);
  // Not signed: only used without a status API to ask (which then says the same).
  const refunded = (body as { refund_amount?: unknown }).refund_amount;
  const refundedAmount = typeof refunded === 'string' ? rupiah(refunded) : undefined;
  return {
    provider: 'midtrans',
    providerOrderId: verified.orderId,
    rawStatus: verified.transactionStatus,
    ...(verified.fraudStatus ? { fraudStatus: verified.fraudStatus } : {}),
    amount,
    providerTransactionId: verified.transactionId ?? null,
    method: verified.paymentType ?? null,
    ...(refundedAmount !== undefined ? { refundedAmount } : {}),
  };
}

/**
 * A Xendit invoice or refund callback, verified by its x-callback-token. Refund callbacks come to
 * the same route (the refund webhook URL is set to it); their metadata names our order.
 */
export function xenditNotification(token: string | undefined, body: unknown, callbackToken: string): Notification {
  if (!verifyXenditCallback(token, callbackToken)) throw new RejectedNotification('x-callback-token does not match');
  const refund = parseXenditRefund(body);
  if (refund) {
    return {
      provider: 'xendit',
      providerOrderId: refund.externalId,
      rawStatus: `REFUND_${refund.status}`,
      amount: refund.amount,
      providerTransactionId: refund.invoiceId,
      method: null,
      providerRefundId: refund.refundId,
      ...(refund.failureCode ? { failure: refund.failureCode } : {}),
    };
  }
  const invoice = parseXenditInvoice(body);
  if (!invoice) throw new RejectedNotification('not a Xendit invoice callback');
  return {
    provider: 'xendit',
    providerOrderId: invoice.externalId,
    rawStatus: invoice.status,
    amount: invoice.amount,
    providerTransactionId: invoice.invoiceId,
    method: invoice.method,
  };
}

/** The events that end what a payment was for: a booking or an order, ended unpaid. */
export const PURPOSE_ENDED_EVENTS = ['booking.expired', 'booking.cancelled', 'order.expired'] as const;
export type PurposeEndedEvent = EventEnvelope<(typeof PURPOSE_ENDED_EVENTS)[number]>;

/** A booking or an order that ended without taking its payment. */
export interface EndedPurpose {
  /** The payment's reference: `booking:<bookingId>`, or `order:<checkoutId>` (one payment for a checkout's orders). */
  paymentReference: string;
  /** What ended: the booking (the payment's reference itself), or one order of the checkout (its split, `order:<orderId>`). */
  reference: string;
  reason: string;
}

/**
 * What an ending event means for payments; undefined when the money had been taken by what ended (a
 * confirmed booking cancelled: the booking decides its refund, booking.refund_due). Orders are only
 * cancelled once paid (order.refund_due), so order.expired is their only unpaid end.
 */
export function endedPurpose(event: PurposeEndedEvent): EndedPurpose | undefined {
  switch (event.type) {
    case 'booking.expired': {
      const data = event.data as EventData<'booking.expired'>;
      return {
        paymentReference: `booking:${data.bookingId}`,
        reference: `booking:${data.bookingId}`,
        reason: `Booking ended unpaid (${data.reason})`.slice(0, 500),
      };
    }
    case 'booking.cancelled': {
      const data = event.data as EventData<'booking.cancelled'>;
      if (data.paymentTaken ?? data.refundAmount > 0) return undefined;
      return {
        paymentReference: `booking:${data.bookingId}`,
        reference: `booking:${data.bookingId}`,
        reason: `Booking cancelled by the ${data.by} before it was paid`,
      };
    }
    case 'order.expired': {
      const data = event.data as EventData<'order.expired'>;
      return {
        paymentReference: `order:${data.checkoutId}`,
        reference: `order:${data.orderId}`,
        reason: `Order ended unpaid (${data.reason})`.slice(0, 500),
      };
    }
    default:
      return undefined;
  }
}

/** Whether every purpose of the payment has ended (then nothing may still be paid on it). */
export function wholeEnded(payment: Pick<Payment, 'reference' | 'splits' | 'endedReferences'>): boolean {
  const ended = new Set(payment.endedReferences ?? []);
  if (ended.has(payment.reference)) return true;
  return (payment.splits?.length ?? 0) > 0 && payment.splits!.every((split) => ended.has(split.reference));
}

export interface ReconciliationReport {
  at: string;
  checked: number;
  /** Moved as the provider said (a lost or late webhook). */
  healed: string[];
  /** Never seen by the provider and past expiry: expired here. */
  expiredUnseen: string[];
  /** Still unresolved: the provider disagrees or still calls it pending after expiry. */
  mismatches: { paymentId: string; ours: PaymentStatus; provider: string; outcome: NotificationOutcome }[];
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
export function refundView(
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

export function paymentsService(ports: PaymentsPorts) {
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

  return {
    async create(input: NewPayment & { taskToken?: string | undefined }): Promise<Payment> {
      const problems = splitProblems(input.amount, input.splits ?? []);
      if (problems.length > 0) throw new RangeError(`payment splits: ${problems.join('; ')}`);
      const at = now().toISOString();
      const paymentId = newId();
      const payment: Payment = {
        paymentId,
        reference: input.reference,
        provider: input.provider,
        // Midtrans accepts an order_id once: every attempt gets its own.
        providerOrderId: `PP-${paymentId}`,
        payerId: input.payerId,
        vendorId: input.vendorId,
        vendorKind: input.vendorKind,
        amount: input.amount,
        currency: 'IDR',
        status: 'pending',
        method: null,
        providerTransactionId: null,
        expiresAt: input.expiresAt,
        redirectUrl: null,
        refundedAmount: 0,
        sagaToken: input.taskToken ?? null,
        ...(input.splits?.length ? { splits: input.splits.map((split) => ({ ...split })) } : {}),
        version: 1,
        createdAt: at,
        updatedAt: at,
      };
      await store.create(payment, []);
      return payment;
    },

    /**
     * Opens the provider's payment page for a booking or order attempt. Once per reference: asking
     * again (a saga retry) answers the same payment and page. With a task token, the payment's
     * outcome resumes that saga step — at once if the payment already has one.
     */
    async start(
      input: StartPayment,
    ): Promise<{ paymentId: string; redirectUrl: string | null; expiresAt: string; status: PaymentStatus }> {
      const gateway = ports.gateways?.[input.provider];
      if (!gateway) throw new Error(`no gateway for ${input.provider}`);
      let payment: Payment;
      try {
        payment = await this.create(input);
      } catch (error) {
        if (!(error instanceof WriteConflict)) throw error;
        const existing = await store.paymentByReference(input.reference);
        if (!existing) throw error;
        payment = existing;
      }
      // A retried saga step waits with a new token: the newest is the one to resume.
      if (input.taskToken && payment.sagaToken !== input.taskToken)
        payment = await update(payment.paymentId, (current) => ({
          sagaToken: input.taskToken ?? current.sagaToken ?? null,
        }));
      if (!payment.redirectUrl && AWAITING.has(payment.status)) {
        const returnUrls = ports.returnUrls?.(payment.paymentId);
        const { redirectUrl } = await gateway.createCheckout({
          paymentId: payment.paymentId,
          providerOrderId: payment.providerOrderId,
          amount: payment.amount,
          customer: input.customer,
          items: input.items,
          expiresAt: payment.expiresAt,
          ...(returnUrls ? { returnUrls } : {}),
        });
        // A notification may already have moved it: keep whatever is newer, add the page.
        payment = await update(payment.paymentId, () => ({ redirectUrl }));
      }
      if (input.taskToken && !AWAITING.has(payment.status)) await this.resumeSaga(payment.paymentId);
      return {
        paymentId: payment.paymentId,
        redirectUrl: payment.redirectUrl,
        expiresAt: payment.expiresAt,
        status: payment.status,
      };
    },

    /**
     * A saga step waits for the payment of `reference` (opened before by start): keeps its token,
     * and resumes it at once if the payment already ended.
     */
    async await(reference: string, taskToken: string): Promise<{ paymentId: string; status: PaymentStatus }> {
      const found = await store.paymentByReference(reference);
      if (!found) throw new UnknownPayment(reference);
      const payment =
        found.sagaToken === taskToken ? found : await update(found.paymentId, () => ({ sagaToken: taskToken }));
      if (!AWAITING.has(payment.status)) await this.resumeSaga(payment.paymentId);
      return { paymentId: payment.paymentId, status: payment.status };
    },

    /**
     * Tells the saga step waiting for this payment how it ended (from the payment's outcome events).
     * Still awaiting (pending, in review): nothing yet. No saga, or it stopped waiting: nothing to do.
     */
    async resumeSaga(paymentId: string): Promise<'resumed' | 'waiting' | 'no-saga' | 'gone'> {
      const payment = await store.getPayment(paymentId);
      if (!payment?.sagaToken || !ports.saga) return 'no-saga';
      if (AWAITING.has(payment.status)) return 'waiting';
      const { paymentId: id, status, amount, method, provider, reference } = payment;
      const sent = SAGA_SUCCESS.has(status)
        ? await ports.saga.succeed(payment.sagaToken, { paymentId: id, reference, status, amount, method, provider })
        : await ports.saga.fail(
            payment.sagaToken,
            SAGA_PAYMENT_ERRORS[status as keyof typeof SAGA_PAYMENT_ERRORS] ?? SAGA_PAYMENT_ERRORS.failed,
            { paymentId: id, reference, status },
          );
      return sent === 'sent' ? 'resumed' : 'gone';
    },

    /**
     * Closes an unpaid attempt (a saga gave up: the hold expired, the booking was cancelled). If the
     * provider already took the money, the payment moves to what the provider says instead, and the
     * caller sees `paid` — the saga must then refund, not forget it. A Snap page the customer has not
     * chosen a method on cannot be closed: it answers `pending` (a late payment is still recorded).
     * No payment for the reference: nothing to close.
     */
    async cancel(
      reference: string,
      correlationId: string,
    ): Promise<{ paymentId: string | null; status: PaymentStatus | null }> {
      // The saga knows its reference, not always the payment (a step that timed out returns nothing).
      const payment = await store.paymentByReference(reference);
      if (!payment) return { paymentId: null, status: null };
      const { paymentId } = payment;
      if (!AWAITING.has(payment.status)) return { paymentId, status: payment.status };
      const gateway = ports.gateways?.[payment.provider];
      if (!gateway) throw new Error(`no gateway for ${payment.provider}`);
      const { outcome } = await gateway.cancel(payment.providerOrderId);
      if (outcome === 'settled') {
        const seen = await gateway.status(payment.providerOrderId);
        if (seen)
          await this.applyNotification(
            { provider: payment.provider, providerOrderId: payment.providerOrderId, ...seen },
            correlationId,
            { confirmed: true },
          );
      } else if (outcome === 'cancelled' || !STILL_PAYABLE_WHEN_UNKNOWN[payment.provider]) {
        await move(paymentId, 'cancelled', correlationId);
      }
      // Else: a Snap page on which no method was chosen cannot be cancelled but stays payable until it
      // expires; it stays pending, so a late payment is still recorded (payment.succeeded) and can be
      // refunded, and reconciliation expires it otherwise.
      const after = (await store.getPayment(paymentId))!;
      return { paymentId, status: after.status };
    },

    /**
     * A booking or order ended unpaid (expired by its saga or the sweeper, or cancelled before paying):
     * the payment remembers it (`endedReferences`, so money that arrives later is refunded — refunds.ts
     * refundEnded, from payment.succeeded), and once all it was for has ended, the attempt is closed at
     * the provider, as the saga's cancel step does. A payment the provider had already taken moves to
     * paid here (and is refunded by the caller). No payment (none was opened): nothing to do.
     */
    async purposeEnded(
      ended: EndedPurpose,
      correlationId: string,
    ): Promise<{ paymentId: string | null; status: PaymentStatus | null }> {
      const found = await store.paymentByReference(ended.paymentReference);
      if (!found) return { paymentId: null, status: null };
      const { paymentId } = found;
      const ours =
        ended.reference === found.reference ||
        (found.splits ?? []).some((split) => split.reference === ended.reference);
      if (!ours) return { paymentId, status: found.status };
      let payment = found;
      if (!(payment.endedReferences ?? []).includes(ended.reference)) {
        payment = await update(paymentId, (current) => ({
          endedReferences: [...new Set([...(current.endedReferences ?? []), ended.reference])],
        }));
      }
      if (AWAITING.has(payment.status) && wholeEnded(payment))
        return this.cancel(ended.paymentReference, correlationId);
      return { paymentId, status: payment.status };
    },

    /**
     * A verified notification (from `payment.notification_received`). A duplicate or an older
     * status changes nothing; an amount that is not the payment's is refused (never trusted).
     */
    async applyNotification(
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
        const { status, refundedAmount } = refundView(payment, mapped, data);
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
    },

    /** Answer the provider fast: the notification becomes an event, applied by the subscription. */
    async receive(notification: Notification, correlationId: string): Promise<void> {
      await store.publish([domainEvent('payment.notification_received', notification, correlationId) as EventEnvelope]);
    },

    /**
     * What a lost webhook would have done: every payment still awaiting past its expiry + margin is
     * looked up at its provider and moved as the provider says. One the provider never saw (the
     * customer never opened a payment method) is expired here. A payment the provider still calls
     * pending after its expiry is reported as a mismatch for a human.
     */
    async reconcile(options: { marginMinutes?: number; limit?: number } = {}): Promise<ReconciliationReport> {
      const at = now();
      const before = new Date(at.getTime() - (options.marginMinutes ?? 15) * 60_000).toISOString();
      const report: ReconciliationReport = {
        at: at.toISOString(),
        checked: 0,
        healed: [],
        expiredUnseen: [],
        mismatches: [],
      };
      for (const payment of await store.overdue(before, options.limit ?? 200)) {
        report.checked += 1;
        const gateway = ports.gateways?.[payment.provider];
        if (!gateway) continue;
        const seen = await gateway.status(payment.providerOrderId);
        const notification: Notification = seen
          ? {
              provider: payment.provider,
              providerOrderId: payment.providerOrderId,
              ...seen,
              ...(seen.fraudStatus ? { fraudStatus: seen.fraudStatus } : {}),
            }
          : {
              provider: payment.provider,
              providerOrderId: payment.providerOrderId,
              rawStatus: payment.provider === 'midtrans' ? 'expire' : 'EXPIRED',
              amount: payment.amount,
              providerTransactionId: null,
              method: null,
            };
        const outcome = await this.applyNotification(notification, `reconcile-${payment.paymentId}`, {
          confirmed: true,
        });
        if (outcome === 'applied') (seen ? report.healed : report.expiredUnseen).push(payment.paymentId);
        else
          report.mismatches.push({
            paymentId: payment.paymentId,
            ours: payment.status,
            provider: seen?.rawStatus ?? 'unknown',
            outcome,
          });
      }
      return report;
    },

    /** Once a day: reconcile everything overdue (no margin) and keep the report for admins. */
    async dailyReport(): Promise<ReconciliationReport & { date: string }> {
      const report = await this.reconcile({ marginMinutes: 0, limit: 1000 });
      const date = zonedDate(now(), 'Asia/Jakarta');
      await store.saveReport(date, report);
      return { ...report, date };
    },

    report: (date: string) => store.report(date) as Promise<ReconciliationReport | undefined>,

    getPayment: (paymentId: string) => store.getPayment(paymentId),

    /** A payment as its payer, the vendor's staff or a platform admin may read it; anyone else: 404, as if it did not exist. */
    async paymentFor(caller: { userId: string; groups: readonly Group[] }, paymentId: string): Promise<Payment> {
      const payment = await store.getPayment(paymentId);
      if (!payment) throw problems.notFound();
      if (payment.payerId === caller.userId || caller.groups.includes('platform_admin')) return payment;
      if (await ports.staffRole?.(payment.vendorId, caller.userId)) return payment;
      throw problems.notFound();
    },
    ledger: (paymentId: string) => store.ledger(paymentId),
  };
}

export type PaymentsService = ReturnType<typeof paymentsService>;

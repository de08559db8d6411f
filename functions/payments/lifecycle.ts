import type { EventData, EventEnvelope } from '#shared/events/catalog.ts';
import { newId } from '#shared/lib/ids.ts';
import type { VendorKind } from '#shared/lib/pet-care.ts';
import { type PaymentSplit, type CheckoutRequest, type Payment, type PaymentStatus, type Provider } from './model.ts';
import { WriteConflict } from '#shared/table/write-conflict.ts';
import { paymentRules, UnknownPayment, type PaymentsPorts } from './payment-rules.ts';

/**
 * A payment's life at its provider, for a booking or an order attempt: create it, start it (the
 * provider's page, once per reference), await it and resume the saga step waiting for it, cancel an
 * unpaid attempt, and close it when what it was for ended (booking expired or cancelled, order
 * expired). On the rules of payment-rules.ts. No AWS imports.
 */

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

export function lifecycleService(ports: PaymentsPorts) {
  const { store, now, update, move, applyNotification } = paymentRules(ports);

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
          await applyNotification(
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
  };
}

export type LifecycleService = ReturnType<typeof lifecycleService>;

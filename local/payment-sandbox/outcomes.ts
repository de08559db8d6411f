import { midtransNotification } from './midtrans.ts';
import {
  isFinal,
  isMethod,
  SANDBOX_METHODS,
  SANDBOX_OUTCOMES,
  SandboxError,
  type Pay,
  type PayOptions,
  type PayResult,
  type SandboxAttempt,
  type SandboxOutcome,
  type SandboxProvider,
} from './model.ts';
import type { SandboxContext } from './state.ts';
import { xenditCallback } from './xendit.ts';

/**
 * The customer's choice on the payment page, or a test's: `pay()` moves an attempt to what the outcome
 * means at its provider (pay → settlement / PAID, fail → deny / EXPIRED, expire → expire / EXPIRED,
 * pending → Midtrans `pending` with a method chosen) and sends the provider's notification `times`
 * times (duplicates; 0: lost), then a stale `pending` one when `outOfOrder`. A final attempt cannot
 * move again (the same outcome again re-delivers it); past its expiry it takes no payment.
 */

const MAX_TIMES = 50;

/** What each outcome becomes at each provider; Xendit invoices cannot fail, they expire. */
const OUTCOMES: Record<SandboxProvider, Record<SandboxOutcome, { status: string; code: string }>> = {
  midtrans: {
    pay: { status: 'settlement', code: '200' },
    fail: { status: 'deny', code: '202' },
    expire: { status: 'expire', code: '407' },
    pending: { status: 'pending', code: '201' },
  },
  xendit: {
    pay: { status: 'PAID', code: '200' },
    fail: { status: 'EXPIRED', code: '200' },
    expire: { status: 'EXPIRED', code: '200' },
    pending: { status: 'PENDING', code: '200' },
  },
};

export function createPay(context: SandboxContext): Pay {
  const { state, webhooks } = context;

  /** The attempt's notification for `status`, in its provider's shape. */
  const deliver = (attempt: SandboxAttempt, status: string, code: string) =>
    webhooks.send(
      attempt,
      attempt.provider === 'midtrans' ? midtransNotification(attempt, status, code) : xenditCallback(attempt, status),
      status,
    );

  return async function pay(id: string, outcome: SandboxOutcome, options: PayOptions = {}): Promise<PayResult> {
    if (!SANDBOX_OUTCOMES.includes(outcome))
      throw new SandboxError(400, `outcome must be one of ${SANDBOX_OUTCOMES.join(', ')}`);
    if (options.method !== undefined && !isMethod(options.method))
      throw new SandboxError(400, `method must be one of ${Object.keys(SANDBOX_METHODS).join(', ')}`);
    const attempt = state.find(id);
    if (!attempt) throw new SandboxError(404, `no payment attempt ${id}`);
    const { providerOrderId } = attempt;
    // Xendit has no such step: an invoice is PENDING from creation until paid or expired.
    if (outcome === 'pending' && attempt.provider === 'xendit')
      throw new SandboxError(400, 'a Xendit invoice is pending until paid or expired: pending is a Midtrans outcome');
    const final = OUTCOMES[attempt.provider][outcome];
    // A settled, failed, expired or cancelled payment cannot move again; the same outcome again is a re-delivery.
    if (isFinal(attempt) && attempt.status !== final.status)
      throw new SandboxError(409, `${providerOrderId} is already ${attempt.status}`);
    if (outcome === 'pending' && attempt.status !== 'created' && attempt.status !== 'pending')
      throw new SandboxError(409, `${providerOrderId} is already ${attempt.status}`);
    // Past its expiry a page takes no payment (a lapsed Snap token, an expired invoice), nor a method; the
    // merchant's expiry (expire) still closes it. A re-delivery of an outcome reached in time is still sent.
    if (
      (outcome === 'pay' || outcome === 'pending') &&
      attempt.status !== final.status &&
      Date.parse(attempt.expiresAt) <= Date.now()
    ) {
      throw new SandboxError(409, `${providerOrderId} expired at ${attempt.expiresAt}: it can no longer be paid`);
    }
    if (attempt.status !== final.status) {
      const at = new Date().toISOString();
      // The method chosen at `pending` stays unless paying names another.
      const method = options.method ?? attempt.method ?? 'va';
      Object.assign(
        attempt,
        { status: final.status, updatedAt: at },
        outcome === 'pay' ? { paidAt: at, method } : outcome === 'pending' ? { method } : {},
      );
      state.save();
    }
    const times = Math.min(MAX_TIMES, Math.max(0, Math.floor(options.times ?? 1)));
    const deliveries: number[] = [];
    for (let i = 0; i < times; i += 1) deliveries.push(await deliver(attempt, final.status, final.code));
    if (options.outOfOrder) {
      const pending = OUTCOMES[attempt.provider].pending;
      deliveries.push(await deliver(attempt, pending.status, pending.code));
    }
    return {
      providerOrderId,
      ...(attempt.paymentId ? { paymentId: attempt.paymentId } : {}),
      outcome,
      status: attempt.status,
      deliveries,
    };
  };
}

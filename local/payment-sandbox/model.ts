import { SandboxHttpError } from '../sandbox-server.ts';

/**
 * The payment sandbox's record of a payment attempt and the words every area shares: providers,
 * the outcomes a customer (or a test) can choose, how they pay in each provider's words, which
 * statuses are final, and small pure helpers (amounts, Jakarta times, refunds so far). No I/O.
 */

export type SandboxProvider = 'midtrans' | 'xendit';
/** `pending` (Midtrans only): the customer picked a method (a VA is issued) but has not paid yet. */
export type SandboxOutcome = 'pay' | 'fail' | 'expire' | 'pending';
export const SANDBOX_OUTCOMES: readonly SandboxOutcome[] = ['pay', 'fail', 'expire', 'pending'];

/** How the customer pays, in each provider's words; bank transfer (VA) and convenience stores cannot be refunded by API. */
export const SANDBOX_METHODS = {
  va: { midtrans: 'bank_transfer', xendit: ['BANK_TRANSFER', 'BCA'], refundable: false },
  cstore: { midtrans: 'cstore', xendit: ['RETAIL_OUTLET', 'ALFAMART'], refundable: false },
  qris: { midtrans: 'qris', xendit: ['QR_CODE', 'QRIS'], refundable: true },
  ewallet: { midtrans: 'gopay', xendit: ['EWALLET', 'OVO'], refundable: true },
  card: { midtrans: 'credit_card', xendit: ['CREDIT_CARD', 'VISA'], refundable: true },
} as const;
export type SandboxMethod = keyof typeof SANDBOX_METHODS;
export const isMethod = (value: unknown): value is SandboxMethod =>
  typeof value === 'string' && Object.hasOwn(SANDBOX_METHODS, value);

export interface SandboxRefund {
  /** Midtrans refund_chargeback_id / Xendit refund id. */
  id: string;
  /** Midtrans refund_key / Xendit idempotency-key: the same key answers the same refund. */
  key: string;
  amount: number;
  reason: string;
  /** Xendit's refund status; Midtrans refunds succeed at once. */
  status: 'PENDING' | 'SUCCEEDED';
  /** Times this refund was asked for (retries with its key included). */
  requests: number;
  referenceId?: string;
  metadata?: Record<string, unknown>;
  createdAt: string;
}

export interface SandboxAttempt {
  provider: SandboxProvider;
  providerOrderId: string;
  /** Our payment id, from Midtrans `custom_field1` / Xendit `metadata.payment_id`, when sent. */
  paymentId?: string;
  /** Midtrans transaction_id / Xendit invoice id. */
  id: string;
  amount: number;
  /**
   * In the provider's words: Midtrans 'created' (Snap page open, no transaction yet), 'pending',
   * 'settlement', 'deny', 'expire', 'cancel'; Xendit 'PENDING', 'PAID', 'EXPIRED'.
   */
  status: string;
  customer: Record<string, unknown>;
  items: unknown[];
  description?: string;
  idempotencyKey?: string;
  expiresAt: string;
  createdAt: string;
  updatedAt: string;
  paidAt?: string;
  /** Chosen when paying (default va). */
  method?: SandboxMethod;
  refunds?: SandboxRefund[];
  /** Where the page sends the customer back: Midtrans has one finish URL for both, Xendit one each. */
  returnUrls?: { success: string; failure: string };
  /** Xendit invoice `metadata` as sent. */
  metadata?: Record<string, unknown>;
  /** When the merchant closed it by API (Midtrans cancel, Xendit expire). */
  cancelledAt?: string;
}

export interface PayOptions {
  /** Sends the same final webhook this many times (duplicate delivery); 0 = the webhook is lost. */
  times?: number;
  /** Sends a stale 'pending' notification after the final one. */
  outOfOrder?: boolean;
  /** How the customer pays (default va: a bank transfer). */
  method?: SandboxMethod;
}

export interface PayResult {
  providerOrderId: string;
  /** Our payment id, when the attempt carries one. */
  paymentId?: string;
  outcome: SandboxOutcome;
  status: string;
  /** HTTP status of each webhook delivery, in order (0: the API did not answer). */
  deliveries: number[];
}

export type Pay = (id: string, outcome: SandboxOutcome, options?: PayOptions) => Promise<PayResult>;

export class SandboxError extends SandboxHttpError {
  constructor(status: number, message: string) {
    super(status, message);
    this.name = 'SandboxError';
  }
}

const MIDTRANS_FINAL = new Set([
  'settlement',
  'capture',
  'deny',
  'cancel',
  'expire',
  'failure',
  'refund',
  'partial_refund',
]);
const XENDIT_FINAL = new Set(['PAID', 'SETTLED', 'EXPIRED']);
/** The customer paid (refunds may follow): the page links back to the success URL. */
export const PAID_STATUSES = new Set(['settlement', 'capture', 'refund', 'partial_refund', 'PAID', 'SETTLED']);

export function isFinal(attempt: SandboxAttempt): boolean {
  return (attempt.provider === 'midtrans' ? MIDTRANS_FINAL : XENDIT_FINAL).has(attempt.status);
}

/** Still as created: no button pressed yet (a Midtrans method chosen or any outcome moves it). */
export const untouched = (attempt: SandboxAttempt) =>
  attempt.status === (attempt.provider === 'midtrans' ? 'created' : 'PENDING');

export const refundedOf = (attempt: SandboxAttempt) =>
  (attempt.refunds ?? []).reduce((sum, refund) => sum + refund.amount, 0);

/** The amount asked (default: what remains), or why it cannot be refunded. */
export function refundAmount(attempt: SandboxAttempt, requested: unknown): number | string {
  const remaining = attempt.amount - refundedOf(attempt);
  if (requested === undefined || requested === null) return remaining > 0 ? remaining : 'nothing remains to refund';
  if (typeof requested !== 'number' || !Number.isSafeInteger(requested) || requested < 1)
    return 'amount must be a whole rupiah amount of at least 1';
  if (requested > remaining) return `amount ${requested} is more than the ${remaining} that remains`;
  return requested;
}

export const isWebUrl = (value: unknown): value is string =>
  typeof value === 'string' && /^https?:\/\/\S+$/i.test(value) && value.length <= 2048;
export const grossAmount = (amount: number) => `${amount}.00`;
/** Midtrans writes times in Jakarta time, "2024-05-01 13:45:00". */
export const jakartaTime = (iso: string) =>
  new Date(Date.parse(iso) + 7 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
export const formatRupiah = (amount: number) => `Rp ${String(amount).replace(/\B(?=(\d{3})+(?!\d))/g, '.')}`;
/** Basic auth with the key as the user name and no password, as both providers take it. */
export const basicAuth = (username: string) => `Basic ${Buffer.from(`${username}:`).toString('base64')}`;

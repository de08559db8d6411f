import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DevRoute } from './gateway.ts';
import { readBody, sendJson } from './http-util.ts';
import { LOCAL_MIDTRANS_SECRET, LOCAL_XENDIT_SECRET } from './messaging.ts';

/**
 * Stand-in for Midtrans (Snap create, Core API status, cancel, refund) and Xendit (Invoice create, list
 * by external_id, expire, refunds) on one port, with their Basic auth checked against the local keys.
 * Its payment page (served through the gateway at /sandbox/pay/<paymentId>, our payment id as sent in
 * Midtrans `custom_field1` / Xendit `metadata.payment_id`; the provider order id works too) or `pay()`
 * settles an attempt and sends the provider's own signed webhook to the API, as the provider would.
 * After a button press the page links back to the app (Midtrans `callbacks.finish`, Xendit
 * `success_redirect_url` / `failure_redirect_url`) without redirecting, so humans can still read it.
 * A cancel (Midtrans) or expire (Xendit) closes a pending attempt, which can no longer be paid; its
 * notification follows the answer. A refund is answered at once and its notification follows (`idle()`
 * waits for both): Midtrans sends `refund`/`partial_refund` with `refund_amount`; Xendit sends its
 * `refund.succeeded` callback (to the same webhook route) and keeps the invoice PAID, its refunds
 * listed by `GET /refunds`.
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
const isMethod = (value: unknown): value is SandboxMethod => typeof value === 'string' && Object.hasOwn(SANDBOX_METHODS, value);

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

export interface PaymentSandbox {
  endpoint: string;
  /** `/sandbox/pay...` for the gateway: the page, its buttons and the scripted outcome route. */
  devRoutes: Record<string, DevRoute>;
  /** `id`: our payment id or the provider order id. */
  pay(id: string, outcome: SandboxOutcome, options?: PayOptions): Promise<PayResult>;
  attempts(): SandboxAttempt[];
  /** Resolves once the notifications sent after refunds were delivered. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

export class SandboxError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.name = 'SandboxError';
    this.status = status;
  }
}

const MAX_TIMES = 50;
const WEBHOOK_TIMEOUT_MS = 15_000;
const PAGE_PREFIX = '/sandbox/pay';
const MIDTRANS_FINAL = new Set(['settlement', 'capture', 'deny', 'cancel', 'expire', 'failure', 'refund', 'partial_refund']);
const XENDIT_REFUND_REASONS = ['FRAUDULENT', 'DUPLICATE', 'REQUESTED_BY_CUSTOMER', 'CANCELLATION', 'OTHERS'];
const XENDIT_FINAL = new Set(['PAID', 'SETTLED', 'EXPIRED']);
/** The customer paid (refunds may follow): the page links back to the success URL. */
const PAID_STATUSES = new Set(['settlement', 'capture', 'refund', 'partial_refund', 'PAID', 'SETTLED']);

/** What each outcome becomes at each provider; Xendit invoices cannot fail, they expire. */
const OUTCOMES: Record<SandboxProvider, Record<SandboxOutcome | 'pending', { status: string; code: string }>> = {
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

const MIDTRANS_CODES: Record<string, string> = { pending: '201', settlement: '200', capture: '200', deny: '202', expire: '407', cancel: '200', refund: '200', partial_refund: '200' };

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const basic = (username: string) => `Basic ${Buffer.from(`${username}:`).toString('base64')}`;
const grossAmount = (amount: number) => `${amount}.00`;
/** Midtrans writes times in Jakarta time, "2024-05-01 13:45:00". */
const jakartaTime = (iso: string) => new Date(Date.parse(iso) + 7 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
export const formatRupiah = (amount: number) => `Rp ${String(amount).replace(/\B(?=(\d{3})+(?!\d))/g, '.')}`;
const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!);

const refundedOf = (attempt: SandboxAttempt) => (attempt.refunds ?? []).reduce((sum, refund) => sum + refund.amount, 0);

function isFinal(attempt: SandboxAttempt): boolean {
  return (attempt.provider === 'midtrans' ? MIDTRANS_FINAL : XENDIT_FINAL).has(attempt.status);
}

/** Still as created: no button pressed yet (a Midtrans method chosen or any outcome moves it). */
const untouched = (attempt: SandboxAttempt) => attempt.status === (attempt.provider === 'midtrans' ? 'created' : 'PENDING');

/** Where the page addresses an attempt: our payment id when known, else the provider order id. */
const pageId = (attempt: SandboxAttempt) => attempt.paymentId ?? attempt.providerOrderId;
const isWebUrl = (value: unknown): value is string => typeof value === 'string' && /^https?:\/\/\S+$/i.test(value) && value.length <= 2048;

async function jsonBody(request: IncomingMessage): Promise<unknown> {
  const raw = (await readBody(request, 1024 * 1024)).toString('utf8');
  if (!raw) return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    throw new SandboxError(400, 'body is not JSON');
  }
}

export async function startPaymentSandbox(options: {
  port: number;
  dataFile: string;
  apiBaseUrl: () => string;
  log?: (line: string) => void;
}): Promise<PaymentSandbox> {
  const log = options.log ?? (() => {});
  const attempts = new Map<string, SandboxAttempt>();
  if (existsSync(options.dataFile)) {
    const stored = JSON.parse(readFileSync(options.dataFile, 'utf8')) as { attempts?: SandboxAttempt[] };
    for (const attempt of stored.attempts ?? []) attempts.set(attempt.providerOrderId, attempt);
  }
  mkdirSync(dirname(options.dataFile), { recursive: true });
  const save = () => {
    // Write-then-rename: a crash mid-write never leaves a truncated file for the next start.
    const temporary = `${options.dataFile}.tmp`;
    writeFileSync(temporary, JSON.stringify({ attempts: [...attempts.values()] }, null, 2));
    renameSync(temporary, options.dataFile);
  };
  const pageUrl = (attempt: SandboxAttempt) => `${options.apiBaseUrl().replace(/\/+$/, '')}${PAGE_PREFIX}/${encodeURIComponent(pageId(attempt))}`;

  /** By provider order id, else by our payment id (the latest attempt carrying it). */
  function findAttempt(id: string): SandboxAttempt | undefined {
    const byOrder = attempts.get(id);
    if (byOrder) return byOrder;
    let found: SandboxAttempt | undefined;
    for (const attempt of attempts.values()) if (attempt.paymentId === id) found = attempt;
    return found;
  }

  // ---- Midtrans ----

  const midtransAuthorized = (request: IncomingMessage) => request.headers.authorization === basic(LOCAL_MIDTRANS_SECRET.value.serverKey);

  function midtransTransaction(attempt: SandboxAttempt, status: string, code: string) {
    const orderId = attempt.providerOrderId;
    const gross = grossAmount(attempt.amount);
    return {
      transaction_time: jakartaTime(attempt.createdAt),
      transaction_status: status,
      transaction_id: attempt.id,
      status_message: 'midtrans payment notification',
      status_code: code,
      signature_key: createHash('sha512').update(orderId + code + gross + LOCAL_MIDTRANS_SECRET.value.serverKey).digest('hex'),
      payment_type: SANDBOX_METHODS[attempt.method ?? 'va'].midtrans,
      order_id: orderId,
      merchant_id: 'G000PETPRO',
      // Custom fields come back in the notifications and the status API.
      ...(attempt.paymentId ? { custom_field1: attempt.paymentId } : {}),
      gross_amount: gross,
      fraud_status: 'accept',
      currency: 'IDR',
      expiry_time: jakartaTime(attempt.expiresAt),
      ...((attempt.method ?? 'va') === 'va' ? { va_numbers: [{ bank: 'bca', va_number: `12345${attempt.id.replace(/\D/g, '').slice(0, 6).padEnd(6, '0')}` }] } : {}),
      ...(status === 'settlement' && attempt.paidAt ? { settlement_time: jakartaTime(attempt.paidAt) } : {}),
      // Signed over the original gross_amount; refund_amount is what has gone back in all.
      ...(attempt.refunds?.length
        ? {
          refund_amount: grossAmount(refundedOf(attempt)),
          refunds: attempt.refunds.map((refund) => ({
            refund_chargeback_id: Number(refund.id), refund_amount: grossAmount(refund.amount), created_at: jakartaTime(refund.createdAt),
            reason: refund.reason, refund_key: refund.key, refund_method: '',
          })),
        }
        : {}),
    };
  }

  async function snapCreate(request: IncomingMessage, response: ServerResponse) {
    const refuse = (status: number, ...messages: string[]) => sendJson(response, status, { error_messages: messages });
    if (!midtransAuthorized(request)) {
      return refuse(401, 'Access denied due to unauthorized transaction, please check client or server key', 'Visit https://snap-docs.midtrans.com/#request-headers for more details');
    }
    const body = await jsonBody(request);
    const details = isRecord(body) && isRecord(body.transaction_details) ? body.transaction_details : undefined;
    const orderId = details?.order_id;
    const gross = details?.gross_amount;
    if (typeof orderId !== 'string' || !/^[A-Za-z0-9\-_~.]{1,50}$/.test(orderId)) return refuse(400, 'transaction_details.order_id is invalid');
    if (typeof gross !== 'number' || !Number.isSafeInteger(gross) || gross < 1) return refuse(400, 'transaction_details.gross_amount must be a whole rupiah amount of at least 1');
    const items = isRecord(body) && Array.isArray(body.item_details) ? (body.item_details as unknown[]) : [];
    if (items.length) {
      const sum = items.reduce<number>((total, item) => total + (isRecord(item) && typeof item.price === 'number' && typeof item.quantity === 'number' ? item.price * item.quantity : Number.NaN), 0);
      if (sum !== gross) return refuse(400, 'transaction_details.gross_amount is not equal to the sum of item_details');
      if (items.some((item) => isRecord(item) && typeof item.name === 'string' && item.name.length > 50)) return refuse(400, 'item_details.name is too long');
    }
    if (attempts.has(orderId)) return refuse(400, 'transaction_details.order_id has already been taken');
    const paymentId = isRecord(body) ? body.custom_field1 : undefined;
    if (paymentId !== undefined && (typeof paymentId !== 'string' || paymentId.length > 255)) return refuse(400, 'custom_field1 must be a string of at most 255 characters');
    const callbacks = isRecord(body) ? body.callbacks : undefined;
    const finish = isRecord(callbacks) ? callbacks.finish : undefined;
    if (callbacks !== undefined && (!isRecord(callbacks) || (finish !== undefined && !isWebUrl(finish)))) return refuse(400, 'callbacks.finish must be an http(s) URL');

    const expiry = isRecord(body) && isRecord(body.expiry) ? body.expiry : undefined;
    const unitMs: Record<string, number> = { minute: 60_000, minutes: 60_000, hour: 3_600_000, hours: 3_600_000, day: 86_400_000, days: 86_400_000 };
    const duration = typeof expiry?.duration === 'number' && typeof expiry.unit === 'string' && unitMs[expiry.unit] ? expiry.duration * unitMs[expiry.unit]! : 86_400_000;
    const at = new Date().toISOString();
    const attempt: SandboxAttempt = {
      provider: 'midtrans', providerOrderId: orderId, id: randomUUID(), amount: gross, status: 'created',
      customer: isRecord(body) && isRecord(body.customer_details) ? body.customer_details : {}, items,
      ...(typeof paymentId === 'string' && paymentId !== '' ? { paymentId } : {}),
      // Snap has one finish URL; Midtrans adds the outcome to its query.
      ...(isWebUrl(finish) ? { returnUrls: { success: finish, failure: finish } } : {}),
      expiresAt: new Date(Date.now() + duration).toISOString(), createdAt: at, updatedAt: at,
    };
    attempts.set(orderId, attempt);
    save();
    log(`[payments] midtrans snap ${orderId} ${formatRupiah(gross)} → ${pageUrl(attempt)}`);
    sendJson(response, 201, { token: randomUUID(), redirect_url: pageUrl(attempt) });
  }

  function midtransStatus(request: IncomingMessage, response: ServerResponse, orderId: string) {
    if (!midtransAuthorized(request)) return sendJson(response, 401, { status_code: '401', status_message: 'Unknown Merchant server_key/id', id: randomUUID() });
    const attempt = attempts.get(orderId);
    // Like Snap: no transaction until the customer picks a method on the page.
    if (!attempt || attempt.provider !== 'midtrans' || attempt.status === 'created') {
      return sendJson(response, 404, { status_code: '404', status_message: "Transaction doesn't exist.", id: randomUUID() });
    }
    const transaction = midtransTransaction(attempt, attempt.status, MIDTRANS_CODES[attempt.status] ?? '200');
    sendJson(response, 200, { ...transaction, status_message: 'Success, transaction is found' });
  }

  /**
   * POST /v2/{order_id or transaction_id}/cancel: a pending transaction becomes `cancel` (200) and its
   * notification follows; none yet (a Snap page without a chosen method) is 404; anything settled or
   * closed is 412, as Midtrans answers (docs.midtrans.com/reference/cancel-transaction).
   */
  function midtransCancel(request: IncomingMessage, response: ServerResponse, id: string) {
    const answer = (code: string, message: string) => sendJson(response, Number(code), { status_code: code, status_message: message, id: randomUUID() });
    if (!midtransAuthorized(request)) return answer('401', 'Unknown Merchant server_key/id');
    const attempt = attempts.get(id) ?? [...attempts.values()].find((candidate) => candidate.provider === 'midtrans' && candidate.id === id);
    if (!attempt || attempt.provider !== 'midtrans' || attempt.status === 'created') return answer('404', "Transaction doesn't exist.");
    if (attempt.status !== 'pending') return answer('412', 'Merchant cannot modify the status of the transaction');
    const at = new Date().toISOString();
    Object.assign(attempt, { status: 'cancel', updatedAt: at, cancelledAt: at });
    save();
    log(`[payments] midtrans cancel ${attempt.providerOrderId}`);
    const { signature_key: _signature, ...transaction } = midtransTransaction(attempt, 'cancel', '200');
    sendJson(response, 200, { ...transaction, status_message: 'Success, transaction is canceled' });
    afterAnswer(() => deliver(attempt, 'cancel', '200'));
  }

  // ---- Xendit ----

  const xenditAuthorized = (request: IncomingMessage) => request.headers.authorization === basic(LOCAL_XENDIT_SECRET.value.secretKey);
  const xenditUnauthorized = (response: ServerResponse) => sendJson(response, 401, { error_code: 'INVALID_API_KEY', message: 'API key is invalid' });

  function invoice(attempt: SandboxAttempt, status = attempt.status) {
    const paid = status === 'PAID' || status === 'SETTLED';
    return {
      id: attempt.id,
      external_id: attempt.providerOrderId,
      user_id: 'petpro-local-business',
      status,
      merchant_name: 'PetPro (sandbox)',
      amount: attempt.amount,
      ...(attempt.description ? { description: attempt.description } : {}),
      expiry_date: attempt.expiresAt,
      invoice_url: pageUrl(attempt),
      currency: 'IDR',
      customer: attempt.customer,
      items: attempt.items,
      ...(attempt.returnUrls?.success ? { success_redirect_url: attempt.returnUrls.success } : {}),
      ...(attempt.returnUrls?.failure ? { failure_redirect_url: attempt.returnUrls.failure } : {}),
      ...(attempt.metadata ? { metadata: attempt.metadata } : {}),
      created: attempt.createdAt,
      updated: attempt.updatedAt,
      ...(paid
        ? { paid_amount: attempt.amount, paid_at: attempt.paidAt ?? attempt.updatedAt, ...xenditPaidWith(attempt.method ?? 'va') }
        : {}),
    };
  }

  function xenditPaidWith(method: SandboxMethod) {
    const [paymentMethod, channel] = SANDBOX_METHODS[method].xendit;
    return { payment_method: paymentMethod, payment_channel: channel, ...(method === 'va' ? { bank_code: channel, payment_destination: '8808999912345678' } : {}) };
  }

  /** The invoice callback carries the invoice's state, not its page or line items. */
  function xenditCallback(attempt: SandboxAttempt, status: string) {
    const { invoice_url: _url, expiry_date: _expiry, customer, items: _items, metadata: _metadata, ...callback } = invoice(attempt, status);
    const email = customer.email;
    return { ...callback, is_high: false, ...(typeof email === 'string' ? { payer_email: email } : {}) };
  }

  async function xenditCreate(request: IncomingMessage, response: ServerResponse) {
    if (!xenditAuthorized(request)) return xenditUnauthorized(response);
    const refuse = (status: number, code: string, message: string) => sendJson(response, status, { error_code: code, message });
    const body = await jsonBody(request);
    if (!isRecord(body)) return refuse(400, 'API_VALIDATION_ERROR', 'body must be an object');
    const { external_id: externalId, amount } = body;
    if (typeof externalId !== 'string' || externalId === '' || externalId.length > 1000) return refuse(400, 'API_VALIDATION_ERROR', '"external_id" is required');
    if (typeof amount !== 'number' || !Number.isSafeInteger(amount) || amount < 1) return refuse(400, 'API_VALIDATION_ERROR', '"amount" must be a whole IDR amount of at least 1');
    const key = request.headers['idempotency-key'];
    const idempotencyKey = typeof key === 'string' && key !== '' ? key : undefined;
    const existing = attempts.get(externalId);
    if (existing) {
      // The same key answers the first invoice again: a retried create never makes a second one.
      if (idempotencyKey && existing.idempotencyKey === idempotencyKey && existing.provider === 'xendit') return sendJson(response, 200, invoice(existing));
      // Stricter than Xendit (which would open a second invoice): a retry without its key is a bug to see.
      return refuse(409, 'DUPLICATE_ERROR', `an invoice with external_id ${externalId} exists; retry with the same idempotency-key`);
    }
    const { metadata, success_redirect_url: success, failure_redirect_url: failure } = body;
    // Xendit's limits: up to 50 keys, names up to 40 characters, values up to 500.
    if (metadata !== undefined && (!isRecord(metadata) || Object.keys(metadata).length > 50
      || Object.entries(metadata).some(([name, value]) => name.length > 40 || JSON.stringify(value).length > 500))) {
      return refuse(400, 'API_VALIDATION_ERROR', '"metadata" must be an object of at most 50 keys (names up to 40 characters, values up to 500)');
    }
    if ((success !== undefined && !isWebUrl(success)) || (failure !== undefined && !isWebUrl(failure))) {
      return refuse(400, 'API_VALIDATION_ERROR', '"success_redirect_url" and "failure_redirect_url" must be http(s) URLs');
    }
    const paymentId = isRecord(metadata) && typeof metadata.payment_id === 'string' && metadata.payment_id !== '' ? metadata.payment_id : undefined;
    const seconds = typeof body.invoice_duration === 'number' && body.invoice_duration > 0 ? body.invoice_duration : 86_400;
    const at = new Date().toISOString();
    const attempt: SandboxAttempt = {
      provider: 'xendit', providerOrderId: externalId, id: randomUUID().replace(/-/g, '').slice(0, 24), amount, status: 'PENDING',
      customer: isRecord(body.customer) ? body.customer : {}, items: Array.isArray(body.items) ? body.items : [],
      ...(typeof body.description === 'string' ? { description: body.description } : {}),
      ...(idempotencyKey ? { idempotencyKey } : {}),
      ...(paymentId ? { paymentId } : {}),
      ...(isRecord(metadata) ? { metadata } : {}),
      // Either may be missing ('': no way back for that outcome).
      ...(isWebUrl(success) || isWebUrl(failure) ? { returnUrls: { success: isWebUrl(success) ? success : '', failure: isWebUrl(failure) ? failure : '' } } : {}),
      expiresAt: new Date(Date.now() + seconds * 1000).toISOString(), createdAt: at, updatedAt: at,
    };
    attempts.set(externalId, attempt);
    save();
    log(`[payments] xendit invoice ${externalId} ${formatRupiah(amount)} → ${pageUrl(attempt)}`);
    sendJson(response, 200, invoice(attempt));
  }

  function xenditList(request: IncomingMessage, response: ServerResponse, url: URL) {
    if (!xenditAuthorized(request)) return xenditUnauthorized(response);
    const externalId = url.searchParams.get('external_id');
    const found = [...attempts.values()].filter((attempt) => attempt.provider === 'xendit' && (externalId === null || attempt.providerOrderId === externalId));
    sendJson(response, 200, found.reverse().map((attempt) => invoice(attempt)));
  }

  function xenditGet(request: IncomingMessage, response: ServerResponse, invoiceId: string) {
    if (!xenditAuthorized(request)) return xenditUnauthorized(response);
    const found = [...attempts.values()].find((attempt) => attempt.provider === 'xendit' && attempt.id === invoiceId);
    if (!found) return sendJson(response, 404, { error_code: 'INVOICE_NOT_FOUND_ERROR', message: 'Could not find invoice' });
    sendJson(response, 200, invoice(found));
  }

  /**
   * POST /invoices/{invoice_id}/expire!: a PENDING invoice expires at once (answered with the invoice)
   * and its EXPIRED callback follows. Any other is refused with Xendit's "Could not find and update
   * PENDING invoice" (xendit/xendit-php#200); the 404 status is this sandbox's reading of that message.
   */
  function xenditExpire(request: IncomingMessage, response: ServerResponse, invoiceId: string) {
    if (!xenditAuthorized(request)) return xenditUnauthorized(response);
    const attempt = [...attempts.values()].find((candidate) => candidate.provider === 'xendit' && candidate.id === invoiceId);
    if (!attempt || attempt.status !== 'PENDING') {
      return sendJson(response, 404, { error_code: 'INVOICE_NOT_FOUND_ERROR', message: 'Could not find and update PENDING invoice' });
    }
    const at = new Date().toISOString();
    Object.assign(attempt, { status: 'EXPIRED', updatedAt: at, cancelledAt: at });
    save();
    log(`[payments] xendit expire ${attempt.providerOrderId}`);
    sendJson(response, 200, invoice(attempt));
    afterAnswer(() => deliver(attempt, 'EXPIRED', '200'));
  }

  // ---- Refunds ----

  const inFlight = new Set<Promise<void>>();
  /** As at the providers, the notification (of a refund, a cancel) follows the answer. */
  function afterAnswer(work: () => Promise<unknown>) {
    const task: Promise<void> = new Promise<void>((resolve) => setImmediate(resolve))
      .then(work)
      .then(() => undefined, (error: unknown) => log(`[payments] notification failed: ${String(error)}`))
      .finally(() => inFlight.delete(task));
    inFlight.add(task);
  }

  /** The amount asked (default: what remains), or why it cannot be refunded. */
  function refundAmount(attempt: SandboxAttempt, requested: unknown): number | string {
    const remaining = attempt.amount - refundedOf(attempt);
    if (requested === undefined || requested === null) return remaining > 0 ? remaining : 'nothing remains to refund';
    if (typeof requested !== 'number' || !Number.isSafeInteger(requested) || requested < 1) return 'amount must be a whole rupiah amount of at least 1';
    if (requested > remaining) return `amount ${requested} is more than the ${remaining} that remains`;
    return requested;
  }

  const refundCount = () => [...attempts.values()].reduce((count, attempt) => count + (attempt.refunds?.length ?? 0), 0);

  function midtransRefundAnswer(attempt: SandboxAttempt, refund: SandboxRefund) {
    return {
      status_code: '200', status_message: 'Success, refund request is approved', transaction_id: attempt.id, order_id: attempt.providerOrderId,
      gross_amount: grossAmount(attempt.amount), currency: 'IDR', payment_type: SANDBOX_METHODS[attempt.method ?? 'va'].midtrans,
      transaction_time: jakartaTime(attempt.createdAt), transaction_status: attempt.status,
      refund_chargeback_id: Number(refund.id), refund_amount: grossAmount(refund.amount), refund_key: refund.key,
    };
  }

  /** POST /v2/{order_id}/refund: direct refunds for cards, e-wallets and QRIS; a bank transfer or a store payment is refused. */
  async function midtransRefund(request: IncomingMessage, response: ServerResponse, orderId: string) {
    const answer = (code: string, message: string) => sendJson(response, Number(code), { status_code: code, status_message: message, id: randomUUID() });
    if (!midtransAuthorized(request)) return answer('401', 'Unknown Merchant server_key/id');
    const body = await jsonBody(request);
    const attempt = attempts.get(orderId);
    if (!attempt || attempt.provider !== 'midtrans' || attempt.status === 'created') return answer('404', "Transaction doesn't exist.");
    const key = isRecord(body) && typeof body.refund_key === 'string' && body.refund_key !== '' ? body.refund_key : randomUUID();
    if (!/^[A-Za-z0-9_-]{1,100}$/.test(key)) return answer('400', 'refund_key may only contain letters, digits, - and _');
    const existing = attempt.refunds?.find((refund) => refund.key === key);
    if (existing) {
      // The same refund_key is a retry: the first refund's answer, no second refund.
      existing.requests += 1;
      save();
      return sendJson(response, 200, midtransRefundAnswer(attempt, existing));
    }
    if (!['settlement', 'capture', 'partial_refund'].includes(attempt.status)) return answer('412', `Transaction status ${attempt.status} cannot be refunded.`);
    const method = SANDBOX_METHODS[attempt.method ?? 'va'];
    if (!method.refundable) return answer('412', `Refund is not supported for payment type ${method.midtrans}.`);
    const amount = refundAmount(attempt, isRecord(body) ? body.amount : undefined);
    if (typeof amount === 'string') return answer('412', amount);
    const at = new Date().toISOString();
    const refund: SandboxRefund = {
      id: String(100_000 + refundCount() + 1), key, amount, reason: isRecord(body) && typeof body.reason === 'string' ? body.reason : '',
      status: 'SUCCEEDED', requests: 1, createdAt: at,
    };
    attempt.refunds = [...(attempt.refunds ?? []), refund];
    Object.assign(attempt, { status: refundedOf(attempt) >= attempt.amount ? 'refund' : 'partial_refund', updatedAt: at });
    save();
    log(`[payments] midtrans refund ${orderId} ${formatRupiah(amount)} → ${attempt.status}`);
    sendJson(response, 200, midtransRefundAnswer(attempt, refund));
    const status = attempt.status;
    afterAnswer(() => deliver(attempt, status, MIDTRANS_CODES[status] ?? '200'));
  }

  function xenditRefundBody(attempt: SandboxAttempt, refund: SandboxRefund) {
    const [paymentMethod, channel] = SANDBOX_METHODS[attempt.method ?? 'va'].xendit;
    return {
      id: refund.id, invoice_id: attempt.id, payment_request_id: null, payment_id: null, amount: refund.amount, payment_method_type: paymentMethod,
      channel_code: channel, currency: 'IDR', status: refund.status, reason: refund.reason, reference_id: refund.referenceId ?? null,
      failure_code: null, refund_fee_amount: null, created: refund.createdAt, updated: refund.createdAt, metadata: refund.metadata ?? null,
    };
  }

  /** POST /refunds: by invoice_id, once per idempotency-key; e-wallets, cards and QRIS only. */
  async function xenditRefund(request: IncomingMessage, response: ServerResponse) {
    if (!xenditAuthorized(request)) return xenditUnauthorized(response);
    const refuse = (status: number, code: string, message: string) => sendJson(response, status, { error_code: code, message });
    const body = await jsonBody(request);
    if (!isRecord(body)) return refuse(400, 'API_VALIDATION_ERROR', 'body must be an object');
    const invoiceId = body.invoice_id;
    if (typeof invoiceId !== 'string' || invoiceId === '') return refuse(400, 'API_VALIDATION_ERROR', '"invoice_id" is required (the sandbox refunds invoices only)');
    if (typeof body.reason !== 'string' || !XENDIT_REFUND_REASONS.includes(body.reason)) return refuse(400, 'API_VALIDATION_ERROR', `"reason" must be one of ${XENDIT_REFUND_REASONS.join(', ')}`);
    const attempt = [...attempts.values()].find((candidate) => candidate.provider === 'xendit' && candidate.id === invoiceId);
    if (!attempt) return refuse(404, 'DATA_NOT_FOUND', `no invoice ${invoiceId}`);
    const header = request.headers['idempotency-key'];
    const key = typeof header === 'string' && header !== '' ? header : randomUUID();
    const existing = attempt.refunds?.find((refund) => refund.key === key);
    if (existing) {
      existing.requests += 1;
      save();
      return sendJson(response, 200, xenditRefundBody(attempt, existing));
    }
    if (attempt.status !== 'PAID' && attempt.status !== 'SETTLED') return refuse(400, 'INVALID_PAYMENT_STATUS', `invoice ${invoiceId} is ${attempt.status}`);
    const method = SANDBOX_METHODS[attempt.method ?? 'va'];
    if (!method.refundable) return refuse(400, 'REFUND_NOT_SUPPORTED', `refunds are not supported for ${method.xendit.join(':')}`);
    const amount = refundAmount(attempt, body.amount);
    if (typeof amount === 'string') return refuse(400, 'REFUND_AMOUNT_EXCEEDED', amount);
    const refund: SandboxRefund = {
      id: `rfd-${randomUUID()}`, key, amount, reason: body.reason, status: 'PENDING', requests: 1, createdAt: new Date().toISOString(),
      ...(typeof body.reference_id === 'string' ? { referenceId: body.reference_id } : {}),
      ...(isRecord(body.metadata) ? { metadata: body.metadata } : {}),
    };
    attempt.refunds = [...(attempt.refunds ?? []), refund];
    save();
    log(`[payments] xendit refund ${attempt.providerOrderId} ${formatRupiah(amount)}`);
    sendJson(response, 200, xenditRefundBody(attempt, refund));
    afterAnswer(async () => {
      refund.status = 'SUCCEEDED';
      save();
      const callback = { event: 'refund.succeeded', business_id: 'petpro-local-business', created: new Date().toISOString(), data: xenditRefundBody(attempt, refund) };
      return send(attempt, callback, 'refund.succeeded');
    });
  }

  function xenditRefunds(request: IncomingMessage, response: ServerResponse, url: URL) {
    if (!xenditAuthorized(request)) return xenditUnauthorized(response);
    const invoiceId = url.searchParams.get('invoice_id');
    const found = [...attempts.values()].filter((attempt) => attempt.provider === 'xendit' && (invoiceId === null || attempt.id === invoiceId));
    sendJson(response, 200, { data: found.flatMap((attempt) => (attempt.refunds ?? []).map((refund) => xenditRefundBody(attempt, refund))), has_more: false });
  }

  // ---- Outcomes and webhooks ----

  async function deliver(attempt: SandboxAttempt, status: string, code: string): Promise<number> {
    return send(attempt, attempt.provider === 'midtrans' ? midtransTransaction(attempt, status, code) : xenditCallback(attempt, status), status);
  }

  async function send(attempt: SandboxAttempt, body: unknown, status: string): Promise<number> {
    const url = `${options.apiBaseUrl().replace(/\/+$/, '')}/v1/webhooks/${attempt.provider}`;
    try {
      const answer = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': attempt.provider === 'midtrans' ? 'Veritrans' : 'Xendit',
          ...(attempt.provider === 'xendit' ? { 'x-callback-token': LOCAL_XENDIT_SECRET.value.callbackToken } : {}),
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
      });
      await answer.arrayBuffer();
      log(`[payments] ${attempt.provider} webhook ${attempt.providerOrderId} ${status} → ${answer.status}`);
      return answer.status;
    } catch (error) {
      log(`[payments] ${attempt.provider} webhook ${attempt.providerOrderId} ${status} → not delivered: ${(error as Error).message}`);
      return 0;
    }
  }

  async function pay(id: string, outcome: SandboxOutcome, payOptions: PayOptions = {}): Promise<PayResult> {
    if (!SANDBOX_OUTCOMES.includes(outcome)) throw new SandboxError(400, `outcome must be one of ${SANDBOX_OUTCOMES.join(', ')}`);
    if (payOptions.method !== undefined && !isMethod(payOptions.method)) throw new SandboxError(400, `method must be one of ${Object.keys(SANDBOX_METHODS).join(', ')}`);
    const attempt = findAttempt(id);
    if (!attempt) throw new SandboxError(404, `no payment attempt ${id}`);
    const { providerOrderId } = attempt;
    // Xendit has no such step: an invoice is PENDING from creation until paid or expired.
    if (outcome === 'pending' && attempt.provider === 'xendit') throw new SandboxError(400, 'a Xendit invoice is pending until paid or expired: pending is a Midtrans outcome');
    const final = OUTCOMES[attempt.provider][outcome];
    // A settled, failed, expired or cancelled payment cannot move again; the same outcome again is a re-delivery.
    if (isFinal(attempt) && attempt.status !== final.status) throw new SandboxError(409, `${providerOrderId} is already ${attempt.status}`);
    if (outcome === 'pending' && attempt.status !== 'created' && attempt.status !== 'pending') throw new SandboxError(409, `${providerOrderId} is already ${attempt.status}`);
    // Past its expiry a page takes no payment (a lapsed Snap token, an expired invoice), nor a method; the
    // merchant's expiry (expire) still closes it. A re-delivery of an outcome reached in time is still sent.
    if ((outcome === 'pay' || outcome === 'pending') && attempt.status !== final.status && Date.parse(attempt.expiresAt) <= Date.now()) {
      throw new SandboxError(409, `${providerOrderId} expired at ${attempt.expiresAt}: it can no longer be paid`);
    }
    if (attempt.status !== final.status) {
      const at = new Date().toISOString();
      // The method chosen at `pending` stays unless paying names another.
      const method = payOptions.method ?? attempt.method ?? 'va';
      Object.assign(attempt, { status: final.status, updatedAt: at }, outcome === 'pay' ? { paidAt: at, method } : outcome === 'pending' ? { method } : {});
      save();
    }
    const times = Math.min(MAX_TIMES, Math.max(0, Math.floor(payOptions.times ?? 1)));
    const deliveries: number[] = [];
    for (let i = 0; i < times; i += 1) deliveries.push(await deliver(attempt, final.status, final.code));
    if (payOptions.outOfOrder) {
      const pending = OUTCOMES[attempt.provider].pending;
      deliveries.push(await deliver(attempt, pending.status, pending.code));
    }
    return { providerOrderId, ...(attempt.paymentId ? { paymentId: attempt.paymentId } : {}), outcome, status: attempt.status, deliveries };
  }

  // ---- The payment page ----

  function listPage(): string {
    const rows = [...attempts.values()].reverse().slice(0, 50).map((attempt) =>
      `<tr><td><a href="${PAGE_PREFIX}/${encodeURIComponent(pageId(attempt))}">${escapeHtml(attempt.providerOrderId)}</a></td><td>${attempt.paymentId ? `<code>${escapeHtml(attempt.paymentId)}</code>` : '—'}</td><td>${attempt.provider}</td><td>${formatRupiah(attempt.amount)}</td><td>${escapeHtml(attempt.status)}</td></tr>`);
    return layout('Pembayaran sandbox · Payment sandbox', `<h1>Pembayaran sandbox <small>Payment sandbox</small></h1>
<table><thead><tr><th>Nomor pesanan · Order ID</th><th>ID pembayaran · Payment ID</th><th>Penyedia · Provider</th><th>Jumlah · Amount</th><th>Status</th></tr></thead><tbody>${rows.join('') || '<tr><td colspan="5">Belum ada pembayaran · No payments yet</td></tr>'}</tbody></table>`);
  }

  /**
   * Where the provider's page would send the customer once an outcome is chosen: the success URL if paid,
   * else the failure URL; Midtrans adds the outcome to its one finish URL's query (Snap "Custom Finish URL").
   */
  function returnUrl(attempt: SandboxAttempt): string | undefined {
    if (untouched(attempt) || !attempt.returnUrls) return undefined;
    const chosen = PAID_STATUSES.has(attempt.status) ? attempt.returnUrls.success : attempt.returnUrls.failure;
    if (!isWebUrl(chosen)) return undefined;
    if (attempt.provider === 'xendit') return chosen;
    const url = new URL(chosen);
    url.searchParams.set('order_id', attempt.providerOrderId);
    url.searchParams.set('status_code', MIDTRANS_CODES[attempt.status] ?? '200');
    url.searchParams.set('transaction_status', attempt.status);
    return url.toString();
  }

  /** `addressedAs`: the id in the page's URL (our payment id or the provider order id); its buttons post to the same. */
  function attemptPage(attempt: SandboxAttempt, addressedAs: string): string {
    const id = encodeURIComponent(addressedAs);
    const disabled = isFinal(attempt) ? ' disabled' : '';
    // Past its expiry the page takes no payment nor method (pay() refuses them too).
    const lapsed = !isFinal(attempt) && Date.parse(attempt.expiresAt) <= Date.now();
    const button = (outcome: SandboxOutcome, label: string, english: string, off = disabled) =>
      `<form method="post" action="${PAGE_PREFIX}/${id}/${outcome}"><button class="${outcome}" type="submit"${off}>${label} <small>${english}</small></button></form>`;
    // Snap has a step Xendit's invoice lacks: a method chosen (a VA issued), not paid yet.
    const pending = attempt.provider === 'midtrans' ? button('pending', 'Pilih metode', 'Choose method, pay later', attempt.status === 'created' && !lapsed ? '' : ' disabled') : '';
    const back = returnUrl(attempt);
    const closing = attempt.cancelledAt
      ? '<p>Pembayaran ini dibatalkan oleh penjual dan tidak bisa dibayar lagi. <small>The merchant cancelled this payment: it can no longer be paid.</small></p>'
      : isFinal(attempt) ? '<p>Pembayaran ini sudah selesai. <small>This payment is final.</small></p>'
        : lapsed ? '<p>Halaman pembayaran ini sudah kedaluwarsa dan tidak bisa dibayar lagi. <small>This payment page has expired: it can no longer be paid.</small></p>' : '';
    return layout(`${formatRupiah(attempt.amount)} · ${escapeHtml(attempt.providerOrderId)}`, `<h1>Pembayaran sandbox <small>Payment sandbox · ${attempt.provider === 'midtrans' ? 'Midtrans Snap' : 'Xendit Invoice'}</small></h1>
<dl>
  <dt>Jumlah <small>Amount</small></dt><dd class="amount">${formatRupiah(attempt.amount)}</dd>
  <dt>Nomor pesanan <small>Order ID</small></dt><dd><code>${escapeHtml(attempt.providerOrderId)}</code></dd>
  ${attempt.paymentId ? `<dt>ID pembayaran <small>Payment ID</small></dt><dd><code>${escapeHtml(attempt.paymentId)}</code></dd>` : ''}
  <dt>Status</dt><dd><code>${escapeHtml(attempt.status)}</code></dd>
  <dt>Kedaluwarsa pada <small>Expires at</small></dt><dd>${escapeHtml(jakartaTime(attempt.expiresAt))} WIB</dd>
</dl>
${closing}
<div class="actions">${button('pay', 'Bayar', 'Pay', lapsed ? ' disabled' : disabled)}${button('fail', 'Gagal', 'Fail')}${button('expire', 'Kedaluwarsa', 'Expire')}${pending}</div>
${back ? `<p class="back"><a href="${escapeHtml(back)}">Kembali ke aplikasi <small>Back to the app</small></a></p>` : ''}
<p><small>Lokal saja: tidak ada uang sungguhan. · Local only: no real money moves.</small></p>`);
  }

  function layout(title: string, body: string): string {
    return `<!doctype html>
<html lang="id"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;color:#1f2933}small{color:#616e7c;font-weight:normal}
dt{margin-top:.75rem;font-weight:600}dd{margin:0}.amount{font-size:2rem;font-weight:700}.actions{display:flex;gap:.5rem;margin:1.5rem 0}
button{font-size:1rem;padding:.75rem 1rem;border:0;border-radius:.5rem;color:#fff;cursor:pointer}button:disabled{opacity:.4;cursor:default}
.pay{background:#1f7a4d}.fail{background:#b42318}.expire{background:#6b7280}.pending{background:#1d4ed8}.back{font-size:1.1rem}table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:.25rem .5rem;border-bottom:1px solid #e4e7eb}</style>
</head><body>${body}</body></html>`;
  }

  const sendHtml = (response: ServerResponse, status: number, html: string) => {
    response.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(html), 'cache-control': 'no-store' });
    response.end(html);
  };

  async function page(request: IncomingMessage, response: ServerResponse, url: URL) {
    const method = (request.method ?? 'GET').toUpperCase();
    const rest = url.pathname.slice(PAGE_PREFIX.length).split('/').filter(Boolean).map((part) => decodeURIComponent(part));
    if (method === 'GET' && rest.length === 0) return sendHtml(response, 200, listPage());
    if (method === 'GET' && rest.length === 1) {
      const attempt = findAttempt(rest[0]!);
      if (!attempt) return sendHtml(response, 404, layout('404', '<h1>Pembayaran tidak ditemukan <small>Payment not found</small></h1>'));
      return sendHtml(response, 200, attemptPage(attempt, rest[0]!));
    }
    if (method === 'POST' && rest.length === 2) {
      // The id is our payment id or the provider order id; a form returns to the page it came from.
      const [id, outcome] = rest as [string, string];
      // Scripts may send { times, outOfOrder, method } as JSON or as query parameters; a browser form sends neither.
      const body = /json/.test(request.headers['content-type'] ?? '') ? await jsonBody(request) : undefined;
      const field = (name: 'times' | 'outOfOrder' | 'method') => (isRecord(body) && body[name] !== undefined ? body[name] : url.searchParams.get(name));
      const method = field('method') ?? undefined;
      const times = Number(field('times') ?? 1);
      const outOfOrder = [true, 'true', '1'].includes(field('outOfOrder') as string);
      const result = await pay(id, outcome as SandboxOutcome, { times: Number.isFinite(times) ? times : 1, outOfOrder, ...(method !== undefined ? { method: method as SandboxMethod } : {}) });
      if (/text\/html/.test(request.headers.accept ?? '')) {
        response.writeHead(303, { location: `${PAGE_PREFIX}/${encodeURIComponent(id)}` });
        return response.end();
      }
      return sendJson(response, 200, result);
    }
    sendJson(response, 404, { message: `not a sandbox page: ${method} ${url.pathname}` });
  }

  /**
   * GET /sandbox/pay (recent attempts), GET /sandbox/pay/{id} (the page), POST /sandbox/pay/{id}/{outcome}
   * (JSON, or back to the page for a form); `id` is our payment id or the provider order id.
   */
  const pageRoute: DevRoute = async (request, response, url) => {
    try {
      await page(request, response, url);
    } catch (error) {
      if (!(error instanceof SandboxError)) throw error;
      sendJson(response, error.status, { message: error.message });
    }
  };

  const server: Server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const method = (request.method ?? 'GET').toUpperCase();
    try {
      if (url.pathname === PAGE_PREFIX || url.pathname.startsWith(`${PAGE_PREFIX}/`)) return await pageRoute(request, response, url);
      if (method === 'POST' && url.pathname === '/snap/v1/transactions') return await snapCreate(request, response);
      const status = /^\/v2\/([^/]+)\/status$/.exec(url.pathname);
      if (method === 'GET' && status) return midtransStatus(request, response, decodeURIComponent(status[1]!));
      if (/^\/v2\/invoices\/?$/.test(url.pathname)) {
        if (method === 'POST') return await xenditCreate(request, response);
        if (method === 'GET') return xenditList(request, response, url);
      }
      const invoiceById = /^\/v2\/invoices\/([^/]+)$/.exec(url.pathname);
      if (method === 'GET' && invoiceById) return xenditGet(request, response, decodeURIComponent(invoiceById[1]!));
      const refund = /^\/v2\/([^/]+)\/refund(?:\/online\/direct)?$/.exec(url.pathname);
      if (method === 'POST' && refund) return await midtransRefund(request, response, decodeURIComponent(refund[1]!));
      const cancel = /^\/v2\/([^/]+)\/cancel$/.exec(url.pathname);
      if (method === 'POST' && cancel) return midtransCancel(request, response, decodeURIComponent(cancel[1]!));
      const expire = /^\/invoices\/([^/]+)\/expire!$/.exec(url.pathname);
      if (method === 'POST' && expire) return xenditExpire(request, response, decodeURIComponent(expire[1]!));
      if (/^\/refunds\/?$/.test(url.pathname)) {
        if (method === 'POST') return await xenditRefund(request, response);
        if (method === 'GET') return xenditRefunds(request, response, url);
      }
      sendJson(response, 404, { message: `not supported by the local payment sandbox: ${method} ${url.pathname}` });
    } catch (error) {
      if (error instanceof SandboxError) return sendJson(response, error.status, { message: error.message });
      log(`[payments] ${method} ${url.pathname} → 500: ${(error as Error).stack ?? String(error)}`);
      if (!response.headersSent) sendJson(response, 500, { message: 'payment sandbox error' });
      else response.end();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    devRoutes: { [PAGE_PREFIX]: pageRoute },
    pay,
    attempts: () => [...attempts.values()].map((attempt) => structuredClone(attempt)),
    async idle() {
      while (inFlight.size > 0) await Promise.all([...inFlight]);
    },
    async stop() {
      while (inFlight.size > 0) await Promise.all([...inFlight]);
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    },
  };
}

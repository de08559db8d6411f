import { ENV, optionalEnv, PAYMENT_PROVIDER_URLS } from '#shared/config/env.ts';
import { sendHttpRequest, type HttpAnswer } from '#shared/lib/http-request.ts';
import { midtransKeys, xenditKeys } from './keys.ts';
import {
  RefundRefused,
  type CheckoutRequest,
  type Provider,
  type ProviderGateway,
  type ProviderStatus,
  type RefundRequest,
} from './model.ts';
import { rupiah } from './signatures.ts';

/**
 * The provider adapters: Midtrans Snap and Xendit Invoice over HTTPS. Base URLs come from the
 * environment (provider sandboxes in dev stages, the local sandbox on this machine), keys from
 * Secrets Manager. Errors name the provider and HTTP status, never a key.
 */

const TIMEOUT_MS = 10_000;
const LIVE = PAYMENT_PROVIDER_URLS.production;

export interface MidtransGatewayOptions {
  keys?: () => Promise<{ serverKey: string }>;
  baseUrls?: { snap?: string; api?: string };
}

export interface XenditGatewayOptions {
  keys?: () => Promise<{ secretKey: string }>;
  baseUrl?: string;
}

type Json = Record<string, unknown>;

const isRecord = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const trimSlash = (url: string) => url.replace(/\/+$/, '');
const basicAuth = (username: string) => `Basic ${Buffer.from(`${username}:`).toString('base64')}`;
const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/** Seconds from now until `expiresAt`, at least one (an attempt that is already due still gets a page). */
function secondsUntil(expiresAt: string): number {
  const seconds = Math.floor((Date.parse(expiresAt) - Date.now()) / 1000);
  return Number.isFinite(seconds) ? Math.max(1, seconds) : 1;
}

/** The provider's own words on an error (validation messages), short; bodies never carry our keys. */
function providerMessage(body: unknown): string {
  if (!isRecord(body)) return '';
  const parts = Array.isArray(body.error_messages)
    ? body.error_messages
    : [body.error_code, body.message ?? body.status_message];
  const message = parts.filter((part): part is string => typeof part === 'string' && part !== '').join('; ');
  return message ? `: ${message.slice(0, 200)}` : '';
}

async function call(
  provider: Provider,
  what: string,
  url: string,
  init: { method: string; headers?: Record<string, string>; body?: string },
): Promise<{ status: number; body: unknown }> {
  let response: HttpAnswer;
  try {
    response = await sendHttpRequest(url, { ...init, timeoutMs: TIMEOUT_MS });
  } catch (error) {
    throw new Error(
      `${provider} ${what} failed: ${(error as Error).name === 'TimeoutError' ? `no answer in ${TIMEOUT_MS} ms` : (error as Error).message}`,
      { cause: error },
    );
  }
  let body: unknown;
  try {
    body = response.text ? JSON.parse(response.text) : undefined;
  } catch {
    body = undefined;
  }
  return { status: response.status, body };
}

const fail = (provider: Provider, what: string, status: number, body: unknown) =>
  new Error(`${provider} ${what} failed: HTTP ${status}${providerMessage(body)}`);

/** A 4xx is the provider's verdict on the refund; our keys (401/403), throttling and 5xx are worth a retry. */
const refusedStatus = (status: number) => status >= 400 && status < 500 && ![401, 403, 408, 429].includes(status);

/** Whole rupiah from a Midtrans amount ("5000.00") or a number; undefined otherwise. */
const amountOf = (value: unknown): number | undefined =>
  typeof value === 'string'
    ? rupiah(value)
    : typeof value === 'number' && Number.isSafeInteger(value) && value >= 0
      ? value
      : undefined;

type CancelOutcome = Awaited<ReturnType<ProviderGateway['cancel']>>['outcome'];

/** Where a Midtrans transaction stands for a cancel: the money was taken, or it can no longer be paid. */
function midtransClosed(transactionStatus: string): CancelOutcome | undefined {
  if (
    ['settlement', 'capture', 'refund', 'partial_refund', 'chargeback', 'partial_chargeback'].includes(
      transactionStatus,
    )
  )
    return 'settled';
  if (['cancel', 'expire', 'deny', 'failure'].includes(transactionStatus)) return 'cancelled';
  return undefined;
}

/** Xendit invoice statuses: PAID/SETTLED took the money; EXPIRED can no longer be paid. */
const xenditPaid = (status: unknown) => status === 'PAID' || status === 'SETTLED';

/** Midtrans Snap: a payment page per order_id; Core API status by order_id. */
export function midtransGateway(options: MidtransGatewayOptions = {}): ProviderGateway {
  const keys = options.keys ?? midtransKeys;
  const snapBase = () =>
    trimSlash(options.baseUrls?.snap ?? optionalEnv(ENV.midtransSnapUrl) ?? LIVE.midtrans[ENV.midtransSnapUrl]);
  const apiBase = () =>
    trimSlash(options.baseUrls?.api ?? optionalEnv(ENV.midtransApiUrl) ?? LIVE.midtrans[ENV.midtransApiUrl]);
  const headers = async () => ({
    'accept': 'application/json',
    'content-type': 'application/json',
    'authorization': basicAuth((await keys()).serverKey),
  });

  const gateway: ProviderGateway = {
    async createCheckout(request: CheckoutRequest) {
      const body = {
        transaction_details: { order_id: request.providerOrderId, gross_amount: request.amount },
        // Midtrans refuses a list whose sum is not gross_amount, and names longer than 50 characters.
        ...(request.items.length
          ? {
              item_details: request.items.map((item) => ({
                id: item.id,
                price: item.price,
                quantity: item.quantity,
                name: item.name.slice(0, 50),
              })),
            }
          : {}),
        customer_details: {
          first_name: request.customer.name,
          ...(request.customer.email ? { email: request.customer.email } : {}),
          ...(request.customer.phone ? { phone: request.customer.phone } : {}),
        },
        // Relative to creation: no clock-format or time-zone mismatch with Midtrans.
        expiry: { unit: 'minutes', duration: Math.max(1, Math.floor(secondsUntil(request.expiresAt) / 60)) },
        // Shown with the order in the dashboard and sent back in its notifications (String(255)).
        custom_field1: request.paymentId,
        // Snap's create-token API documents only `callbacks.finish` (error/unfinish redirects are dashboard
        // settings); Midtrans appends ?order_id=&status_code=&transaction_status= to it, so the one app
        // screen serves every outcome (docs.midtrans.com Snap "Advanced Feature": Custom Finish URL).
        ...(request.returnUrls ? { callbacks: { finish: request.returnUrls.success } } : {}),
      };
      const { status, body: answer } = await call('midtrans', 'create checkout', `${snapBase()}/snap/v1/transactions`, {
        method: 'POST',
        headers: await headers(),
        body: JSON.stringify(body),
      });
      if (status < 200 || status > 299) throw fail('midtrans', 'create checkout', status, answer);
      const redirectUrl = isRecord(answer) ? text(answer.redirect_url) : null;
      if (!redirectUrl) throw new Error('midtrans create checkout failed: no redirect_url in the answer');
      return { redirectUrl };
    },

    async status(providerOrderId: string): Promise<ProviderStatus | undefined> {
      const { status, body } = await call(
        'midtrans',
        'status',
        `${apiBase()}/v2/${encodeURIComponent(providerOrderId)}/status`,
        {
          method: 'GET',
          headers: await headers(),
        },
      );
      // A Snap order is unknown to the status API until the customer picks a method. Only Midtrans's own
      // "404" body counts: a 404 page from a wrong base URL must fail, not read as "no payment".
      if (isRecord(body) && body.status_code === '404') return undefined;
      if (status < 200 || status > 299) throw fail('midtrans', 'status', status, body);
      const rawStatus = isRecord(body) ? text(body.transaction_status) : null;
      if (!isRecord(body) || !rawStatus) throw fail('midtrans', 'status', status, body);
      const amount = typeof body.gross_amount === 'string' ? rupiah(body.gross_amount) : undefined;
      if (amount === undefined)
        throw new Error(`midtrans status failed: gross_amount ${String(body.gross_amount)} is not whole rupiah`);
      const fraudStatus = text(body.fraud_status);
      // refund_amount is what has gone back in all (each refund is listed in `refunds`).
      const refundedAmount = amountOf(body.refund_amount);
      return {
        rawStatus,
        ...(fraudStatus ? { fraudStatus } : {}),
        amount,
        providerTransactionId: text(body.transaction_id),
        method: text(body.payment_type),
        ...(refundedAmount !== undefined ? { refundedAmount } : {}),
      };
    },

    async refund(request: RefundRequest) {
      const { status, body } = await call(
        'midtrans',
        'refund',
        `${apiBase()}/v2/${encodeURIComponent(request.providerOrderId)}/refund`,
        {
          method: 'POST',
          headers: await headers(),
          body: JSON.stringify({
            refund_key: request.refundKey,
            amount: request.amount,
            reason: request.reason.slice(0, 255),
          }),
        },
      );
      if (refusedStatus(status))
        throw new RefundRefused(`midtrans refund refused: HTTP ${status}${providerMessage(body)}`);
      if (status < 200 || status > 299) throw fail('midtrans', 'refund', status, body);
      // Midtrans may answer HTTP 200 with its verdict in status_code.
      const code = isRecord(body) ? Number(text(body.status_code)) : Number.NaN;
      if (refusedStatus(code)) throw new RefundRefused(`midtrans refund refused: ${code}${providerMessage(body)}`);
      if (code !== 200 && code !== 201) throw fail('midtrans', 'refund', Number.isNaN(code) ? status : code, body);
      const id = isRecord(body) ? body.refund_chargeback_id : undefined;
      return { providerRefundId: typeof id === 'number' || typeof id === 'string' ? String(id) : null };
    },

    /**
     * Core API cancel (`POST /v2/{order_id}/cancel`, for Snap orders too): a pending transaction becomes
     * `cancel` (status_code 200) and Midtrans notifies it. 404: no transaction — a Snap order whose
     * customer never picked a method; its Snap token lapses at its expiry. 412 ("Merchant cannot modify
     * the status of the transaction"): already settled or closed — the status API says which.
     * (docs.midtrans.com/reference/cancel-transaction, status-code-4xx)
     */
    async cancel(providerOrderId: string) {
      const { status, body } = await call(
        'midtrans',
        'cancel',
        `${apiBase()}/v2/${encodeURIComponent(providerOrderId)}/cancel`,
        {
          method: 'POST',
          headers: await headers(),
        },
      );
      // The verdict is the body's status_code (Midtrans may send it under HTTP 200). A body without one
      // (a proxy's error page, a wrong base URL) is not Midtrans speaking: fail, never read it as "unknown".
      const code = isRecord(body) ? text(body.status_code) : null;
      if (status >= 500 || code === null || code.startsWith('5') || ['401', '403', '429'].includes(code)) {
        throw fail('midtrans', 'cancel', code === null || status >= 500 ? status : Number(code), body);
      }
      if (code === '404') return { outcome: 'unknown' as const };
      if (code === '200') {
        const outcome = midtransClosed(isRecord(body) ? (text(body.transaction_status) ?? '') : '');
        if (outcome) return { outcome };
        throw new Error(
          `midtrans cancel failed: answered 200 with transaction_status ${String(isRecord(body) ? body.transaction_status : undefined)}`,
        );
      }
      // Refused (412, or another 4xx verdict): ask where the transaction stands.
      const seen = await gateway.status(providerOrderId);
      if (!seen) return { outcome: 'unknown' as const };
      const outcome = midtransClosed(seen.rawStatus);
      if (outcome) return { outcome };
      throw new Error(
        `midtrans cancel failed: ${code}${providerMessage(body)} while the transaction is ${seen.rawStatus}`,
      );
    },
  };
  return gateway;
}

/** Xendit Invoice: one invoice per external_id (the idempotency key makes a retry return it). */
export function xenditGateway(options: XenditGatewayOptions = {}): ProviderGateway {
  const keys = options.keys ?? xenditKeys;
  const base = () => trimSlash(options.baseUrl ?? optionalEnv(ENV.xenditApiUrl) ?? LIVE.xendit[ENV.xenditApiUrl]);
  const headers = async () => ({
    'accept': 'application/json',
    'content-type': 'application/json',
    'authorization': basicAuth((await keys()).secretKey),
  });

  /** Sum of the invoice's succeeded refunds. */
  async function refunded(invoiceId: string): Promise<number> {
    const { status, body } = await call(
      'xendit',
      'refunds',
      `${base()}/refunds?invoice_id=${encodeURIComponent(invoiceId)}&limit=100`,
      {
        method: 'GET',
        headers: await headers(),
      },
    );
    if (status < 200 || status > 299 || !isRecord(body) || !Array.isArray(body.data))
      throw fail('xendit', 'refunds', status, body);
    return body.data
      .filter(isRecord)
      .filter((refund) => refund.status === 'SUCCEEDED')
      .reduce((sum, refund) => sum + (amountOf(refund.amount) ?? 0), 0);
  }

  /** The invoices with this external_id (one, unless created twice); none when Xendit knows none. */
  async function invoicesOf(providerOrderId: string, what: string): Promise<Json[]> {
    const { status, body } = await call(
      'xendit',
      what,
      `${base()}/v2/invoices?external_id=${encodeURIComponent(providerOrderId)}`,
      {
        method: 'GET',
        headers: await headers(),
      },
    );
    if (
      status === 404 &&
      isRecord(body) &&
      typeof body.error_code === 'string' &&
      body.error_code.endsWith('NOT_FOUND_ERROR')
    )
      return [];
    if (status < 200 || status > 299) throw fail('xendit', what, status, body);
    if (!Array.isArray(body)) throw new Error(`xendit ${what} failed: the answer is not a list of invoices`);
    return body.filter(isRecord).filter((invoice) => invoice.external_id === providerOrderId);
  }

  /**
   * `POST /invoices/{id}/expire!` (xendit-node docs/Invoice.md, expireInvoice). An invoice that is no longer
   * PENDING is refused ("Could not find and update PENDING invoice", xendit/xendit-php#200): it was paid or
   * expired meanwhile, and the invoice itself says which.
   */
  async function expire(invoiceId: string): Promise<CancelOutcome> {
    const path = encodeURIComponent(invoiceId);
    const { status, body } = await call('xendit', 'cancel', `${base()}/invoices/${path}/expire!`, {
      method: 'POST',
      headers: await headers(),
    });
    const verdict = (invoice: unknown): CancelOutcome | undefined =>
      !isRecord(invoice)
        ? undefined
        : invoice.status === 'EXPIRED'
          ? 'cancelled'
          : xenditPaid(invoice.status)
            ? 'settled'
            : undefined;
    if (status >= 200 && status <= 299) {
      const outcome = verdict(body);
      if (outcome) return outcome;
      throw new Error(
        `xendit cancel failed: the expired invoice reads ${String(isRecord(body) ? body.status : undefined)}`,
      );
    }
    if (status >= 500 || [401, 403, 408, 429].includes(status)) throw fail('xendit', 'cancel', status, body);
    const read = await call('xendit', 'cancel', `${base()}/v2/invoices/${path}`, {
      method: 'GET',
      headers: await headers(),
    });
    const outcome = read.status >= 200 && read.status <= 299 ? verdict(read.body) : undefined;
    if (outcome) return outcome;
    throw fail('xendit', 'cancel', status, body);
  }

  const gateway: ProviderGateway = {
    async createCheckout(request: CheckoutRequest) {
      const body = {
        external_id: request.providerOrderId,
        amount: request.amount,
        currency: 'IDR',
        invoice_duration: secondsUntil(request.expiresAt),
        customer: {
          given_names: request.customer.name,
          ...(request.customer.email ? { email: request.customer.email } : {}),
          ...(request.customer.phone ? { mobile_number: request.customer.phone } : {}),
        },
        items: request.items.map((item) => ({ name: item.name, price: item.price, quantity: item.quantity })),
        // Free-form, shown on the invoice in the dashboard: support finds our payment from it.
        metadata: { payment_id: request.paymentId },
        ...(request.returnUrls
          ? { success_redirect_url: request.returnUrls.success, failure_redirect_url: request.returnUrls.failure }
          : {}),
      };
      const { status, body: answer } = await call('xendit', 'create checkout', `${base()}/v2/invoices`, {
        method: 'POST',
        headers: { ...(await headers()), 'idempotency-key': request.providerOrderId },
        body: JSON.stringify(body),
      });
      if (status < 200 || status > 299) throw fail('xendit', 'create checkout', status, answer);
      const redirectUrl = isRecord(answer) ? text(answer.invoice_url) : null;
      if (!redirectUrl) throw new Error('xendit create checkout failed: no invoice_url in the answer');
      return { redirectUrl };
    },

    async status(providerOrderId: string): Promise<ProviderStatus | undefined> {
      const invoices = await invoicesOf(providerOrderId, 'status');
      // Should two invoices exist, a paid one is the truth about the attempt.
      const invoice = invoices.find((candidate) => xenditPaid(candidate.status)) ?? invoices[0];
      if (!invoice) return undefined;
      const rawStatus = text(invoice.status);
      if (!rawStatus || typeof invoice.amount !== 'number' || !Number.isSafeInteger(invoice.amount)) {
        throw new Error('xendit status failed: the invoice has no status or no whole-rupiah amount');
      }
      const method = text(invoice.payment_method);
      const channel = text(invoice.payment_channel);
      const invoiceId = text(invoice.id);
      // A refunded invoice still reads PAID: its refunds say how much went back.
      const refundedAmount =
        invoiceId && (rawStatus === 'PAID' || rawStatus === 'SETTLED') ? await refunded(invoiceId) : undefined;
      return {
        rawStatus,
        amount: invoice.amount,
        providerTransactionId: invoiceId,
        method: method && channel ? `${method}:${channel}` : (method ?? channel),
        ...(refundedAmount ? { refundedAmount } : {}),
      };
    },

    async refund(request: RefundRequest) {
      const invoiceId =
        request.providerTransactionId ?? (await gateway.status(request.providerOrderId))?.providerTransactionId;
      if (!invoiceId) throw new RefundRefused(`xendit refund refused: no invoice for ${request.providerOrderId}`);
      const { status, body } = await call('xendit', 'refund', `${base()}/refunds`, {
        method: 'POST',
        headers: { ...(await headers()), 'idempotency-key': request.refundKey },
        body: JSON.stringify({
          invoice_id: invoiceId,
          reference_id: request.refundKey,
          amount: request.amount,
          currency: 'IDR',
          reason: 'OTHERS',
          // The refund callback names the invoice, not our order: metadata brings the order back.
          metadata: { external_id: request.providerOrderId, reason: request.reason.slice(0, 500) },
        }),
      });
      if (refusedStatus(status))
        throw new RefundRefused(`xendit refund refused: HTTP ${status}${providerMessage(body)}`);
      if (status < 200 || status > 299 || !isRecord(body)) throw fail('xendit', 'refund', status, body);
      if (body.status === 'FAILED')
        throw new RefundRefused(`xendit refund refused: ${text(body.failure_code) ?? 'FAILED'}`);
      return { providerRefundId: text(body.id) };
    },

    /** Expires the attempt's pending invoice(s); a paid one means the money was taken, an expired one is closed already. */
    async cancel(providerOrderId: string) {
      const invoices = await invoicesOf(providerOrderId, 'cancel');
      if (invoices.length === 0) return { outcome: 'unknown' as const };
      if (invoices.some((invoice) => xenditPaid(invoice.status))) return { outcome: 'settled' as const };
      const pending = invoices.filter((invoice) => invoice.status === 'PENDING');
      for (const invoice of pending) {
        const invoiceId = text(invoice.id);
        if (!invoiceId) throw new Error('xendit cancel failed: a pending invoice has no id');
        if ((await expire(invoiceId)) === 'settled') return { outcome: 'settled' as const };
      }
      if (pending.length > 0 || invoices.some((invoice) => invoice.status === 'EXPIRED'))
        return { outcome: 'cancelled' as const };
      throw new Error(
        `xendit cancel failed: invoice status ${String(invoices[0]!.status)} is neither pending, paid nor expired`,
      );
    },
  };
  return gateway;
}

let cached: Record<Provider, ProviderGateway> | undefined;

/** Both adapters, built once (keys.ts caches their keys). */
export function gateways(): Record<Provider, ProviderGateway> {
  cached ??= { midtrans: midtransGateway(), xendit: xenditGateway() };
  return cached;
}

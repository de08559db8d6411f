import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { sendJson } from '../http-util.ts';
import { LOCAL_XENDIT_SECRET } from '../messaging.ts';
import { isRecord, jsonBody, type SandboxRoute } from '../sandbox-server.ts';
import {
  basicAuth,
  formatRupiah,
  isWebUrl,
  refundAmount,
  SANDBOX_METHODS,
  type SandboxAttempt,
  type SandboxMethod,
  type SandboxRefund,
} from './model.ts';
import type { SandboxContext } from './state.ts';

/**
 * Xendit Invoice: create (`POST /v2/invoices`, once per external_id, a retry answered by its
 * idempotency-key), list by external_id and get by id (`GET /v2/invoices`, `/v2/invoices/{id}`),
 * expire (`POST /invoices/{id}/expire!`) and refunds (`POST /refunds`, `GET /refunds`), with the secret
 * key checked as Basic auth. Primary flow: create → the customer pays on the page (`invoice_url`) → the
 * invoice callback goes to the API with the `x-callback-token`. An invoice cannot fail, it expires; a
 * refund is answered PENDING and its `refund.succeeded` callback follows, the invoice staying PAID.
 */

const REFUND_REASONS = ['FRAUDULENT', 'DUPLICATE', 'REQUESTED_BY_CUSTOMER', 'CANCELLATION', 'OTHERS'];

const authorized = (request: IncomingMessage) =>
  request.headers.authorization === basicAuth(LOCAL_XENDIT_SECRET.value.secretKey);
const unauthorized = (response: ServerResponse) =>
  sendJson(response, 401, { error_code: 'INVALID_API_KEY', message: 'API key is invalid' });
/** Xendit's error shape. */
const refuse = (response: ServerResponse, status: number, code: string, message: string) =>
  sendJson(response, status, { error_code: code, message });

function paidWith(method: SandboxMethod) {
  const [paymentMethod, channel] = SANDBOX_METHODS[method].xendit;
  return {
    payment_method: paymentMethod,
    payment_channel: channel,
    ...(method === 'va' ? { bank_code: channel, payment_destination: '8808999912345678' } : {}),
  };
}

/** The invoice as the API answers it; `invoiceUrl`: its payment page. */
export function xenditInvoice(attempt: SandboxAttempt, invoiceUrl: string, status = attempt.status) {
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
    invoice_url: invoiceUrl,
    currency: 'IDR',
    customer: attempt.customer,
    items: attempt.items,
    ...(attempt.returnUrls?.success ? { success_redirect_url: attempt.returnUrls.success } : {}),
    ...(attempt.returnUrls?.failure ? { failure_redirect_url: attempt.returnUrls.failure } : {}),
    ...(attempt.metadata ? { metadata: attempt.metadata } : {}),
    created: attempt.createdAt,
    updated: attempt.updatedAt,
    ...(paid
      ? {
          paid_amount: attempt.amount,
          paid_at: attempt.paidAt ?? attempt.updatedAt,
          ...paidWith(attempt.method ?? 'va'),
        }
      : {}),
  };
}

/** The invoice callback carries the invoice's state, not its page or line items. */
export function xenditCallback(attempt: SandboxAttempt, status: string) {
  const {
    invoice_url: _url,
    expiry_date: _expiry,
    customer,
    items: _items,
    metadata: _metadata,
    ...callback
  } = xenditInvoice(attempt, '', status);
  const email = customer.email;
  return { ...callback, is_high: false, ...(typeof email === 'string' ? { payer_email: email } : {}) };
}

function refundBody(attempt: SandboxAttempt, refund: SandboxRefund) {
  const [paymentMethod, channel] = SANDBOX_METHODS[attempt.method ?? 'va'].xendit;
  return {
    id: refund.id,
    invoice_id: attempt.id,
    payment_request_id: null,
    payment_id: null,
    amount: refund.amount,
    payment_method_type: paymentMethod,
    channel_code: channel,
    currency: 'IDR',
    status: refund.status,
    reason: refund.reason,
    reference_id: refund.referenceId ?? null,
    failure_code: null,
    refund_fee_amount: null,
    created: refund.createdAt,
    updated: refund.createdAt,
    metadata: refund.metadata ?? null,
  };
}

export function xenditRoutes(context: SandboxContext): SandboxRoute[] {
  const { state, webhooks, log } = context;
  const invoice = (attempt: SandboxAttempt) => xenditInvoice(attempt, context.pageUrl(attempt));

  async function create(request: IncomingMessage, response: ServerResponse) {
    if (!authorized(request)) return unauthorized(response);
    const body = await jsonBody(request);
    if (!isRecord(body)) return refuse(response, 400, 'API_VALIDATION_ERROR', 'body must be an object');
    const { external_id: externalId, amount } = body;
    if (typeof externalId !== 'string' || externalId === '' || externalId.length > 1000)
      return refuse(response, 400, 'API_VALIDATION_ERROR', '"external_id" is required');
    if (typeof amount !== 'number' || !Number.isSafeInteger(amount) || amount < 1)
      return refuse(response, 400, 'API_VALIDATION_ERROR', '"amount" must be a whole IDR amount of at least 1');
    const key = request.headers['idempotency-key'];
    const idempotencyKey = typeof key === 'string' && key !== '' ? key : undefined;
    const existing = state.attempts.get(externalId);
    if (existing) {
      // The same key answers the first invoice again: a retried create never makes a second one.
      if (idempotencyKey && existing.idempotencyKey === idempotencyKey && existing.provider === 'xendit')
        return sendJson(response, 200, invoice(existing));
      // Stricter than Xendit (which would open a second invoice): a retry without its key is a bug to see.
      return refuse(
        response,
        409,
        'DUPLICATE_ERROR',
        `an invoice with external_id ${externalId} exists; retry with the same idempotency-key`,
      );
    }
    const { metadata, success_redirect_url: success, failure_redirect_url: failure } = body;
    // Xendit's limits: up to 50 keys, names up to 40 characters, values up to 500.
    if (
      metadata !== undefined &&
      (!isRecord(metadata) ||
        Object.keys(metadata).length > 50 ||
        Object.entries(metadata).some(([name, value]) => name.length > 40 || JSON.stringify(value).length > 500))
    ) {
      return refuse(
        response,
        400,
        'API_VALIDATION_ERROR',
        '"metadata" must be an object of at most 50 keys (names up to 40 characters, values up to 500)',
      );
    }
    if ((success !== undefined && !isWebUrl(success)) || (failure !== undefined && !isWebUrl(failure))) {
      return refuse(
        response,
        400,
        'API_VALIDATION_ERROR',
        '"success_redirect_url" and "failure_redirect_url" must be http(s) URLs',
      );
    }
    const paymentId =
      isRecord(metadata) && typeof metadata.payment_id === 'string' && metadata.payment_id !== ''
        ? metadata.payment_id
        : undefined;
    const seconds =
      typeof body.invoice_duration === 'number' && body.invoice_duration > 0 ? body.invoice_duration : 86_400;
    const at = new Date().toISOString();
    const attempt: SandboxAttempt = {
      provider: 'xendit',
      providerOrderId: externalId,
      id: randomUUID().replace(/-/g, '').slice(0, 24),
      amount,
      status: 'PENDING',
      customer: isRecord(body.customer) ? body.customer : {},
      items: Array.isArray(body.items) ? body.items : [],
      ...(typeof body.description === 'string' ? { description: body.description } : {}),
      ...(idempotencyKey ? { idempotencyKey } : {}),
      ...(paymentId ? { paymentId } : {}),
      ...(isRecord(metadata) ? { metadata } : {}),
      // Either may be missing ('': no way back for that outcome).
      ...(isWebUrl(success) || isWebUrl(failure)
        ? { returnUrls: { success: isWebUrl(success) ? success : '', failure: isWebUrl(failure) ? failure : '' } }
        : {}),
      expiresAt: new Date(Date.now() + seconds * 1000).toISOString(),
      createdAt: at,
      updatedAt: at,
    };
    state.attempts.set(externalId, attempt);
    state.save();
    log(`[payments] xendit invoice ${externalId} ${formatRupiah(amount)} → ${context.pageUrl(attempt)}`);
    sendJson(response, 200, invoice(attempt));
  }

  function list(request: IncomingMessage, response: ServerResponse, url: URL) {
    if (!authorized(request)) return unauthorized(response);
    const externalId = url.searchParams.get('external_id');
    const found = [...state.attempts.values()].filter(
      (attempt) => attempt.provider === 'xendit' && (externalId === null || attempt.providerOrderId === externalId),
    );
    sendJson(
      response,
      200,
      found.reverse().map((attempt) => invoice(attempt)),
    );
  }

  function get(request: IncomingMessage, response: ServerResponse, invoiceId: string) {
    if (!authorized(request)) return unauthorized(response);
    const found = state.byProviderId('xendit', invoiceId);
    if (!found)
      return sendJson(response, 404, { error_code: 'INVOICE_NOT_FOUND_ERROR', message: 'Could not find invoice' });
    sendJson(response, 200, invoice(found));
  }

  /**
   * POST /invoices/{invoice_id}/expire!: a PENDING invoice expires at once (answered with the invoice)
   * and its EXPIRED callback follows. Any other is refused with Xendit's "Could not find and update
   * PENDING invoice" (xendit/xendit-php#200); the 404 status is this sandbox's reading of that message.
   */
  function expire(request: IncomingMessage, response: ServerResponse, invoiceId: string) {
    if (!authorized(request)) return unauthorized(response);
    const attempt = state.byProviderId('xendit', invoiceId);
    if (!attempt || attempt.status !== 'PENDING') {
      return sendJson(response, 404, {
        error_code: 'INVOICE_NOT_FOUND_ERROR',
        message: 'Could not find and update PENDING invoice',
      });
    }
    const at = new Date().toISOString();
    Object.assign(attempt, { status: 'EXPIRED', updatedAt: at, cancelledAt: at });
    state.save();
    log(`[payments] xendit expire ${attempt.providerOrderId}`);
    sendJson(response, 200, invoice(attempt));
    webhooks.afterAnswer(() => webhooks.send(attempt, xenditCallback(attempt, 'EXPIRED'), 'EXPIRED'));
  }

  /** POST /refunds: by invoice_id, once per idempotency-key; e-wallets, cards and QRIS only. */
  async function refund(request: IncomingMessage, response: ServerResponse) {
    if (!authorized(request)) return unauthorized(response);
    const body = await jsonBody(request);
    if (!isRecord(body)) return refuse(response, 400, 'API_VALIDATION_ERROR', 'body must be an object');
    const invoiceId = body.invoice_id;
    if (typeof invoiceId !== 'string' || invoiceId === '')
      return refuse(
        response,
        400,
        'API_VALIDATION_ERROR',
        '"invoice_id" is required (the sandbox refunds invoices only)',
      );
    if (typeof body.reason !== 'string' || !REFUND_REASONS.includes(body.reason))
      return refuse(response, 400, 'API_VALIDATION_ERROR', `"reason" must be one of ${REFUND_REASONS.join(', ')}`);
    const attempt = state.byProviderId('xendit', invoiceId);
    if (!attempt) return refuse(response, 404, 'DATA_NOT_FOUND', `no invoice ${invoiceId}`);
    const header = request.headers['idempotency-key'];
    const key = typeof header === 'string' && header !== '' ? header : randomUUID();
    const existing = attempt.refunds?.find((candidate) => candidate.key === key);
    if (existing) {
      existing.requests += 1;
      state.save();
      return sendJson(response, 200, refundBody(attempt, existing));
    }
    if (attempt.status !== 'PAID' && attempt.status !== 'SETTLED')
      return refuse(response, 400, 'INVALID_PAYMENT_STATUS', `invoice ${invoiceId} is ${attempt.status}`);
    const method = SANDBOX_METHODS[attempt.method ?? 'va'];
    if (!method.refundable)
      return refuse(response, 400, 'REFUND_NOT_SUPPORTED', `refunds are not supported for ${method.xendit.join(':')}`);
    const amount = refundAmount(attempt, body.amount);
    if (typeof amount === 'string') return refuse(response, 400, 'REFUND_AMOUNT_EXCEEDED', amount);
    const made: SandboxRefund = {
      id: `rfd-${randomUUID()}`,
      key,
      amount,
      reason: body.reason,
      status: 'PENDING',
      requests: 1,
      createdAt: new Date().toISOString(),
      ...(typeof body.reference_id === 'string' ? { referenceId: body.reference_id } : {}),
      ...(isRecord(body.metadata) ? { metadata: body.metadata } : {}),
    };
    attempt.refunds = [...(attempt.refunds ?? []), made];
    state.save();
    log(`[payments] xendit refund ${attempt.providerOrderId} ${formatRupiah(amount)}`);
    sendJson(response, 200, refundBody(attempt, made));
    webhooks.afterAnswer(async () => {
      made.status = 'SUCCEEDED';
      state.save();
      const callback = {
        event: 'refund.succeeded',
        business_id: 'petpro-local-business',
        created: new Date().toISOString(),
        data: refundBody(attempt, made),
      };
      return webhooks.send(attempt, callback, 'refund.succeeded');
    });
  }

  function refunds(request: IncomingMessage, response: ServerResponse, url: URL) {
    if (!authorized(request)) return unauthorized(response);
    const invoiceId = url.searchParams.get('invoice_id');
    const found = [...state.attempts.values()].filter(
      (attempt) => attempt.provider === 'xendit' && (invoiceId === null || attempt.id === invoiceId),
    );
    sendJson(response, 200, {
      data: found.flatMap((attempt) => (attempt.refunds ?? []).map((made) => refundBody(attempt, made))),
      has_more: false,
    });
  }

  return [
    { method: 'POST', path: /^\/v2\/invoices\/?$/, handle: (request, response) => create(request, response) },
    {
      method: 'GET',
      path: /^\/v2\/invoices\/?$/,
      handle: (request, response, { url }) => list(request, response, url),
    },
    {
      method: 'GET',
      path: /^\/v2\/invoices\/([^/]+)$/,
      handle: (request, response, { params }) => get(request, response, params[0]!),
    },
    {
      method: 'POST',
      path: /^\/invoices\/([^/]+)\/expire!$/,
      handle: (request, response, { params }) => expire(request, response, params[0]!),
    },
    { method: 'POST', path: /^\/refunds\/?$/, handle: (request, response) => refund(request, response) },
    { method: 'GET', path: /^\/refunds\/?$/, handle: (request, response, { url }) => refunds(request, response, url) },
  ];
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import { createHash, randomUUID } from 'node:crypto';
import { sendJson } from '../http-util.ts';
import { LOCAL_MIDTRANS_SECRET } from '../messaging.ts';
import { isRecord, jsonBody, type SandboxRoute } from '../sandbox-server.ts';
import {
  basicAuth,
  formatRupiah,
  grossAmount,
  isWebUrl,
  jakartaTime,
  refundAmount,
  refundedOf,
  SANDBOX_METHODS,
  type SandboxAttempt,
  type SandboxRefund,
} from './model.ts';
import type { SandboxContext } from './state.ts';

/**
 * Midtrans: Snap (`POST /snap/v1/transactions`: a payment page, no transaction yet) and the Core API
 * (`GET /v2/{order_id}/status`, `POST /v2/{id}/cancel`, `POST /v2/{order_id}/refund`), with the server
 * key checked as Basic auth. Primary flow: Snap create → the customer picks a method / pays on the
 * page → a notification signed with `signature_key` = SHA-512(order_id + status_code + gross_amount +
 * server key) goes to the API; the status API then reads the same transaction. A cancel or a refund is
 * answered at once and its notification follows.
 */

/** The status_code Midtrans pairs with each transaction_status. */
export const MIDTRANS_CODES: Record<string, string> = {
  pending: '201',
  settlement: '200',
  capture: '200',
  deny: '202',
  expire: '407',
  cancel: '200',
  refund: '200',
  partial_refund: '200',
};

const authorized = (request: IncomingMessage) =>
  request.headers.authorization === basicAuth(LOCAL_MIDTRANS_SECRET.value.serverKey);

/** The transaction as the notification and the status API carry it, signed for `status` / `code`. */
export function midtransNotification(attempt: SandboxAttempt, status: string, code: string) {
  const orderId = attempt.providerOrderId;
  const gross = grossAmount(attempt.amount);
  return {
    transaction_time: jakartaTime(attempt.createdAt),
    transaction_status: status,
    transaction_id: attempt.id,
    status_message: 'midtrans payment notification',
    status_code: code,
    signature_key: createHash('sha512')
      .update(orderId + code + gross + LOCAL_MIDTRANS_SECRET.value.serverKey)
      .digest('hex'),
    payment_type: SANDBOX_METHODS[attempt.method ?? 'va'].midtrans,
    order_id: orderId,
    merchant_id: 'G000PETPRO',
    // Custom fields come back in the notifications and the status API.
    ...(attempt.paymentId ? { custom_field1: attempt.paymentId } : {}),
    gross_amount: gross,
    fraud_status: 'accept',
    currency: 'IDR',
    expiry_time: jakartaTime(attempt.expiresAt),
    ...((attempt.method ?? 'va') === 'va'
      ? { va_numbers: [{ bank: 'bca', va_number: `12345${attempt.id.replace(/\D/g, '').slice(0, 6).padEnd(6, '0')}` }] }
      : {}),
    ...(status === 'settlement' && attempt.paidAt ? { settlement_time: jakartaTime(attempt.paidAt) } : {}),
    // Signed over the original gross_amount; refund_amount is what has gone back in all.
    ...(attempt.refunds?.length
      ? {
          refund_amount: grossAmount(refundedOf(attempt)),
          refunds: attempt.refunds.map((refund) => ({
            refund_chargeback_id: Number(refund.id),
            refund_amount: grossAmount(refund.amount),
            created_at: jakartaTime(refund.createdAt),
            reason: refund.reason,
            refund_key: refund.key,
            refund_method: '',
          })),
        }
      : {}),
  };
}

function refundAnswer(attempt: SandboxAttempt, refund: SandboxRefund) {
  return {
    status_code: '200',
    status_message: 'Success, refund request is approved',
    transaction_id: attempt.id,
    order_id: attempt.providerOrderId,
    gross_amount: grossAmount(attempt.amount),
    currency: 'IDR',
    payment_type: SANDBOX_METHODS[attempt.method ?? 'va'].midtrans,
    transaction_time: jakartaTime(attempt.createdAt),
    transaction_status: attempt.status,
    refund_chargeback_id: Number(refund.id),
    refund_amount: grossAmount(refund.amount),
    refund_key: refund.key,
  };
}

/** Midtrans's Core API answer shape for a verdict. */
const answer = (response: ServerResponse, code: string, message: string) =>
  sendJson(response, Number(code), { status_code: code, status_message: message, id: randomUUID() });

export function midtransRoutes(context: SandboxContext): SandboxRoute[] {
  const { state, webhooks, log } = context;

  async function snapCreate(request: IncomingMessage, response: ServerResponse) {
    const refuse = (status: number, ...messages: string[]) => sendJson(response, status, { error_messages: messages });
    if (!authorized(request)) {
      return refuse(
        401,
        'Access denied due to unauthorized transaction, please check client or server key',
        'Visit https://snap-docs.midtrans.com/#request-headers for more details',
      );
    }
    const body = await jsonBody(request);
    const details = isRecord(body) && isRecord(body.transaction_details) ? body.transaction_details : undefined;
    const orderId = details?.order_id;
    const gross = details?.gross_amount;
    if (typeof orderId !== 'string' || !/^[A-Za-z0-9\-_~.]{1,50}$/.test(orderId))
      return refuse(400, 'transaction_details.order_id is invalid');
    if (typeof gross !== 'number' || !Number.isSafeInteger(gross) || gross < 1)
      return refuse(400, 'transaction_details.gross_amount must be a whole rupiah amount of at least 1');
    const items = isRecord(body) && Array.isArray(body.item_details) ? (body.item_details as unknown[]) : [];
    if (items.length) {
      const sum = items.reduce<number>(
        (total, item) =>
          total +
          (isRecord(item) && typeof item.price === 'number' && typeof item.quantity === 'number'
            ? item.price * item.quantity
            : Number.NaN),
        0,
      );
      if (sum !== gross) return refuse(400, 'transaction_details.gross_amount is not equal to the sum of item_details');
      if (items.some((item) => isRecord(item) && typeof item.name === 'string' && item.name.length > 50))
        return refuse(400, 'item_details.name is too long');
    }
    if (state.attempts.has(orderId)) return refuse(400, 'transaction_details.order_id has already been taken');
    const paymentId = isRecord(body) ? body.custom_field1 : undefined;
    if (paymentId !== undefined && (typeof paymentId !== 'string' || paymentId.length > 255))
      return refuse(400, 'custom_field1 must be a string of at most 255 characters');
    const callbacks = isRecord(body) ? body.callbacks : undefined;
    const finish = isRecord(callbacks) ? callbacks.finish : undefined;
    if (callbacks !== undefined && (!isRecord(callbacks) || (finish !== undefined && !isWebUrl(finish))))
      return refuse(400, 'callbacks.finish must be an http(s) URL');

    const expiry = isRecord(body) && isRecord(body.expiry) ? body.expiry : undefined;
    const unitMs: Record<string, number> = {
      minute: 60_000,
      minutes: 60_000,
      hour: 3_600_000,
      hours: 3_600_000,
      day: 86_400_000,
      days: 86_400_000,
    };
    const duration =
      typeof expiry?.duration === 'number' && typeof expiry.unit === 'string' && unitMs[expiry.unit]
        ? expiry.duration * unitMs[expiry.unit]!
        : 86_400_000;
    const at = new Date().toISOString();
    const attempt: SandboxAttempt = {
      provider: 'midtrans',
      providerOrderId: orderId,
      id: randomUUID(),
      amount: gross,
      status: 'created',
      customer: isRecord(body) && isRecord(body.customer_details) ? body.customer_details : {},
      items,
      ...(typeof paymentId === 'string' && paymentId !== '' ? { paymentId } : {}),
      // Snap has one finish URL; Midtrans adds the outcome to its query.
      ...(isWebUrl(finish) ? { returnUrls: { success: finish, failure: finish } } : {}),
      expiresAt: new Date(Date.now() + duration).toISOString(),
      createdAt: at,
      updatedAt: at,
    };
    state.attempts.set(orderId, attempt);
    state.save();
    log(`[payments] midtrans snap ${orderId} ${formatRupiah(gross)} → ${context.pageUrl(attempt)}`);
    sendJson(response, 201, { token: randomUUID(), redirect_url: context.pageUrl(attempt) });
  }

  function status(request: IncomingMessage, response: ServerResponse, orderId: string) {
    if (!authorized(request))
      return sendJson(response, 401, {
        status_code: '401',
        status_message: 'Unknown Merchant server_key/id',
        id: randomUUID(),
      });
    const attempt = state.attempts.get(orderId);
    // Like Snap: no transaction until the customer picks a method on the page.
    if (!attempt || attempt.provider !== 'midtrans' || attempt.status === 'created') {
      return sendJson(response, 404, {
        status_code: '404',
        status_message: "Transaction doesn't exist.",
        id: randomUUID(),
      });
    }
    const transaction = midtransNotification(attempt, attempt.status, MIDTRANS_CODES[attempt.status] ?? '200');
    sendJson(response, 200, { ...transaction, status_message: 'Success, transaction is found' });
  }

  /**
   * POST /v2/{order_id or transaction_id}/cancel: a pending transaction becomes `cancel` (200) and its
   * notification follows; none yet (a Snap page without a chosen method) is 404; anything settled or
   * closed is 412, as Midtrans answers (docs.midtrans.com/reference/cancel-transaction).
   */
  function cancel(request: IncomingMessage, response: ServerResponse, id: string) {
    if (!authorized(request)) return answer(response, '401', 'Unknown Merchant server_key/id');
    const attempt = state.attempts.get(id) ?? state.byProviderId('midtrans', id);
    if (!attempt || attempt.provider !== 'midtrans' || attempt.status === 'created')
      return answer(response, '404', "Transaction doesn't exist.");
    if (attempt.status !== 'pending')
      return answer(response, '412', 'Merchant cannot modify the status of the transaction');
    const at = new Date().toISOString();
    Object.assign(attempt, { status: 'cancel', updatedAt: at, cancelledAt: at });
    state.save();
    log(`[payments] midtrans cancel ${attempt.providerOrderId}`);
    const { signature_key: _signature, ...transaction } = midtransNotification(attempt, 'cancel', '200');
    sendJson(response, 200, { ...transaction, status_message: 'Success, transaction is canceled' });
    webhooks.afterAnswer(() => webhooks.send(attempt, midtransNotification(attempt, 'cancel', '200'), 'cancel'));
  }

  /** POST /v2/{order_id}/refund: direct refunds for cards, e-wallets and QRIS; a bank transfer or a store payment is refused. */
  async function refund(request: IncomingMessage, response: ServerResponse, orderId: string) {
    if (!authorized(request)) return answer(response, '401', 'Unknown Merchant server_key/id');
    const body = await jsonBody(request);
    const attempt = state.attempts.get(orderId);
    if (!attempt || attempt.provider !== 'midtrans' || attempt.status === 'created')
      return answer(response, '404', "Transaction doesn't exist.");
    const key =
      isRecord(body) && typeof body.refund_key === 'string' && body.refund_key !== '' ? body.refund_key : randomUUID();
    if (!/^[A-Za-z0-9_-]{1,100}$/.test(key))
      return answer(response, '400', 'refund_key may only contain letters, digits, - and _');
    const existing = attempt.refunds?.find((candidate) => candidate.key === key);
    if (existing) {
      // The same refund_key is a retry: the first refund's answer, no second refund.
      existing.requests += 1;
      state.save();
      return sendJson(response, 200, refundAnswer(attempt, existing));
    }
    if (!['settlement', 'capture', 'partial_refund'].includes(attempt.status))
      return answer(response, '412', `Transaction status ${attempt.status} cannot be refunded.`);
    const method = SANDBOX_METHODS[attempt.method ?? 'va'];
    if (!method.refundable)
      return answer(response, '412', `Refund is not supported for payment type ${method.midtrans}.`);
    const amount = refundAmount(attempt, isRecord(body) ? body.amount : undefined);
    if (typeof amount === 'string') return answer(response, '412', amount);
    const at = new Date().toISOString();
    const made: SandboxRefund = {
      id: String(100_000 + state.refundCount() + 1),
      key,
      amount,
      reason: isRecord(body) && typeof body.reason === 'string' ? body.reason : '',
      status: 'SUCCEEDED',
      requests: 1,
      createdAt: at,
    };
    attempt.refunds = [...(attempt.refunds ?? []), made];
    Object.assign(attempt, {
      status: refundedOf(attempt) >= attempt.amount ? 'refund' : 'partial_refund',
      updatedAt: at,
    });
    state.save();
    log(`[payments] midtrans refund ${orderId} ${formatRupiah(amount)} → ${attempt.status}`);
    sendJson(response, 200, refundAnswer(attempt, made));
    const refunded = attempt.status;
    const code = MIDTRANS_CODES[refunded] ?? '200';
    webhooks.afterAnswer(() => webhooks.send(attempt, midtransNotification(attempt, refunded, code), refunded));
  }

  // In this order, ahead of Xendit's: `GET /v2/invoices/status` is a Midtrans status request, as it always was.
  return [
    { method: 'POST', path: '/snap/v1/transactions', handle: (request, response) => snapCreate(request, response) },
    {
      method: 'GET',
      path: /^\/v2\/([^/]+)\/status$/,
      handle: (request, response, { params }) => status(request, response, params[0]!),
    },
    {
      method: 'POST',
      path: /^\/v2\/([^/]+)\/refund(?:\/online\/direct)?$/,
      handle: (request, response, { params }) => refund(request, response, params[0]!),
    },
    {
      method: 'POST',
      path: /^\/v2\/([^/]+)\/cancel$/,
      handle: (request, response, { params }) => cancel(request, response, params[0]!),
    },
  ];
}

import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Authenticating provider notifications and reading their bodies. No I/O.
 * Midtrans signs with SHA512(order_id + status_code + gross_amount + serverKey) over the strings exactly as sent;
 * Xendit sends the account's verification token in `x-callback-token`.
 */

export type MidtransVerification =
  | {
      ok: true;
      orderId: string;
      statusCode: string;
      grossAmount: string;
      transactionStatus: string;
      fraudStatus?: string;
      transactionId?: string;
      paymentType?: string;
    }
  | { ok: false; reason: string };

export interface XenditInvoice {
  externalId: string;
  invoiceId: string;
  status: string;
  amount: number;
  method: string | null;
}

export function midtransSignature(orderId: string, statusCode: string, grossAmount: string, serverKey: string): string {
  return createHash('sha512')
    .update(orderId + statusCode + grossAmount + serverKey)
    .digest('hex');
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Absent/null → undefined; a present non-string → null (malformed). */
function optionalString(value: unknown): string | undefined | null {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? value : null;
}

export function verifyMidtransNotification(body: unknown, serverKey: string): MidtransVerification {
  // An empty key would make signatures computable from the public fields alone.
  if (serverKey === '') return { ok: false, reason: 'server key not configured' };
  if (!isRecord(body)) return { ok: false, reason: 'body is not an object' };

  const required = ['order_id', 'status_code', 'gross_amount', 'transaction_status', 'signature_key'] as const;
  for (const field of required) {
    // No coercion: a number gross_amount would no longer be the string Midtrans signed.
    const value = body[field];
    if (typeof value !== 'string' || value === '') return { ok: false, reason: `${field} must be a non-empty string` };
  }
  const orderId = body.order_id as string;
  const statusCode = body.status_code as string;
  const grossAmount = body.gross_amount as string;
  const transactionStatus = body.transaction_status as string;
  const signatureKey = body.signature_key as string;

  const fraudStatus = optionalString(body.fraud_status);
  const transactionId = optionalString(body.transaction_id);
  const paymentType = optionalString(body.payment_type);
  if (fraudStatus === null) return { ok: false, reason: 'fraud_status must be a string' };
  if (transactionId === null) return { ok: false, reason: 'transaction_id must be a string' };
  if (paymentType === null) return { ok: false, reason: 'payment_type must be a string' };

  const expected = Buffer.from(midtransSignature(orderId, statusCode, grossAmount, serverKey), 'utf8');
  const received = Buffer.from(signatureKey.toLowerCase(), 'utf8');
  if (expected.length !== received.length || !timingSafeEqual(expected, received)) {
    return { ok: false, reason: 'signature mismatch' };
  }

  return {
    ok: true,
    orderId,
    statusCode,
    grossAmount,
    transactionStatus,
    ...(fraudStatus !== undefined && { fraudStatus }),
    ...(transactionId !== undefined && { transactionId }),
    ...(paymentType !== undefined && { paymentType }),
  };
}

const sha256 = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/** Compares digests so neither the content nor the length of the token leaks through timing. */
export function verifyXenditCallback(token: string | undefined, expected: string): boolean {
  if (token === undefined || expected === '') return false;
  return timingSafeEqual(sha256(token), sha256(expected));
}

/** The fields of a Xendit Invoice callback we use, or undefined if the body is malformed. */
export function parseXenditInvoice(body: unknown): XenditInvoice | undefined {
  if (!isRecord(body)) return undefined;
  const { external_id: externalId, id: invoiceId, status, amount } = body;
  if (typeof externalId !== 'string' || externalId === '') return undefined;
  if (typeof invoiceId !== 'string' || invoiceId === '') return undefined;
  if (typeof status !== 'string' || status === '') return undefined;
  // IDR has no minor unit: anything but a whole, non-negative number is not a rupiah amount.
  if (typeof amount !== 'number' || !Number.isSafeInteger(amount) || amount < 0) return undefined;

  const method = optionalString(body.payment_method) || undefined;
  const channel = optionalString(body.payment_channel) || undefined;
  // e.g. 'EWALLET:OVO', 'BANK_TRANSFER:BCA': the channel is what support asks about.
  const described =
    method !== undefined && channel !== undefined ? `${method}:${channel}` : (method ?? channel ?? null);
  return { externalId, invoiceId, status, amount, method: described };
}

export interface XenditRefundCallback {
  /** 'refund.succeeded' | 'refund.failed' */
  event: string;
  refundId: string;
  invoiceId: string | null;
  /** Our order: the metadata we sent with the refund. */
  externalId: string;
  amount: number;
  status: string;
  /** Why a refund failed (refund.failed: e.g. REFUND_FAILED, ACCOUNT_NOT_FOUND). */
  failureCode: string | null;
}

/** A Xendit refund callback (`{ event: 'refund.*', data }`), or undefined if malformed or not one of ours. */
export function parseXenditRefund(body: unknown): XenditRefundCallback | undefined {
  if (!isRecord(body) || typeof body.event !== 'string' || !body.event.startsWith('refund.') || !isRecord(body.data))
    return undefined;
  const { id, invoice_id: invoiceId, amount, status, metadata, failure_code: failureCode } = body.data;
  const externalId = isRecord(metadata) ? metadata.external_id : undefined;
  if (typeof id !== 'string' || id === '' || typeof status !== 'string' || status === '') return undefined;
  if (typeof externalId !== 'string' || externalId === '') return undefined;
  if (typeof amount !== 'number' || !Number.isSafeInteger(amount) || amount < 0) return undefined;
  return {
    event: body.event,
    refundId: id,
    invoiceId: typeof invoiceId === 'string' && invoiceId !== '' ? invoiceId : null,
    externalId,
    amount,
    status,
    failureCode: typeof failureCode === 'string' && failureCode !== '' ? failureCode.slice(0, 100) : null,
  };
}

const GROSS_AMOUNT = /^(0|[1-9][0-9]*)(?:\.0+)?$/;

/** Midtrans `gross_amount` ("150000.00") as integer rupiah; undefined for fractions, signs, exponents or junk. */
export function rupiah(grossAmount: string): number | undefined {
  const match = GROSS_AMOUNT.exec(grossAmount);
  if (match?.[1] === undefined) return undefined;
  const value = Number(match[1]);
  return Number.isSafeInteger(value) ? value : undefined;
}

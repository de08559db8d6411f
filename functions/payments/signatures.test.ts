import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import {
  midtransSignature,
  parseXenditInvoice,
  rupiah,
  verifyMidtransNotification,
  verifyXenditCallback,
} from './signatures.ts';

const SERVER_KEY = 'SB-Mid-server-TEST';
// Written out by hand: 'ORDER-101' + '200' + '150000.00' + server key, exactly as sent.
const SIGNED = createHash('sha512').update('ORDER-101200150000.00SB-Mid-server-TEST').digest('hex');
// The same digest from coreutils `printf '%s' 'ORDER-101200150000.00SB-Mid-server-TEST' | sha512sum`.
const SIGNED_HEX =
  'd691908b24aa297c06f4e316de300536dd1b5884c7a0d8f06b7086c509299a8d951521185cddeba274cebf4d2cc7e734a0a97232971f99f7e47ac2f9f21a0773';

const notification = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  transaction_time: '2025-01-10 10:00:00',
  transaction_status: 'settlement',
  transaction_id: 'd2b1c4e0-7c1f-4bd0-9a35-0c6c6d1a0b11',
  status_message: 'midtrans payment notification',
  status_code: '200',
  signature_key: SIGNED,
  payment_type: 'bank_transfer',
  order_id: 'ORDER-101',
  merchant_id: 'G000000000',
  gross_amount: '150000.00',
  fraud_status: 'accept',
  currency: 'IDR',
  ...overrides,
});

describe('midtransSignature', () => {
  it('is SHA512 hex of the concatenated strings', () => {
    expect(SIGNED).toBe(SIGNED_HEX);
    expect(midtransSignature('ORDER-101', '200', '150000.00', SERVER_KEY)).toBe(SIGNED_HEX);
  });
});

describe('verifyMidtransNotification', () => {
  it('accepts a correctly signed notification and returns its fields', () => {
    expect(verifyMidtransNotification(notification(), SERVER_KEY)).toEqual({
      ok: true,
      orderId: 'ORDER-101',
      statusCode: '200',
      grossAmount: '150000.00',
      transactionStatus: 'settlement',
      fraudStatus: 'accept',
      transactionId: 'd2b1c4e0-7c1f-4bd0-9a35-0c6c6d1a0b11',
      paymentType: 'bank_transfer',
    });
  });

  it('leaves optional fields out when Midtrans does not send them', () => {
    const result = verifyMidtransNotification(
      notification({ fraud_status: undefined, transaction_id: undefined, payment_type: undefined }),
      SERVER_KEY,
    );
    expect(result.ok).toBe(true);
    expect(Object.keys(result)).not.toContain('fraudStatus');
  });

  it.each([
    ['amount', { gross_amount: '1500000.00' }],
    ['amount format', { gross_amount: '150000' }],
    ['status code', { status_code: '201' }],
    ['order id', { order_id: 'ORDER-102' }],
    ['signature', { signature_key: SIGNED.replace(/^./, SIGNED.startsWith('0') ? '1' : '0') }],
  ])('rejects a tampered %s', (_name, overrides) => {
    expect(verifyMidtransNotification(notification(overrides), SERVER_KEY)).toEqual({
      ok: false,
      reason: 'signature mismatch',
    });
  });

  it('rejects a notification signed with another server key', () => {
    expect(verifyMidtransNotification(notification(), 'SB-Mid-server-OTHER').ok).toBe(false);
  });

  it.each([
    ['short', SIGNED.slice(0, 64)],
    ['long', `${SIGNED}00`],
    ['one char over', `${SIGNED}0`],
    ['raw bytes', Buffer.from(SIGNED, 'hex').toString('latin1')],
    ['empty', ''],
  ])('rejects a %s signature without throwing', (_name, signature) => {
    expect(() => verifyMidtransNotification(notification({ signature_key: signature }), SERVER_KEY)).not.toThrow();
    expect(verifyMidtransNotification(notification({ signature_key: signature }), SERVER_KEY).ok).toBe(false);
  });

  it('does not coerce numbers: a numeric gross_amount or status_code is rejected', () => {
    expect(verifyMidtransNotification(notification({ gross_amount: 150000 }), SERVER_KEY).ok).toBe(false);
    expect(verifyMidtransNotification(notification({ status_code: 200 }), SERVER_KEY).ok).toBe(false);
  });

  it.each([null, 'text', 42, [], {}])('rejects a malformed body %j', (body) => {
    expect(verifyMidtransNotification(body, SERVER_KEY).ok).toBe(false);
  });

  it('rejects a non-string optional field', () => {
    expect(verifyMidtransNotification(notification({ fraud_status: 1 }), SERVER_KEY).ok).toBe(false);
  });

  it('refuses to verify with an empty server key', () => {
    const forged = notification({ signature_key: createHash('sha512').update('ORDER-101200150000.00').digest('hex') });
    expect(verifyMidtransNotification(forged, '')).toEqual({ ok: false, reason: 'server key not configured' });
  });

  it('never throws on arbitrary input', () => {
    fc.assert(
      fc.property(fc.anything(), fc.string(), (body, signature) => {
        expect(verifyMidtransNotification(body, SERVER_KEY).ok).toBe(false);
        expect(verifyMidtransNotification(notification({ signature_key: signature }), SERVER_KEY).ok).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});

describe('verifyXenditCallback', () => {
  const TOKEN = 'xnd-callback-token-TEST';
  it('accepts the right token', () => expect(verifyXenditCallback('xnd-callback-token-TEST', TOKEN)).toBe(true));
  it('rejects a wrong token', () => {
    expect(verifyXenditCallback('xnd-callback-token-TESU', TOKEN)).toBe(false);
    expect(verifyXenditCallback('xnd-callback-token-TEST ', TOKEN)).toBe(false);
    expect(verifyXenditCallback('', TOKEN)).toBe(false);
  });
  it('rejects a missing token', () => expect(verifyXenditCallback(undefined, TOKEN)).toBe(false));
  it('rejects everything when no token is configured', () => {
    expect(verifyXenditCallback('', '')).toBe(false);
    expect(verifyXenditCallback(undefined, '')).toBe(false);
  });
});

describe('parseXenditInvoice', () => {
  const invoice = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
    id: '579c8d61f23fa4ca35e52da4',
    external_id: 'booking-42-1',
    user_id: '5781d19b2e2385880609791c',
    is_high: false,
    status: 'PAID',
    merchant_name: 'PetPro',
    amount: 150000,
    paid_amount: 150000,
    payment_method: 'EWALLET',
    payment_channel: 'OVO',
    currency: 'IDR',
    ...overrides,
  });

  it('reads the fields we use', () => {
    expect(parseXenditInvoice(invoice())).toEqual({
      externalId: 'booking-42-1',
      invoiceId: '579c8d61f23fa4ca35e52da4',
      status: 'PAID',
      amount: 150000,
      method: 'EWALLET:OVO',
    });
  });

  it('describes the method with whatever is present', () => {
    expect(parseXenditInvoice(invoice({ payment_channel: undefined }))?.method).toBe('EWALLET');
    expect(parseXenditInvoice(invoice({ payment_method: undefined }))?.method).toBe('OVO');
    expect(
      parseXenditInvoice(invoice({ status: 'EXPIRED', payment_method: undefined, payment_channel: undefined }))?.method,
    ).toBeNull();
  });

  it.each([
    ['no external_id', { external_id: undefined }],
    ['empty id', { id: '' }],
    ['numeric status', { status: 1 }],
    ['string amount', { amount: '150000' }],
    ['fractional amount', { amount: 150000.5 }],
    ['negative amount', { amount: -1 }],
    ['non-finite amount', { amount: Number.POSITIVE_INFINITY }],
  ])('rejects %s', (_name, overrides) => {
    expect(parseXenditInvoice(invoice(overrides))).toBeUndefined();
  });

  it.each([null, undefined, 'PAID', [], 7])('rejects a malformed body %j', (body) => {
    expect(parseXenditInvoice(body)).toBeUndefined();
  });
});

describe('rupiah', () => {
  it.each([
    ['150000.00', 150000],
    ['150000', 150000],
    ['150000.0', 150000],
    ['0.00', 0],
    ['9007199254740991', Number.MAX_SAFE_INTEGER],
  ])('%s → %d', (input, expected) => expect(rupiah(input)).toBe(expected));

  it.each([
    '150000.50',
    '150000.01',
    '-150000.00',
    '+150000',
    '1.5e5',
    '1e5',
    ' 150000',
    '150000 ',
    '150,000.00',
    '150000.',
    '.00',
    '',
    'abc',
    '0150000',
    '0x10',
    '9007199254740993',
    'Infinity',
    'NaN',
  ])('rejects %j', (input) => expect(rupiah(input)).toBeUndefined());

  it('round-trips any integer rupiah written the Midtrans way', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (amount) => {
        expect(rupiah(`${amount}.00`)).toBe(amount);
      }),
      { numRuns: 300 },
    );
  });
});

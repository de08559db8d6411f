import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { midtransGateway, xenditGateway } from '../functions/payments/providers.ts';
import { midtransNotification, xenditNotification } from '../functions/payments/payments.ts';
import { parseXenditInvoice, verifyMidtransNotification, verifyXenditCallback } from '../functions/payments/signatures.ts';
import { RefundRefused, type CheckoutRequest } from '../functions/payments/model.ts';
import { startPaymentSandbox, type PaymentSandbox } from './payment-sandbox.ts';
import { startGateway } from './gateway.ts';
import { LOCAL_MIDTRANS_SECRET, LOCAL_XENDIT_SECRET } from './messaging.ts';
import { freePort } from './ports.ts';
import { readBody } from './http-util.ts';

interface Webhook {
  path: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

const dir = mkdtempSync(join(tmpdir(), 'payment-sandbox-'));
const dataFile = join(dir, 'payment-sandbox.json');
const webhooks: Webhook[] = [];
let api: Server;
let apiUrl: string;
let sandbox: PaymentSandbox;

/** Stands in for the API: records webhooks and serves the sandbox page as the gateway's dev route does. */
beforeAll(async () => {
  api = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname.startsWith('/sandbox/pay')) return sandbox.devRoutes['/sandbox/pay']!(request, response, url);
    const body = JSON.parse((await readBody(request)).toString('utf8')) as Record<string, unknown>;
    webhooks.push({ path: url.pathname, headers: request.headers, body });
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end('{"received":true}');
  });
  await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
  const address = api.address();
  apiUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  sandbox = await startPaymentSandbox({ port: await freePort(), dataFile, apiBaseUrl: () => apiUrl });
});
afterAll(async () => {
  await sandbox.stop();
  await new Promise<void>((resolve) => api.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  webhooks.length = 0;
});

let sequence = 0;
const checkout = (overrides: Partial<CheckoutRequest> = {}): CheckoutRequest => {
  sequence += 1;
  return {
    paymentId: `pay-${sequence}`,
    providerOrderId: `PP-TEST${Date.now()}${sequence}`,
    amount: 150_000,
    customer: { name: 'Sari Wijaya', email: 'sari@example.co.id', phone: '+628123456789' },
    items: [{ id: 'grooming', name: 'Grooming kucing', price: 150_000, quantity: 1 }],
    expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
    ...overrides,
  };
};

const midtrans = () => midtransGateway({ keys: async () => LOCAL_MIDTRANS_SECRET.value, baseUrls: { snap: sandbox.endpoint, api: sandbox.endpoint } });
const xendit = () => xenditGateway({ keys: async () => LOCAL_XENDIT_SECRET.value, baseUrl: sandbox.endpoint });
const serverKey = LOCAL_MIDTRANS_SECRET.value.serverKey;
const callbackToken = LOCAL_XENDIT_SECRET.value.callbackToken;
const basic = (key: string) => `Basic ${Buffer.from(`${key}:`).toString('base64')}`;

describe('payment sandbox: Midtrans', () => {
  it('creates a Snap page on the gateway; the status API knows the order only once it is paid', async () => {
    const request = checkout();
    const { redirectUrl } = await midtrans().createCheckout(request);
    expect(redirectUrl).toBe(`${apiUrl}/sandbox/pay/${request.providerOrderId}`);
    // Like Snap: no transaction exists until the customer chooses a method.
    expect(await midtrans().status(request.providerOrderId)).toBeUndefined();

    const result = await sandbox.pay(request.providerOrderId, 'pay');
    expect(result).toEqual({ providerOrderId: request.providerOrderId, outcome: 'pay', status: 'settlement', deliveries: [200] });
    expect(await midtrans().status(request.providerOrderId)).toMatchObject({ rawStatus: 'settlement', fraudStatus: 'accept', amount: 150_000, method: 'bank_transfer' });

    expect(webhooks).toHaveLength(1);
    const [webhook] = webhooks;
    expect(webhook!.path).toBe('/v1/webhooks/midtrans');
    expect(webhook!.body).toMatchObject({ order_id: request.providerOrderId, transaction_status: 'settlement', status_code: '200', gross_amount: '150000.00', fraud_status: 'accept' });
    expect(verifyMidtransNotification(webhook!.body, serverKey)).toMatchObject({ ok: true, transactionStatus: 'settlement' });
    expect(verifyMidtransNotification(webhook!.body, 'another-server-key')).toEqual({ ok: false, reason: 'signature mismatch' });
    expect(midtransNotification(webhook!.body, serverKey)).toMatchObject({ provider: 'midtrans', rawStatus: 'settlement', amount: 150_000 });
  });

  it('fail sends deny (202) and expire sends expire (407), and the status API says so', async () => {
    const failed = checkout();
    const expired = checkout({ amount: 87_500, items: [] });
    await midtrans().createCheckout(failed);
    await midtrans().createCheckout(expired);
    expect((await sandbox.pay(failed.providerOrderId, 'fail')).status).toBe('deny');
    expect((await sandbox.pay(expired.providerOrderId, 'expire')).status).toBe('expire');
    expect(await midtrans().status(failed.providerOrderId)).toMatchObject({ rawStatus: 'deny', amount: 150_000 });
    expect(await midtrans().status(expired.providerOrderId)).toMatchObject({ rawStatus: 'expire', amount: 87_500 });
    expect(webhooks.map((webhook) => [webhook.body.transaction_status, webhook.body.status_code, webhook.body.gross_amount])).toEqual([
      ['deny', '202', '150000.00'],
      ['expire', '407', '87500.00'],
    ]);
    for (const webhook of webhooks) expect(verifyMidtransNotification(webhook.body, serverKey).ok).toBe(true);
  });

  it('times repeats the same notification; outOfOrder sends a stale pending one after it', async () => {
    const request = checkout();
    await midtrans().createCheckout(request);
    const result = await sandbox.pay(request.providerOrderId, 'pay', { times: 3, outOfOrder: true });
    expect(result.deliveries).toEqual([200, 200, 200, 200]);
    expect(webhooks.map((webhook) => [webhook.body.transaction_status, webhook.body.status_code])).toEqual([
      ['settlement', '200'], ['settlement', '200'], ['settlement', '200'], ['pending', '201'],
    ]);
    expect(webhooks[0]!.body).toEqual(webhooks[1]!.body);
    expect(verifyMidtransNotification(webhooks[3]!.body, serverKey)).toMatchObject({ ok: true, transactionStatus: 'pending' });
    // Still settled: the stale notification is only a delivery.
    expect((await midtrans().status(request.providerOrderId))?.rawStatus).toBe('settlement');
  });

  it('refuses a wrong server key (401), a reused order_id and items that do not add up (400), without echoing keys', async () => {
    const request = checkout();
    const wrong = midtransGateway({ keys: async () => ({ serverKey: 'SB-Mid-server-wrong' }), baseUrls: { snap: sandbox.endpoint, api: sandbox.endpoint } });
    const created = wrong.createCheckout(request);
    await expect(created).rejects.toThrow(/^midtrans create checkout failed: HTTP 401/);
    await expect(created).rejects.not.toThrow(/SB-Mid-server/);
    await expect(wrong.status(request.providerOrderId)).rejects.toThrow(/midtrans status failed: HTTP 401/);

    await midtrans().createCheckout(request);
    await expect(midtrans().createCheckout(request)).rejects.toThrow(/HTTP 400: transaction_details.order_id has already been taken/);
    await expect(midtrans().createCheckout(checkout({ amount: 100_000 }))).rejects.toThrow(/HTTP 400: transaction_details.gross_amount is not equal to the sum of item_details/);
  });
});

describe('payment sandbox: Xendit', () => {
  it('creates one invoice per external_id (a retry with the idempotency key answers the same one)', async () => {
    const request = checkout();
    const first = await xendit().createCheckout(request);
    const retry = await xendit().createCheckout(request);
    expect(first.redirectUrl).toBe(`${apiUrl}/sandbox/pay/${request.providerOrderId}`);
    expect(retry).toEqual(first);
    const listed = await fetch(`${sandbox.endpoint}/v2/invoices?external_id=${request.providerOrderId}`, { headers: { authorization: basic(LOCAL_XENDIT_SECRET.value.secretKey) } });
    const invoices = (await listed.json()) as Record<string, unknown>[];
    expect(invoices).toHaveLength(1);
    expect(invoices[0]).toMatchObject({ external_id: request.providerOrderId, amount: 150_000, status: 'PENDING', currency: 'IDR' });
    expect(await xendit().status(request.providerOrderId)).toMatchObject({ rawStatus: 'PENDING', amount: 150_000, method: null });
    expect(await xendit().status('PP-NEVER-CREATED')).toBeUndefined();
  });

  it('pay sends a PAID callback with the callback token; the invoice reads PAID', async () => {
    const request = checkout();
    await xendit().createCheckout(request);
    expect(await sandbox.pay(request.providerOrderId, 'pay')).toMatchObject({ status: 'PAID', deliveries: [200] });
    expect(webhooks).toHaveLength(1);
    const [webhook] = webhooks;
    expect(webhook!.path).toBe('/v1/webhooks/xendit');
    expect(verifyXenditCallback(webhook!.headers['x-callback-token'] as string, callbackToken)).toBe(true);
    expect(parseXenditInvoice(webhook!.body)).toMatchObject({ externalId: request.providerOrderId, status: 'PAID', amount: 150_000, method: 'BANK_TRANSFER:BCA' });
    expect(xenditNotification(webhook!.headers['x-callback-token'] as string, webhook!.body, callbackToken)).toMatchObject({ provider: 'xendit', rawStatus: 'PAID' });
    expect(await xendit().status(request.providerOrderId)).toMatchObject({ rawStatus: 'PAID', amount: 150_000, method: 'BANK_TRANSFER:BCA' });
  });

  it('fail and expire both expire the invoice (Xendit has no failed invoice); outOfOrder and times apply', async () => {
    const failed = checkout();
    const expired = checkout();
    await xendit().createCheckout(failed);
    await xendit().createCheckout(expired);
    expect((await sandbox.pay(failed.providerOrderId, 'fail')).status).toBe('EXPIRED');
    expect((await sandbox.pay(expired.providerOrderId, 'expire', { times: 2, outOfOrder: true })).deliveries).toEqual([200, 200, 200]);
    expect(webhooks.map((webhook) => [webhook.body.external_id, webhook.body.status])).toEqual([
      [failed.providerOrderId, 'EXPIRED'],
      [expired.providerOrderId, 'EXPIRED'],
      [expired.providerOrderId, 'EXPIRED'],
      [expired.providerOrderId, 'PENDING'],
    ]);
    expect((await xendit().status(expired.providerOrderId))?.rawStatus).toBe('EXPIRED');
  });

  it('refuses a wrong secret key with 401', async () => {
    const wrong = xenditGateway({ keys: async () => ({ secretKey: 'xnd_development_wrong' }), baseUrl: sandbox.endpoint });
    await expect(wrong.createCheckout(checkout())).rejects.toThrow(/^xendit create checkout failed: HTTP 401: INVALID_API_KEY/);
    await expect(wrong.status('PP-ANY')).rejects.toThrow(/xendit status failed: HTTP 401/);
  });
});

describe('payment sandbox: page and outcome route', () => {
  it('shows the amount, the order id and the three buttons, in Bahasa Indonesia and English', async () => {
    const request = checkout();
    const { redirectUrl } = await midtrans().createCheckout(request);
    const response = await fetch(redirectUrl);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    const html = await response.text();
    expect(html).toContain('Rp 150.000');
    expect(html).toContain(request.providerOrderId);
    for (const [outcome, label, english] of [['pay', 'Bayar', 'Pay'], ['fail', 'Gagal', 'Fail'], ['expire', 'Kedaluwarsa', 'Expire']]) {
      expect(html).toContain(`action="/sandbox/pay/${request.providerOrderId}/${outcome}"`);
      expect(html).toContain(label);
      expect(html).toContain(english);
    }
  });

  it('POST /sandbox/pay/{id}/{outcome} answers JSON after the webhooks were delivered; unknown ids are 404', async () => {
    const request = checkout();
    await xendit().createCheckout(request);
    const response = await fetch(`${apiUrl}/sandbox/pay/${request.providerOrderId}/pay?times=2`, { method: 'POST' });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ providerOrderId: request.providerOrderId, outcome: 'pay', status: 'PAID' });
    expect(webhooks).toHaveLength(2);

    // Paid cannot expire afterwards.
    expect((await fetch(`${apiUrl}/sandbox/pay/${request.providerOrderId}/expire`, { method: 'POST' })).status).toBe(409);
    expect((await fetch(`${apiUrl}/sandbox/pay/${request.providerOrderId}/refund`, { method: 'POST' })).status).toBe(400);
    expect((await fetch(`${apiUrl}/sandbox/pay/PP-UNKNOWN/pay`, { method: 'POST' })).status).toBe(404);
    expect((await fetch(`${apiUrl}/sandbox/pay/PP-UNKNOWN`)).status).toBe(404);
  });

  it('a browser form post returns to the page, which then shows the final status', async () => {
    const request = checkout();
    await midtrans().createCheckout(request);
    const response = await fetch(`${apiUrl}/sandbox/pay/${request.providerOrderId}/fail`, {
      method: 'POST', redirect: 'manual', headers: { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' }, body: '',
    });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`/sandbox/pay/${request.providerOrderId}`);
    const html = await (await fetch(`${apiUrl}/sandbox/pay/${request.providerOrderId}`)).text();
    expect(html).toContain('deny');
    expect(html).toContain('disabled');
  });

  it('is served through the local gateway as a dev route', async () => {
    const request = checkout();
    await midtrans().createCheckout(request);
    const gateway = await startGateway({ port: 0, manifests: [], verifyToken: async () => ({}), devRoutes: sandbox.devRoutes });
    try {
      expect(await (await fetch(`${gateway.url}/sandbox/pay/${request.providerOrderId}`)).text()).toContain('Rp 150.000');
      expect(await (await fetch(`${gateway.url}/sandbox/pay/${request.providerOrderId}/pay`, { method: 'POST' })).json()).toMatchObject({ status: 'settlement' });
    } finally {
      await gateway.stop();
    }
  });
});

describe('payment sandbox: refunds', () => {
  const refundOf = (request: CheckoutRequest, amount: number, refundKey: string, providerTransactionId: string | null = null) =>
    ({ providerOrderId: request.providerOrderId, providerTransactionId, amount, reason: 'Layanan dibatalkan', refundKey });
  const refundsOf = (providerOrderId: string) => sandbox.attempts().find((attempt) => attempt.providerOrderId === providerOrderId)?.refunds ?? [];

  it('Midtrans: a QRIS payment is refunded in parts; each sends partial_refund/refund with refund_amount, signed over the original gross_amount', async () => {
    const request = checkout();
    await midtrans().createCheckout(request);
    await sandbox.pay(request.providerOrderId, 'pay', { method: 'qris' });
    webhooks.length = 0;

    const first = await midtrans().refund(refundOf(request, 50_000, 'PAY1-a'));
    expect(first.providerRefundId).toMatch(/^\d+$/);
    await sandbox.idle();
    expect(webhooks).toHaveLength(1);
    const body = webhooks[0]!.body;
    expect(body).toMatchObject({ transaction_status: 'partial_refund', status_code: '200', gross_amount: '150000.00', refund_amount: '50000.00', payment_type: 'qris' });
    expect(verifyMidtransNotification(body, serverKey).ok).toBe(true);
    expect(midtransNotification(body, serverKey)).toMatchObject({ rawStatus: 'partial_refund', amount: 150_000, refundedAmount: 50_000 });
    expect(await midtrans().status(request.providerOrderId)).toMatchObject({ rawStatus: 'partial_refund', amount: 150_000, refundedAmount: 50_000, method: 'qris' });

    // The same refund_key is a retry: the same refund, no second one, no second notification.
    expect(await midtrans().refund(refundOf(request, 50_000, 'PAY1-a'))).toEqual(first);
    await sandbox.idle();
    expect(webhooks).toHaveLength(1);
    expect(refundsOf(request.providerOrderId).map((refund) => [refund.amount, refund.requests])).toEqual([[50_000, 2]]);

    await expect(midtrans().refund(refundOf(request, 100_001, 'PAY1-b'))).rejects.toThrow(RefundRefused);
    await midtrans().refund(refundOf(request, 100_000, 'PAY1-c'));
    await sandbox.idle();
    expect(webhooks.map((webhook) => [webhook.body.transaction_status, webhook.body.refund_amount])).toEqual([['partial_refund', '50000.00'], ['refund', '150000.00']]);
    expect(verifyMidtransNotification(webhooks[1]!.body, serverKey).ok).toBe(true);
    expect(await midtrans().status(request.providerOrderId)).toMatchObject({ rawStatus: 'refund', refundedAmount: 150_000 });
    // Refunded is final: the page cannot pay it again.
    expect((await fetch(`${apiUrl}/sandbox/pay/${request.providerOrderId}/expire`, { method: 'POST' })).status).toBe(409);
  });

  it('Midtrans refuses a bank transfer (VA) and an unpaid order, like the real API', async () => {
    const va = checkout();
    await midtrans().createCheckout(va);
    await expect(midtrans().refund(refundOf(va, 1_000, 'VA-1'))).rejects.toThrow(/HTTP 404/);
    await sandbox.pay(va.providerOrderId, 'pay');
    await expect(midtrans().refund(refundOf(va, 1_000, 'VA-1'))).rejects.toThrow(new RefundRefused('midtrans refund refused: HTTP 412: Refund is not supported for payment type bank_transfer.'));
    const failed = checkout();
    await midtrans().createCheckout(failed);
    await sandbox.pay(failed.providerOrderId, 'fail', { method: 'qris' });
    await expect(midtrans().refund(refundOf(failed, 1_000, 'F-1'))).rejects.toThrow(/cannot be refunded/);
    await sandbox.idle();
    expect(webhooks.filter((webhook) => /refund/.test(String(webhook.body.transaction_status)))).toEqual([]);
  });

  it('Xendit: an e-wallet invoice is refunded by invoice id and idempotency-key; the refund.succeeded callback follows, the invoice stays PAID', async () => {
    const request = checkout();
    await xendit().createCheckout(request);
    await sandbox.pay(request.providerOrderId, 'pay', { method: 'ewallet' });
    webhooks.length = 0;
    // Without the invoice id, the adapter finds it by external_id.
    const first = await xendit().refund(refundOf(request, 40_000, 'PAY2-a'));
    expect(first.providerRefundId).toMatch(/^rfd-/);
    expect(await xendit().refund(refundOf(request, 40_000, 'PAY2-a'))).toEqual(first);
    await sandbox.idle();
    expect(webhooks).toHaveLength(1);
    const [callback] = webhooks;
    expect(callback!.path).toBe('/v1/webhooks/xendit');
    expect(callback!.body).toMatchObject({ event: 'refund.succeeded', data: { id: first.providerRefundId, amount: 40_000, status: 'SUCCEEDED', reference_id: 'PAY2-a', metadata: { external_id: request.providerOrderId } } });
    expect(xenditNotification(callback!.headers['x-callback-token'] as string, callback!.body, callbackToken)).toEqual({
      provider: 'xendit', providerOrderId: request.providerOrderId, rawStatus: 'REFUND_SUCCEEDED', amount: 40_000, providerTransactionId: expect.any(String), method: null,
    });
    expect(await xendit().status(request.providerOrderId)).toMatchObject({ rawStatus: 'PAID', refundedAmount: 40_000, method: 'EWALLET:OVO' });
    expect(refundsOf(request.providerOrderId).map((refund) => [refund.amount, refund.requests, refund.status])).toEqual([[40_000, 2, 'SUCCEEDED']]);
    await expect(xendit().refund(refundOf(request, 110_001, 'PAY2-b'))).rejects.toThrow(/REFUND_AMOUNT_EXCEEDED/);
  });

  it('Xendit refuses a bank transfer (VA) and an unpaid invoice', async () => {
    const va = checkout();
    await xendit().createCheckout(va);
    await expect(xendit().refund(refundOf(va, 1_000, 'XVA-1'))).rejects.toThrow(RefundRefused);
    await sandbox.pay(va.providerOrderId, 'pay');
    await expect(xendit().refund(refundOf(va, 1_000, 'XVA-2'))).rejects.toThrow(/HTTP 400: REFUND_NOT_SUPPORTED/);
    expect((await fetch(`${apiUrl}/sandbox/pay/${va.providerOrderId}/pay?method=bitcoin`, { method: 'POST' })).status).toBe(400);
  });
});

describe('payment sandbox: restarts', () => {
  it('keeps attempts in its data file', async () => {
    const request = checkout();
    await xendit().createCheckout(request);
    await sandbox.pay(request.providerOrderId, 'pay');
    await sandbox.stop();
    sandbox = await startPaymentSandbox({ port: await freePort(), dataFile, apiBaseUrl: () => apiUrl });
    expect(await xendit().status(request.providerOrderId)).toMatchObject({ rawStatus: 'PAID', amount: 150_000 });
    expect(sandbox.attempts().some((attempt) => attempt.providerOrderId === request.providerOrderId)).toBe(true);
  });
});

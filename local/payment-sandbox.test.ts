import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { midtransGateway, xenditGateway } from '../functions/payments/providers.ts';
import { midtransNotification, xenditNotification } from '../functions/payments/provider-notifications.ts';
import {
  parseXenditInvoice,
  verifyMidtransNotification,
  verifyXenditCallback,
} from '../functions/payments/signatures.ts';
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

const midtrans = () =>
  midtransGateway({
    keys: async () => LOCAL_MIDTRANS_SECRET.value,
    baseUrls: { snap: sandbox.endpoint, api: sandbox.endpoint },
  });
const xendit = () => xenditGateway({ keys: async () => LOCAL_XENDIT_SECRET.value, baseUrl: sandbox.endpoint });
const serverKey = LOCAL_MIDTRANS_SECRET.value.serverKey;
const callbackToken = LOCAL_XENDIT_SECRET.value.callbackToken;
const basic = (key: string) => `Basic ${Buffer.from(`${key}:`).toString('base64')}`;

describe('payment sandbox: Midtrans', () => {
  it('creates a Snap page on the gateway; the status API knows the order only once it is paid', async () => {
    const request = checkout();
    const { redirectUrl } = await midtrans().createCheckout(request);
    // Addressed by our payment id (custom_field1), as API.md lists the page.
    expect(redirectUrl).toBe(`${apiUrl}/sandbox/pay/${request.paymentId}`);
    // Like Snap: no transaction exists until the customer chooses a method.
    expect(await midtrans().status(request.providerOrderId)).toBeUndefined();

    const result = await sandbox.pay(request.providerOrderId, 'pay');
    expect(result).toEqual({
      providerOrderId: request.providerOrderId,
      paymentId: request.paymentId,
      outcome: 'pay',
      status: 'settlement',
      deliveries: [200],
    });
    expect(await midtrans().status(request.providerOrderId)).toMatchObject({
      rawStatus: 'settlement',
      fraudStatus: 'accept',
      amount: 150_000,
      method: 'bank_transfer',
    });

    expect(webhooks).toHaveLength(1);
    const [webhook] = webhooks;
    expect(webhook!.path).toBe('/v1/webhooks/midtrans');
    expect(webhook!.body).toMatchObject({
      order_id: request.providerOrderId,
      transaction_status: 'settlement',
      status_code: '200',
      gross_amount: '150000.00',
      fraud_status: 'accept',
      custom_field1: request.paymentId,
    });
    expect(verifyMidtransNotification(webhook!.body, serverKey)).toMatchObject({
      ok: true,
      transactionStatus: 'settlement',
    });
    expect(verifyMidtransNotification(webhook!.body, 'another-server-key')).toEqual({
      ok: false,
      reason: 'signature mismatch',
    });
    expect(midtransNotification(webhook!.body, serverKey)).toMatchObject({
      provider: 'midtrans',
      rawStatus: 'settlement',
      amount: 150_000,
    });
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
    expect(
      webhooks.map((webhook) => [webhook.body.transaction_status, webhook.body.status_code, webhook.body.gross_amount]),
    ).toEqual([
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
      ['settlement', '200'],
      ['settlement', '200'],
      ['settlement', '200'],
      ['pending', '201'],
    ]);
    expect(webhooks[0]!.body).toEqual(webhooks[1]!.body);
    expect(verifyMidtransNotification(webhooks[3]!.body, serverKey)).toMatchObject({
      ok: true,
      transactionStatus: 'pending',
    });
    // Still settled: the stale notification is only a delivery.
    expect((await midtrans().status(request.providerOrderId))?.rawStatus).toBe('settlement');
  });

  it('refuses a wrong server key (401), a reused order_id and items that do not add up (400), without echoing keys', async () => {
    const request = checkout();
    const wrong = midtransGateway({
      keys: async () => ({ serverKey: 'SB-Mid-server-wrong' }),
      baseUrls: { snap: sandbox.endpoint, api: sandbox.endpoint },
    });
    const created = wrong.createCheckout(request);
    await expect(created).rejects.toThrow(/^midtrans create checkout failed: HTTP 401/);
    await expect(created).rejects.not.toThrow(/SB-Mid-server/);
    await expect(wrong.status(request.providerOrderId)).rejects.toThrow(/midtrans status failed: HTTP 401/);

    await midtrans().createCheckout(request);
    await expect(midtrans().createCheckout(request)).rejects.toThrow(
      /HTTP 400: transaction_details.order_id has already been taken/,
    );
    await expect(midtrans().createCheckout(checkout({ amount: 100_000 }))).rejects.toThrow(
      /HTTP 400: transaction_details.gross_amount is not equal to the sum of item_details/,
    );
  });
});

describe('payment sandbox: Xendit', () => {
  it('creates one invoice per external_id (a retry with the idempotency key answers the same one)', async () => {
    const request = checkout();
    const first = await xendit().createCheckout(request);
    const retry = await xendit().createCheckout(request);
    expect(first.redirectUrl).toBe(`${apiUrl}/sandbox/pay/${request.paymentId}`);
    expect(retry).toEqual(first);
    const listed = await fetch(`${sandbox.endpoint}/v2/invoices?external_id=${request.providerOrderId}`, {
      headers: { authorization: basic(LOCAL_XENDIT_SECRET.value.secretKey) },
    });
    const invoices = (await listed.json()) as Record<string, unknown>[];
    expect(invoices).toHaveLength(1);
    expect(invoices[0]).toMatchObject({
      external_id: request.providerOrderId,
      amount: 150_000,
      status: 'PENDING',
      currency: 'IDR',
      metadata: { payment_id: request.paymentId },
    });
    expect(await xendit().status(request.providerOrderId)).toMatchObject({
      rawStatus: 'PENDING',
      amount: 150_000,
      method: null,
    });
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
    expect(parseXenditInvoice(webhook!.body)).toMatchObject({
      externalId: request.providerOrderId,
      status: 'PAID',
      amount: 150_000,
      method: 'BANK_TRANSFER:BCA',
    });
    expect(
      xenditNotification(webhook!.headers['x-callback-token'] as string, webhook!.body, callbackToken),
    ).toMatchObject({ provider: 'xendit', rawStatus: 'PAID' });
    expect(await xendit().status(request.providerOrderId)).toMatchObject({
      rawStatus: 'PAID',
      amount: 150_000,
      method: 'BANK_TRANSFER:BCA',
    });
  });

  it('fail and expire both expire the invoice (Xendit has no failed invoice); outOfOrder and times apply', async () => {
    const failed = checkout();
    const expired = checkout();
    await xendit().createCheckout(failed);
    await xendit().createCheckout(expired);
    expect((await sandbox.pay(failed.providerOrderId, 'fail')).status).toBe('EXPIRED');
    expect((await sandbox.pay(expired.providerOrderId, 'expire', { times: 2, outOfOrder: true })).deliveries).toEqual([
      200, 200, 200,
    ]);
    expect(webhooks.map((webhook) => [webhook.body.external_id, webhook.body.status])).toEqual([
      [failed.providerOrderId, 'EXPIRED'],
      [expired.providerOrderId, 'EXPIRED'],
      [expired.providerOrderId, 'EXPIRED'],
      [expired.providerOrderId, 'PENDING'],
    ]);
    expect((await xendit().status(expired.providerOrderId))?.rawStatus).toBe('EXPIRED');
  });

  it('refuses a wrong secret key with 401', async () => {
    const wrong = xenditGateway({
      keys: async () => ({ secretKey: 'xnd_development_wrong' }),
      baseUrl: sandbox.endpoint,
    });
    await expect(wrong.createCheckout(checkout())).rejects.toThrow(
      /^xendit create checkout failed: HTTP 401: INVALID_API_KEY/,
    );
    await expect(wrong.status('PP-ANY')).rejects.toThrow(/xendit status failed: HTTP 401/);
  });
});

describe('payment sandbox: a page past its expiry', () => {
  it('takes no payment nor method once expired (Snap token lapsed, invoice expired); an outcome reached in time is still re-delivered', async () => {
    // Xendit: invoice_duration is whole seconds (the adapter sends at least 1).
    const invoice = checkout({ expiresAt: new Date(Date.now() + 1_000).toISOString() });
    const paidInTime = checkout({ expiresAt: new Date(Date.now() + 1_000).toISOString() });
    await xendit().createCheckout(invoice);
    await xendit().createCheckout(paidInTime);
    expect((await sandbox.pay(paidInTime.providerOrderId, 'pay', { times: 0 })).status).toBe('PAID');
    // Snap's expiry is in minutes: a zero-minute page is already past it.
    const snap = checkout();
    const created = await fetch(`${sandbox.endpoint}/snap/v1/transactions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'authorization': basic(serverKey) },
      body: JSON.stringify({
        transaction_details: { order_id: snap.providerOrderId, gross_amount: 150_000 },
        custom_field1: snap.paymentId,
        expiry: { unit: 'minute', duration: 0 },
      }),
    });
    expect(created.status).toBe(201);
    await new Promise((resolve) => setTimeout(resolve, 1_100));

    for (const id of [invoice.providerOrderId, snap.providerOrderId]) {
      await expect(sandbox.pay(id, 'pay')).rejects.toMatchObject({
        status: 409,
        message: expect.stringMatching(/can no longer be paid/),
      });
    }
    await expect(sandbox.pay(snap.providerOrderId, 'pending')).rejects.toMatchObject({ status: 409 });
    expect(webhooks).toEqual([]);
    // The page says so, and its Pay button is off; the scripted route answers 409.
    const page = await (await fetch(`${apiUrl}/sandbox/pay/${snap.paymentId}`)).text();
    expect(page).toContain('sudah kedaluwarsa');
    expect(page).toMatch(/class="pay" type="submit" disabled/);
    expect((await fetch(`${apiUrl}/sandbox/pay/${snap.paymentId}/pay`, { method: 'POST' })).status).toBe(409);
    // The late webhook of a payment made before the expiry still arrives.
    expect(await sandbox.pay(paidInTime.providerOrderId, 'pay')).toMatchObject({ status: 'PAID', deliveries: [200] });
    // The merchant's expiry still closes a lapsed page.
    expect((await sandbox.pay(invoice.providerOrderId, 'expire')).status).toBe('EXPIRED');
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
    expect(html).toContain(`<code>${request.paymentId}</code>`);
    for (const [outcome, label, english] of [
      ['pay', 'Bayar', 'Pay'],
      ['fail', 'Gagal', 'Fail'],
      ['expire', 'Kedaluwarsa', 'Expire'],
    ]) {
      // The buttons post to the id the page was opened with: here our payment id.
      expect(html).toContain(`action="/sandbox/pay/${request.paymentId}/${outcome}"`);
      expect(html).toContain(label);
      expect(html).toContain(english);
    }
    // Opened by the provider order id (older links), the page posts to that id.
    const byOrder = await (await fetch(`${apiUrl}/sandbox/pay/${request.providerOrderId}`)).text();
    expect(byOrder).toContain(`action="/sandbox/pay/${request.providerOrderId}/pay"`);
  });

  it('POST /sandbox/pay/{id}/{outcome} answers JSON after the webhooks were delivered; unknown ids are 404', async () => {
    const request = checkout();
    await xendit().createCheckout(request);
    const response = await fetch(`${apiUrl}/sandbox/pay/${request.providerOrderId}/pay?times=2`, { method: 'POST' });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      providerOrderId: request.providerOrderId,
      outcome: 'pay',
      status: 'PAID',
    });
    expect(webhooks).toHaveLength(2);

    // Paid cannot expire afterwards.
    expect((await fetch(`${apiUrl}/sandbox/pay/${request.providerOrderId}/expire`, { method: 'POST' })).status).toBe(
      409,
    );
    expect((await fetch(`${apiUrl}/sandbox/pay/${request.providerOrderId}/refund`, { method: 'POST' })).status).toBe(
      400,
    );
    expect((await fetch(`${apiUrl}/sandbox/pay/PP-UNKNOWN/pay`, { method: 'POST' })).status).toBe(404);
    expect((await fetch(`${apiUrl}/sandbox/pay/PP-UNKNOWN`)).status).toBe(404);
  });

  it('a browser form post returns to the page, which then shows the final status', async () => {
    const request = checkout();
    await midtrans().createCheckout(request);
    const response = await fetch(`${apiUrl}/sandbox/pay/${request.providerOrderId}/fail`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'accept': 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
      body: '',
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
    const gateway = await startGateway({
      port: 0,
      manifests: [],
      verifyToken: async () => ({}),
      devRoutes: sandbox.devRoutes,
    });
    try {
      expect(await (await fetch(`${gateway.url}/sandbox/pay/${request.providerOrderId}`)).text()).toContain(
        'Rp 150.000',
      );
      expect(
        await (await fetch(`${gateway.url}/sandbox/pay/${request.providerOrderId}/pay`, { method: 'POST' })).json(),
      ).toMatchObject({ status: 'settlement' });
    } finally {
      await gateway.stop();
    }
  });
});

describe('payment sandbox: refunds', () => {
  const refundOf = (
    request: CheckoutRequest,
    amount: number,
    refundKey: string,
    providerTransactionId: string | null = null,
  ) => ({
    providerOrderId: request.providerOrderId,
    providerTransactionId,
    amount,
    reason: 'Layanan dibatalkan',
    refundKey,
  });
  const refundsOf = (providerOrderId: string) =>
    sandbox.attempts().find((attempt) => attempt.providerOrderId === providerOrderId)?.refunds ?? [];

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
    expect(body).toMatchObject({
      transaction_status: 'partial_refund',
      status_code: '200',
      gross_amount: '150000.00',
      refund_amount: '50000.00',
      payment_type: 'qris',
    });
    expect(verifyMidtransNotification(body, serverKey).ok).toBe(true);
    expect(midtransNotification(body, serverKey)).toMatchObject({
      rawStatus: 'partial_refund',
      amount: 150_000,
      refundedAmount: 50_000,
    });
    expect(await midtrans().status(request.providerOrderId)).toMatchObject({
      rawStatus: 'partial_refund',
      amount: 150_000,
      refundedAmount: 50_000,
      method: 'qris',
    });

    // The same refund_key is a retry: the same refund, no second one, no second notification.
    expect(await midtrans().refund(refundOf(request, 50_000, 'PAY1-a'))).toEqual(first);
    await sandbox.idle();
    expect(webhooks).toHaveLength(1);
    expect(refundsOf(request.providerOrderId).map((refund) => [refund.amount, refund.requests])).toEqual([[50_000, 2]]);

    await expect(midtrans().refund(refundOf(request, 100_001, 'PAY1-b'))).rejects.toThrow(RefundRefused);
    await midtrans().refund(refundOf(request, 100_000, 'PAY1-c'));
    await sandbox.idle();
    expect(webhooks.map((webhook) => [webhook.body.transaction_status, webhook.body.refund_amount])).toEqual([
      ['partial_refund', '50000.00'],
      ['refund', '150000.00'],
    ]);
    expect(verifyMidtransNotification(webhooks[1]!.body, serverKey).ok).toBe(true);
    expect(await midtrans().status(request.providerOrderId)).toMatchObject({
      rawStatus: 'refund',
      refundedAmount: 150_000,
    });
    // Refunded is final: the page cannot pay it again.
    expect((await fetch(`${apiUrl}/sandbox/pay/${request.providerOrderId}/expire`, { method: 'POST' })).status).toBe(
      409,
    );
  });

  it('Midtrans refuses a bank transfer (VA) and an unpaid order, like the real API', async () => {
    const va = checkout();
    await midtrans().createCheckout(va);
    await expect(midtrans().refund(refundOf(va, 1_000, 'VA-1'))).rejects.toThrow(/HTTP 404/);
    await sandbox.pay(va.providerOrderId, 'pay');
    await expect(midtrans().refund(refundOf(va, 1_000, 'VA-1'))).rejects.toThrow(
      new RefundRefused('midtrans refund refused: HTTP 412: Refund is not supported for payment type bank_transfer.'),
    );
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
    expect(callback!.body).toMatchObject({
      event: 'refund.succeeded',
      data: {
        id: first.providerRefundId,
        amount: 40_000,
        status: 'SUCCEEDED',
        reference_id: 'PAY2-a',
        metadata: { external_id: request.providerOrderId },
      },
    });
    expect(xenditNotification(callback!.headers['x-callback-token'] as string, callback!.body, callbackToken)).toEqual({
      provider: 'xendit',
      providerOrderId: request.providerOrderId,
      rawStatus: 'REFUND_SUCCEEDED',
      amount: 40_000,
      providerTransactionId: expect.any(String),
      method: null,
      providerRefundId: first.providerRefundId,
    });
    expect(await xendit().status(request.providerOrderId)).toMatchObject({
      rawStatus: 'PAID',
      refundedAmount: 40_000,
      method: 'EWALLET:OVO',
    });
    expect(refundsOf(request.providerOrderId).map((refund) => [refund.amount, refund.requests, refund.status])).toEqual(
      [[40_000, 2, 'SUCCEEDED']],
    );
    await expect(xendit().refund(refundOf(request, 110_001, 'PAY2-b'))).rejects.toThrow(/REFUND_AMOUNT_EXCEEDED/);
  });

  it('Xendit refuses a bank transfer (VA) and an unpaid invoice', async () => {
    const va = checkout();
    await xendit().createCheckout(va);
    await expect(xendit().refund(refundOf(va, 1_000, 'XVA-1'))).rejects.toThrow(RefundRefused);
    await sandbox.pay(va.providerOrderId, 'pay');
    await expect(xendit().refund(refundOf(va, 1_000, 'XVA-2'))).rejects.toThrow(/HTTP 400: REFUND_NOT_SUPPORTED/);
    expect(
      (await fetch(`${apiUrl}/sandbox/pay/${va.providerOrderId}/pay?method=bitcoin`, { method: 'POST' })).status,
    ).toBe(400);
  });
});

/** A provider API stand-in that records each request and answers from `answer`: for answers the sandbox does not stage. */
interface Recorded {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: unknown;
}
async function providerStub(answer: (request: Recorded) => { status: number; body?: unknown }) {
  const requests: Recorded[] = [];
  const server = createServer(async (request, response) => {
    const raw = (await readBody(request)).toString('utf8');
    const recorded: Recorded = {
      method: request.method ?? 'GET',
      path: request.url ?? '/',
      headers: request.headers,
      body: raw ? JSON.parse(raw) : undefined,
    };
    requests.push(recorded);
    const { status, body } = answer(recorded);
    const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
    response.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/html' : 'application/json' });
    response.end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return { url, requests, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const returnUrls = (paymentId: string) => ({
  success: `https://app.petpro.test/payments/${paymentId}?from=provider`,
  failure: `https://app.petpro.test/payments/${paymentId}?from=provider&failed=1`,
});
const stubKey = { serverKey: 'SB-Mid-server-stub-key', secretKey: 'xnd_development_stub_key' };
const attemptOf = (providerOrderId: string) =>
  sandbox.attempts().find((attempt) => attempt.providerOrderId === providerOrderId);
const pageOf = async (id: string) => (await fetch(`${apiUrl}/sandbox/pay/${id}`)).text();

describe('provider adapters: what createCheckout sends', () => {
  it('Midtrans Snap: our payment id as custom_field1, the success URL as callbacks.finish (none without return URLs)', async () => {
    const stub = await providerStub(() => ({
      status: 201,
      body: { token: 'tok-1', redirect_url: 'https://app.sandbox.midtrans.com/snap/v4/redirection/tok-1' },
    }));
    try {
      const gateway = midtransGateway({ keys: async () => stubKey, baseUrls: { snap: stub.url, api: stub.url } });
      const request = checkout();
      const urls = returnUrls(request.paymentId);
      expect(await gateway.createCheckout({ ...request, returnUrls: urls })).toEqual({
        redirectUrl: 'https://app.sandbox.midtrans.com/snap/v4/redirection/tok-1',
      });
      const plain = checkout();
      await gateway.createCheckout(plain);

      expect(stub.requests.map(({ method, path }) => [method, path])).toEqual([
        ['POST', '/snap/v1/transactions'],
        ['POST', '/snap/v1/transactions'],
      ]);
      expect(stub.requests[0]!.headers.authorization).toBe(basic(stubKey.serverKey));
      expect(stub.requests[0]!.body).toMatchObject({
        transaction_details: { order_id: request.providerOrderId, gross_amount: 150_000 },
        custom_field1: request.paymentId,
        callbacks: { finish: urls.success },
      });
      // Snap documents no failure redirect in the request: the one finish URL gets the outcome in its query.
      expect((stub.requests[0]!.body as { callbacks: object }).callbacks).toEqual({ finish: urls.success });
      expect(stub.requests[1]!.body).toMatchObject({ custom_field1: plain.paymentId });
      expect(stub.requests[1]!.body).not.toHaveProperty('callbacks');
    } finally {
      await stub.close();
    }
  });

  it('Xendit Invoice: metadata.payment_id and both redirect URLs (none without return URLs)', async () => {
    const stub = await providerStub(({ body }) => ({
      status: 200,
      body: {
        id: 'inv-1',
        external_id: (body as { external_id: string }).external_id,
        status: 'PENDING',
        invoice_url: 'https://checkout-staging.xendit.co/web/inv-1',
      },
    }));
    try {
      const gateway = xenditGateway({ keys: async () => stubKey, baseUrl: stub.url });
      const request = checkout();
      const urls = returnUrls(request.paymentId);
      expect(await gateway.createCheckout({ ...request, returnUrls: urls })).toEqual({
        redirectUrl: 'https://checkout-staging.xendit.co/web/inv-1',
      });
      const plain = checkout();
      await gateway.createCheckout(plain);

      expect(stub.requests.map(({ method, path }) => [method, path])).toEqual([
        ['POST', '/v2/invoices'],
        ['POST', '/v2/invoices'],
      ]);
      expect(stub.requests[0]!.headers['idempotency-key']).toBe(request.providerOrderId);
      expect(stub.requests[0]!.body).toMatchObject({
        external_id: request.providerOrderId,
        amount: 150_000,
        metadata: { payment_id: request.paymentId },
        success_redirect_url: urls.success,
        failure_redirect_url: urls.failure,
      });
      expect(stub.requests[1]!.body).toMatchObject({ metadata: { payment_id: plain.paymentId } });
      expect(stub.requests[1]!.body).not.toHaveProperty('success_redirect_url');
      expect(stub.requests[1]!.body).not.toHaveProperty('failure_redirect_url');
    } finally {
      await stub.close();
    }
  });

  it('the sandbox records them: payment id and return URLs per attempt', async () => {
    const snap = checkout();
    const invoice = checkout();
    await midtrans().createCheckout({ ...snap, returnUrls: returnUrls(snap.paymentId) });
    await xendit().createCheckout({ ...invoice, returnUrls: returnUrls(invoice.paymentId) });
    expect(attemptOf(snap.providerOrderId)).toMatchObject({
      paymentId: snap.paymentId,
      returnUrls: { success: returnUrls(snap.paymentId).success, failure: returnUrls(snap.paymentId).success },
    });
    expect(attemptOf(invoice.providerOrderId)).toMatchObject({
      paymentId: invoice.paymentId,
      returnUrls: returnUrls(invoice.paymentId),
      metadata: { payment_id: invoice.paymentId },
    });
    // Xendit answers them back on the invoice.
    const listed = await fetch(`${sandbox.endpoint}/v2/invoices?external_id=${invoice.providerOrderId}`, {
      headers: { authorization: basic(LOCAL_XENDIT_SECRET.value.secretKey) },
    });
    expect(await listed.json()).toMatchObject([
      {
        external_id: invoice.providerOrderId,
        metadata: { payment_id: invoice.paymentId },
        success_redirect_url: returnUrls(invoice.paymentId).success,
        failure_redirect_url: returnUrls(invoice.paymentId).failure,
      },
    ]);
  });
});

describe('cancel: Midtrans (Core API) against the sandbox', () => {
  it('a Snap page whose customer never picked a method is unknown to the Core API: unknown, nothing changes', async () => {
    const request = checkout();
    await midtrans().createCheckout(request);
    expect(await midtrans().cancel(request.providerOrderId)).toEqual({ outcome: 'unknown' });
    expect(await midtrans().cancel('PP-NEVER-CREATED')).toEqual({ outcome: 'unknown' });
    expect(attemptOf(request.providerOrderId)?.status).toBe('created');
    await sandbox.idle();
    expect(webhooks).toEqual([]);
  });

  it('a pending transaction is cancelled: the cancel notification follows, the status API says cancel, paying is refused', async () => {
    const request = checkout();
    await midtrans().createCheckout(request);
    // The customer picks a VA and leaves without paying.
    expect(await sandbox.pay(request.paymentId, 'pending')).toMatchObject({
      providerOrderId: request.providerOrderId,
      status: 'pending',
      deliveries: [200],
    });
    expect(webhooks.map((webhook) => [webhook.body.transaction_status, webhook.body.status_code])).toEqual([
      ['pending', '201'],
    ]);
    webhooks.length = 0;

    expect(await midtrans().cancel(request.providerOrderId)).toEqual({ outcome: 'cancelled' });
    await sandbox.idle();
    expect(webhooks).toHaveLength(1);
    expect(webhooks[0]!.body).toMatchObject({
      order_id: request.providerOrderId,
      transaction_status: 'cancel',
      status_code: '200',
      gross_amount: '150000.00',
      custom_field1: request.paymentId,
    });
    expect(verifyMidtransNotification(webhooks[0]!.body, serverKey)).toMatchObject({
      ok: true,
      transactionStatus: 'cancel',
    });
    expect(await midtrans().status(request.providerOrderId)).toMatchObject({
      rawStatus: 'cancel',
      amount: 150_000,
      method: 'bank_transfer',
    });

    await expect(sandbox.pay(request.paymentId, 'pay')).rejects.toMatchObject({
      status: 409,
      message: `${request.providerOrderId} is already cancel`,
    });
    expect((await fetch(`${apiUrl}/sandbox/pay/${request.paymentId}/pay`, { method: 'POST' })).status).toBe(409);
    const html = await pageOf(request.paymentId);
    expect(html).toContain('<code>cancel</code>');
    expect(html).toContain('The merchant cancelled this payment: it can no longer be paid.');
    expect(html).toContain('class="pay" type="submit" disabled');
    // Cancelling again: Midtrans refuses (412), the status says it is closed already.
    expect(await midtrans().cancel(request.providerOrderId)).toEqual({ outcome: 'cancelled' });
    await sandbox.idle();
    expect(webhooks).toHaveLength(1);
  });

  it('settled answers 412 and reads settled; expired or denied ones read cancelled', async () => {
    const paid = checkout();
    const expired = checkout();
    const denied = checkout();
    for (const request of [paid, expired, denied]) await midtrans().createCheckout(request);
    await sandbox.pay(paid.providerOrderId, 'pay', { method: 'qris' });
    await sandbox.pay(expired.providerOrderId, 'expire');
    await sandbox.pay(denied.providerOrderId, 'fail');
    webhooks.length = 0;

    const refused = await fetch(`${sandbox.endpoint}/v2/${paid.providerOrderId}/cancel`, {
      method: 'POST',
      headers: { authorization: basic(serverKey) },
    });
    expect(refused.status).toBe(412);
    expect(await refused.json()).toMatchObject({
      status_code: '412',
      status_message: 'Merchant cannot modify the status of the transaction',
    });

    expect(await midtrans().cancel(paid.providerOrderId)).toEqual({ outcome: 'settled' });
    expect(await midtrans().cancel(expired.providerOrderId)).toEqual({ outcome: 'cancelled' });
    expect(await midtrans().cancel(denied.providerOrderId)).toEqual({ outcome: 'cancelled' });
    expect([paid, expired, denied].map((request) => attemptOf(request.providerOrderId)?.status)).toEqual([
      'settlement',
      'expire',
      'deny',
    ]);
    await sandbox.idle();
    expect(webhooks).toEqual([]);
  });

  it('a wrong server key fails with 401, naming neither key', async () => {
    const wrong = midtransGateway({
      keys: async () => ({ serverKey: 'SB-Mid-server-wrong' }),
      baseUrls: { snap: sandbox.endpoint, api: sandbox.endpoint },
    });
    const cancelled = wrong.cancel('PP-ANY');
    await expect(cancelled).rejects.toThrow(/^midtrans cancel failed: HTTP 401/);
    await expect(cancelled).rejects.not.toThrow(/SB-Mid-server/);
  });
});

describe('cancel: Xendit (expire invoice) against the sandbox', () => {
  it('a pending invoice expires: its EXPIRED callback follows and it can no longer be paid', async () => {
    const request = checkout();
    await xendit().createCheckout(request);
    expect(await xendit().cancel(request.providerOrderId)).toEqual({ outcome: 'cancelled' });
    expect(await xendit().status(request.providerOrderId)).toMatchObject({ rawStatus: 'EXPIRED', amount: 150_000 });
    await sandbox.idle();
    expect(webhooks).toHaveLength(1);
    expect(
      xenditNotification(webhooks[0]!.headers['x-callback-token'] as string, webhooks[0]!.body, callbackToken),
    ).toMatchObject({
      provider: 'xendit',
      providerOrderId: request.providerOrderId,
      rawStatus: 'EXPIRED',
      amount: 150_000,
    });

    await expect(sandbox.pay(request.providerOrderId, 'pay')).rejects.toMatchObject({
      status: 409,
      message: `${request.providerOrderId} is already EXPIRED`,
    });
    expect((await fetch(`${apiUrl}/sandbox/pay/${request.paymentId}/pay`, { method: 'POST' })).status).toBe(409);
    const html = await pageOf(request.paymentId);
    expect(html).toContain('<code>EXPIRED</code>');
    expect(html).toContain('The merchant cancelled this payment: it can no longer be paid.');
    expect(html).toContain('class="pay" type="submit" disabled');
    // Again: Xendit refuses a non-pending invoice; the adapter reads it expired already.
    const again = await fetch(`${sandbox.endpoint}/invoices/${attemptOf(request.providerOrderId)!.id}/expire!`, {
      method: 'POST',
      headers: { authorization: basic(LOCAL_XENDIT_SECRET.value.secretKey) },
    });
    expect(again.status).toBe(404);
    expect(await again.json()).toEqual({
      error_code: 'INVOICE_NOT_FOUND_ERROR',
      message: 'Could not find and update PENDING invoice',
    });
    expect(await xendit().cancel(request.providerOrderId)).toEqual({ outcome: 'cancelled' });
    await sandbox.idle();
    expect(webhooks).toHaveLength(1);
  });

  it('a paid invoice is settled (left PAID); an unknown external_id is unknown; an expired one is cancelled', async () => {
    const paid = checkout();
    const expired = checkout();
    await xendit().createCheckout(paid);
    await xendit().createCheckout(expired);
    await sandbox.pay(paid.providerOrderId, 'pay', { method: 'ewallet' });
    await sandbox.pay(expired.providerOrderId, 'expire');
    webhooks.length = 0;

    expect(await xendit().cancel(paid.providerOrderId)).toEqual({ outcome: 'settled' });
    expect(await xendit().cancel(expired.providerOrderId)).toEqual({ outcome: 'cancelled' });
    expect(await xendit().cancel('PP-NEVER-CREATED')).toEqual({ outcome: 'unknown' });
    expect(attemptOf(paid.providerOrderId)).toMatchObject({ status: 'PAID' });
    expect(attemptOf(paid.providerOrderId)?.cancelledAt).toBeUndefined();
    await sandbox.idle();
    expect(webhooks).toEqual([]);
  });

  it('a wrong secret key fails with 401, naming neither key', async () => {
    const wrong = xenditGateway({
      keys: async () => ({ secretKey: 'xnd_development_wrong' }),
      baseUrl: sandbox.endpoint,
    });
    const cancelled = wrong.cancel('PP-ANY');
    await expect(cancelled).rejects.toThrow(/^xendit cancel failed: HTTP 401: INVALID_API_KEY/);
    await expect(cancelled).rejects.not.toThrow(/xnd_development/);
  });
});

describe('cancel: provider answers the sandbox does not stage', () => {
  it('Midtrans: a 412 verdict under HTTP 200 asks the status API (settled); a pending status after a refusal is an error', async () => {
    let status = 'settlement';
    const stub = await providerStub(({ path }) =>
      path.endsWith('/cancel')
        ? {
            status: 200,
            body: { status_code: '412', status_message: 'Merchant cannot modify the status of the transaction' },
          }
        : {
            status: 200,
            body: {
              status_code: '200',
              transaction_status: status,
              gross_amount: '150000.00',
              transaction_id: 'trx-1',
              payment_type: 'gopay',
              order_id: 'PP-STUB-1',
            },
          },
    );
    try {
      const gateway = midtransGateway({ keys: async () => stubKey, baseUrls: { snap: stub.url, api: stub.url } });
      expect(await gateway.cancel('PP-STUB-1')).toEqual({ outcome: 'settled' });
      expect(stub.requests.map(({ method, path }) => [method, path])).toEqual([
        ['POST', '/v2/PP-STUB-1/cancel'],
        ['GET', '/v2/PP-STUB-1/status'],
      ]);
      expect(stub.requests[0]!.headers.authorization).toBe(basic(stubKey.serverKey));
      status = 'pending';
      await expect(gateway.cancel('PP-STUB-1')).rejects.toThrow(
        'midtrans cancel failed: 412: Merchant cannot modify the status of the transaction while the transaction is pending',
      );
    } finally {
      await stub.close();
    }
  });

  it('Midtrans: a 5xx or a 404 page that is not Midtrans speaking fails (the caller retries), never naming the key', async () => {
    let answer: { status: number; body?: unknown } = {
      status: 503,
      body: { status_code: '503', status_message: 'Service Unavailable' },
    };
    const stub = await providerStub(() => answer);
    try {
      const gateway = midtransGateway({ keys: async () => stubKey, baseUrls: { snap: stub.url, api: stub.url } });
      const unavailable = gateway.cancel('PP-STUB-2');
      await expect(unavailable).rejects.toThrow(/^midtrans cancel failed: HTTP 503/);
      await expect(unavailable).rejects.not.toThrow(/SB-Mid-server-stub-key/);
      answer = { status: 404, body: '<html>Not Found</html>' };
      await expect(gateway.cancel('PP-STUB-2')).rejects.toThrow(/^midtrans cancel failed: HTTP 404/);
    } finally {
      await stub.close();
    }
  });

  it('Xendit: an invoice paid between the lookup and the expire is settled, read from the invoice itself', async () => {
    const stub = await providerStub(({ method, path }) => {
      if (method === 'GET' && path.startsWith('/v2/invoices?'))
        return { status: 200, body: [{ id: 'inv-9', external_id: 'PP-STUB-3', status: 'PENDING', amount: 150_000 }] };
      if (method === 'POST' && path === '/invoices/inv-9/expire!')
        return {
          status: 404,
          body: { error_code: 'INVOICE_NOT_FOUND_ERROR', message: 'Could not find and update PENDING invoice' },
        };
      if (method === 'GET' && path === '/v2/invoices/inv-9')
        return { status: 200, body: { id: 'inv-9', external_id: 'PP-STUB-3', status: 'PAID', amount: 150_000 } };
      return { status: 500, body: { error_code: 'SERVER_ERROR', message: 'unexpected' } };
    });
    try {
      const gateway = xenditGateway({ keys: async () => stubKey, baseUrl: stub.url });
      expect(await gateway.cancel('PP-STUB-3')).toEqual({ outcome: 'settled' });
      expect(stub.requests.map(({ method, path }) => [method, path])).toEqual([
        ['GET', '/v2/invoices?external_id=PP-STUB-3'],
        ['POST', '/invoices/inv-9/expire!'],
        ['GET', '/v2/invoices/inv-9'],
      ]);
      expect(stub.requests[1]!.headers.authorization).toBe(basic(stubKey.secretKey));
    } finally {
      await stub.close();
    }
  });

  it('Xendit: a 5xx on expire fails (the caller retries), never naming the key', async () => {
    const stub = await providerStub(({ method }) =>
      method === 'GET'
        ? { status: 200, body: [{ id: 'inv-10', external_id: 'PP-STUB-4', status: 'PENDING', amount: 150_000 }] }
        : { status: 502, body: { error_code: 'SERVER_ERROR', message: 'bad gateway' } },
    );
    try {
      const gateway = xenditGateway({ keys: async () => stubKey, baseUrl: stub.url });
      const failed = gateway.cancel('PP-STUB-4');
      await expect(failed).rejects.toThrow('xendit cancel failed: HTTP 502: SERVER_ERROR; bad gateway');
      await expect(failed).rejects.not.toThrow(/xnd_development_stub_key/);
    } finally {
      await stub.close();
    }
  });
});

describe('payment sandbox: by payment id, and back to the app', () => {
  it('the page, the outcome route and pay() take our payment id; the index links by it', async () => {
    const request = checkout();
    await xendit().createCheckout(request);
    expect(await pageOf(request.paymentId)).toContain(`action="/sandbox/pay/${request.paymentId}/pay"`);
    const index = await (await fetch(`${apiUrl}/sandbox/pay`)).text();
    expect(index).toContain(`<a href="/sandbox/pay/${request.paymentId}">${request.providerOrderId}</a>`);

    const response = await fetch(`${apiUrl}/sandbox/pay/${request.paymentId}/pay`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ method: 'qris' }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      providerOrderId: request.providerOrderId,
      paymentId: request.paymentId,
      outcome: 'pay',
      status: 'PAID',
      deliveries: [200],
    });
    expect(
      webhooks.map((webhook) => [webhook.body.external_id, webhook.body.status, webhook.body.payment_method]),
    ).toEqual([[request.providerOrderId, 'PAID', 'QR_CODE']]);
    // A re-delivery by payment id through pay().
    expect(await sandbox.pay(request.paymentId, 'pay')).toMatchObject({
      providerOrderId: request.providerOrderId,
      status: 'PAID',
      deliveries: [200],
    });
    await expect(sandbox.pay('pay-unknown', 'pay')).rejects.toMatchObject({ status: 404 });
    // Xendit has no pending step.
    await expect(sandbox.pay(request.paymentId, 'pending')).rejects.toMatchObject({ status: 400 });
  });

  it('Xendit: after a button press the page links back to the success or failure URL, without redirecting', async () => {
    const paid = checkout();
    const expired = checkout();
    await xendit().createCheckout({ ...paid, returnUrls: returnUrls(paid.paymentId) });
    await xendit().createCheckout({ ...expired, returnUrls: returnUrls(expired.paymentId) });
    expect(await pageOf(paid.paymentId)).not.toContain('Kembali ke aplikasi');

    const form = {
      method: 'POST',
      redirect: 'manual',
      headers: { 'accept': 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
      body: '',
    } as const;
    const pressed = await fetch(`${apiUrl}/sandbox/pay/${paid.paymentId}/pay`, form);
    expect(pressed.status).toBe(303);
    expect(pressed.headers.get('location')).toBe(`/sandbox/pay/${paid.paymentId}`);
    const paidPage = await pageOf(paid.paymentId);
    expect(paidPage).toContain(
      `<a href="https://app.petpro.test/payments/${paid.paymentId}?from=provider">Kembali ke aplikasi <small>Back to the app</small></a>`,
    );
    expect(paidPage).not.toContain('http-equiv="refresh"');

    await fetch(`${apiUrl}/sandbox/pay/${expired.paymentId}/expire`, form);
    expect(await pageOf(expired.paymentId)).toContain(
      `<a href="https://app.petpro.test/payments/${expired.paymentId}?from=provider&amp;failed=1">Kembali ke aplikasi`,
    );
  });

  it('Midtrans: the one finish URL, with the outcome in its query as Snap appends it', async () => {
    const request = checkout();
    await midtrans().createCheckout({ ...request, returnUrls: returnUrls(request.paymentId) });
    expect(await pageOf(request.providerOrderId)).not.toContain('Kembali ke aplikasi');
    await fetch(`${apiUrl}/sandbox/pay/${request.paymentId}/fail`, { method: 'POST' });
    expect(await pageOf(request.paymentId)).toContain(
      `<a href="https://app.petpro.test/payments/${request.paymentId}?from=provider&amp;order_id=${request.providerOrderId}&amp;status_code=202&amp;transaction_status=deny">Kembali ke aplikasi`,
    );
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

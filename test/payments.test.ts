import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_MIDTRANS_SECRET, LOCAL_XENDIT_SECRET } from '#local/messaging.ts';
import { lifecycleService } from '../functions/payments/lifecycle.ts';
import { gateways } from '../functions/payments/providers.ts';
import { readsService } from '../functions/payments/reads.ts';
import { reconciliationService } from '../functions/payments/reconciliation.ts';
import { dynamoPaymentsStore } from '../functions/payments/store.ts';
import {
  approvedVendor,
  bootPlatform,
  eventually,
  signedUpUser,
  tableItems,
  withGroup,
  type TestPlatform,
  type TestUser,
} from './support.ts';

/**
 * Provider notifications over real HTTP into the local platform: verified (Midtrans signature_key,
 * Xendit x-callback-token), answered at once, applied from the event; anything unverified is a
 * 401 that changes nothing.
 */
let t: TestPlatform;
let payer: TestUser;
let stranger: TestUser;

beforeAll(async () => {
  t = await bootPlatform();
  [payer, stranger] = await Promise.all([signedUpUser(t.api), signedUpUser(t.api)]);
});
afterAll(async () => {
  await t?.stop();
});

// The platform process set the table's environment; the payments use cases run on it here too.
const payments = () => {
  const ports = { store: dynamoPaymentsStore(), gateways: gateways() };
  return { ...lifecycleService(ports), ...reconciliationService(ports), ...readsService(ports) };
};

async function startedPayment(provider: 'midtrans' | 'xendit', amount: number, vendorId = 'vendor-1') {
  return payments().start({
    reference: `booking:${Date.now()}-${Math.random()}`,
    provider,
    payerId: payer.userId,
    vendorId,
    vendorKind: 'clinic',
    amount,
    expiresAt: '2026-12-31T00:00:00Z',
    customer: { name: 'Budi Santoso', email: payer.username },
    items: [{ id: 'vaksin', name: 'Vaksinasi Rabies', price: amount, quantity: 1 }],
  });
}

async function pendingPayment(provider: 'midtrans' | 'xendit', amount: number) {
  return payments().create({
    reference: `booking:${Date.now()}-${Math.random()}`,
    provider,
    payerId: payer.userId,
    vendorId: 'vendor-1',
    vendorKind: 'clinic',
    amount,
    expiresAt: '2026-12-31T00:00:00Z',
  });
}

function midtransBody(orderId: string, transactionStatus: string, grossAmount: string, statusCode = '200') {
  // Computed here from the documented formula, not with the code under test.
  const signature = createHash('sha512')
    .update(`${orderId}${statusCode}${grossAmount}${LOCAL_MIDTRANS_SECRET.value.serverKey}`)
    .digest('hex');
  return {
    transaction_time: '2026-11-26 10:00:00',
    transaction_status: transactionStatus,
    transaction_id: 'b4f8c9b2-1111-4bbb-9c0d-000000000001',
    status_message: 'midtrans payment notification',
    status_code: statusCode,
    signature_key: signature,
    payment_type: 'qris',
    order_id: orderId,
    merchant_id: 'G000000000',
    gross_amount: grossAmount,
    fraud_status: 'accept',
    currency: 'IDR',
  };
}

describe('the payment sandbox', () => {
  it.each(['midtrans', 'xendit'] as const)(
    '%s: create → the sandbox page → Pay → the webhook lands → paid, with the ledger',
    async (provider) => {
      const started = await startedPayment(provider, 185_000);
      const page = await fetch(started.redirectUrl!);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('185.000');
      expect(html).toMatch(/Bayar|Pay/);
      const payment = (await payments().getPayment(started.paymentId))!;
      const paid = await fetch(`${t.platform.url}/sandbox/pay/${payment.providerOrderId}/pay`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ times: 3, outOfOrder: true }),
      });
      expect(paid.status).toBe(200);
      await t.platform.eventsIdle();
      const view = await t.api.get<{ status: string; amount: { amount: number } }>(
        `/v1/payments/${started.paymentId}`,
        { token: payer.accessToken },
      );
      expect(view.body).toMatchObject({ status: 'paid', amount: { amount: 185_000 } });
      const ledger = await payments().ledger(started.paymentId);
      expect(ledger.map(({ kind, amount }) => [kind, amount])).toEqual([
        ['payment_captured', 185_000],
        ['platform_commission', 18_500],
        ['vendor_payable', 166_500],
      ]);
    },
  );

  it('expires a payment the customer never pays', async () => {
    const started = await startedPayment('midtrans', 60_000);
    const payment = (await payments().getPayment(started.paymentId))!;
    expect(
      (await fetch(`${t.platform.url}/sandbox/pay/${payment.providerOrderId}/expire`, { method: 'POST' })).status,
    ).toBe(200);
    await t.platform.eventsIdle();
    expect((await payments().getPayment(started.paymentId))?.status).toBe('expired');
  });
});

describe('who reads a payment', () => {
  it("its payer, the staff of its vendor and platform admins; another vendor's staff and strangers get 404", async () => {
    const [owner, otherOwner, adminUser] = await Promise.all([
      signedUpUser(t.api),
      signedUpUser(t.api),
      signedUpUser(t.api),
    ]);
    const admin = await withGroup(t, adminUser, 'platform_admin');
    const suffix = Date.now().toString(36);
    const [vendorId] = await Promise.all([
      approvedVendor(t, owner, admin, `Klinik Bayar ${suffix}`),
      approvedVendor(t, otherOwner, admin, `Klinik Lain ${suffix}`),
    ]);
    const started = await startedPayment('midtrans', 95_000, vendorId);
    const read = (user: TestUser) =>
      t.api.get<{ paymentId: string }>(`/v1/payments/${started.paymentId}`, { token: user.accessToken });
    for (const allowed of [payer, owner, admin]) expect((await read(allowed)).body.paymentId).toBe(started.paymentId);
    for (const refused of [otherOwner, stranger]) expect((await read(refused)).status).toBe(404);
  });
});

describe('payment notifications', () => {
  it('applies a verified Midtrans settlement once, from the event, with the ledger', async () => {
    const started = await startedPayment('midtrans', 150_000);
    const payment = (await payments().getPayment(started.paymentId))!;
    // The provider has it settled (its status API says so); the notification below is ours, signed by the documented formula.
    await t.platform.paymentSandbox.pay(payment.providerOrderId, 'pay');
    const body = midtransBody(payment.providerOrderId, 'settlement', '150000.00');
    const first = await t.api.post('/v1/webhooks/midtrans', body);
    expect(first.status).toBe(200);
    expect((await t.api.post('/v1/webhooks/midtrans', body)).status).toBe(200);
    const paid = await eventually('paid', async () => {
      const response = await t.api.get<{ status: string; method: string }>(`/v1/payments/${payment.paymentId}`, {
        token: payer.accessToken,
      });
      return response.body.status === 'paid' ? response.body : undefined;
    });
    // What the provider's status API says, not what the notification claimed.
    expect(paid.method).toBe('bank_transfer');
    await t.platform.eventsIdle();
    const ledger = await payments().ledger(payment.paymentId);
    expect(ledger.map((entry) => entry.kind)).toEqual(['payment_captured', 'platform_commission', 'vendor_payable']);
    expect((await t.api.get(`/v1/payments/${payment.paymentId}`, { token: stranger.accessToken })).status).toBe(404);
  });

  it.each([
    ['a tampered amount', (body: ReturnType<typeof midtransBody>) => ({ ...body, gross_amount: '1.00' })],
    [
      'a tampered status',
      (body: ReturnType<typeof midtransBody>) => ({ ...body, transaction_status: 'settlement', status_code: '201' }),
    ],
    ['a tampered order id', (body: ReturnType<typeof midtransBody>) => ({ ...body, order_id: `${body.order_id}X` })],
    ['no signature', ({ signature_key: _signature, ...body }: ReturnType<typeof midtransBody>) => body],
  ])('refuses a Midtrans notification with %s: 401, nothing written', async (_name, tamper) => {
    const payment = await pendingPayment('midtrans', 99_000);
    await t.platform.eventsIdle();
    const before = await tableItems(t.platform);
    const response = await t.api.post(
      '/v1/webhooks/midtrans',
      tamper(midtransBody(payment.providerOrderId, 'pending', '99000.00')),
    );
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    await t.platform.eventsIdle();
    expect(await tableItems(t.platform)).toEqual(before);
  });

  it('accepts a Xendit callback with the right token (applied once the provider confirms), and refuses a wrong one', async () => {
    const started = await startedPayment('xendit', 275_000);
    const payment = (await payments().getPayment(started.paymentId))!;
    const body = {
      id: '6571f0000000000000000001',
      external_id: payment.providerOrderId,
      status: 'PAID',
      amount: 275_000,
      paid_amount: 275_000,
      payment_method: 'EWALLET',
      payment_channel: 'OVO',
    };
    await t.platform.eventsIdle();
    const before = await tableItems(t.platform);
    const forged = await t.api.post('/v1/webhooks/xendit', body, { headers: { 'x-callback-token': 'guess' } });
    expect(forged.status).toBe(401);
    await t.platform.eventsIdle();
    expect(await tableItems(t.platform)).toEqual(before);
    // Genuine, but the invoice is still unpaid at Xendit: nothing moves.
    expect(
      (
        await t.api.post('/v1/webhooks/xendit', body, {
          headers: { 'x-callback-token': LOCAL_XENDIT_SECRET.value.callbackToken },
        })
      ).status,
    ).toBe(200);
    await t.platform.eventsIdle();
    expect((await payments().getPayment(payment.paymentId))?.status).toBe('pending');
    await t.platform.paymentSandbox.pay(payment.providerOrderId, 'pay');
    await eventually('paid', async () =>
      (await payments().getPayment(payment.paymentId))?.status === 'paid' ? true : undefined,
    );
  });
});

describe('reconciliation', () => {
  async function overduePayment(provider: 'midtrans' | 'xendit', amount: number) {
    return payments().start({
      reference: `order:${Date.now()}-${Math.random()}`,
      provider,
      payerId: payer.userId,
      vendorId: 'vendor-1',
      vendorKind: 'clinic',
      amount,
      expiresAt: new Date(Date.now() - 60 * 60_000).toISOString(),
      customer: { name: 'Siti' },
      items: [{ id: 'makanan', name: 'Makanan Kucing 2 kg', price: amount, quantity: 1 }],
    });
  }

  it('heals a lost webhook, expires what the provider never saw, and reports what stays pending', async () => {
    const lost = await overduePayment('midtrans', 120_000);
    const lostPayment = (await payments().getPayment(lost.paymentId))!;
    await t.platform.paymentSandbox.pay(lostPayment.providerOrderId, 'pay', { times: 0 });
    const unseen = await overduePayment('midtrans', 45_000);
    const stillPending = await overduePayment('xendit', 80_000);
    await t.platform.eventsIdle();
    expect((await payments().getPayment(lost.paymentId))?.status).toBe('pending');

    const report = await payments().reconcile({ marginMinutes: 15 });
    expect(report.healed).toContain(lost.paymentId);
    expect(report.expiredUnseen).toContain(unseen.paymentId);
    expect(report.mismatches.map((mismatch) => mismatch.paymentId)).toContain(stillPending.paymentId);
    expect((await payments().getPayment(lost.paymentId))?.status).toBe('paid');
    expect((await payments().getPayment(unseen.paymentId))?.status).toBe('expired');
    expect((await payments().ledger(lost.paymentId)).map((entry) => entry.kind)).toEqual([
      'payment_captured',
      'platform_commission',
      'vendor_payable',
    ]);

    // The daily run keeps its report for admins.
    const daily = await payments().dailyReport();
    expect(daily.mismatches.map((mismatch) => mismatch.paymentId)).toContain(stillPending.paymentId);
    const admin = await withGroup(t, await signedUpUser(t.api), 'platform_admin');
    const stored = await t.api.get<{ date: string; mismatches: { paymentId: string }[] }>(
      `/v1/admin/payments/reconciliation/${daily.date}`,
      { token: admin.accessToken },
    );
    expect(stored.status).toBe(200);
    expect(stored.body.mismatches.map((mismatch) => mismatch.paymentId)).toContain(stillPending.paymentId);
    expect(
      (await t.api.get(`/v1/admin/payments/reconciliation/${daily.date}`, { token: payer.accessToken })).status,
    ).toBe(403);
    expect((await t.api.get('/v1/admin/payments/reconciliation/2020-01-01', { token: admin.accessToken })).status).toBe(
      404,
    );

    // Nothing left to heal: a second run changes nothing.
    const again = await payments().reconcile({ marginMinutes: 15 });
    expect(again.healed).not.toContain(lost.paymentId);
    expect(again.expiredUnseen).not.toContain(unseen.paymentId);
  });
});

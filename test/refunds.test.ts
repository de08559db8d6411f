import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxMethod } from '#local/payment-sandbox.ts';
import { lifecycleService } from '../functions/payments/lifecycle.ts';
import { gateways } from '../functions/payments/providers.ts';
import { readsService } from '../functions/payments/reads.ts';
import { dynamoPaymentsStore } from '../functions/payments/store.ts';
import {
  bootPlatform,
  eventually,
  signedUpUser,
  tableItems,
  withGroup,
  type TestPlatform,
  type TestUser,
} from './support.ts';

/**
 * Refunds over HTTP on the local platform, paid and refunded through the payment sandbox: the
 * provider's refund notification moves the money; VA payments become manual tasks for admins.
 */
let t: TestPlatform;
let admin: TestUser;
let payer: TestUser;

beforeAll(async () => {
  t = await bootPlatform();
  const [someone, customer] = await Promise.all([signedUpUser(t.api), signedUpUser(t.api)]);
  admin = await withGroup(t, someone, 'platform_admin');
  payer = customer;
});
afterAll(async () => {
  await t?.stop();
});

const payments = () => {
  const ports = { store: dynamoPaymentsStore(), gateways: gateways() };
  return { ...lifecycleService(ports), ...readsService(ports) };
};
let keys = 0;
const newKey = () => `refund-${Date.now()}-${(keys += 1)}`;

interface RefundAnswer {
  refundId: string;
  paymentId: string;
  amount: { amount: number; currency: string };
  status: string;
}

interface Task extends RefundAnswer {
  note: string | null;
  completedBy: string | null;
}

async function startedPayment(provider: 'midtrans' | 'xendit', amount: number) {
  const started = await payments().start({
    reference: `booking:${Date.now()}-${Math.random()}`,
    provider,
    payerId: payer.userId,
    vendorId: 'vendor-1',
    vendorKind: 'clinic',
    amount,
    expiresAt: '2026-12-31T00:00:00Z',
    customer: { name: 'Budi Santoso', email: payer.username },
    items: [{ id: 'grooming', name: 'Grooming anjing', price: amount, quantity: 1 }],
  });
  return (await payments().getPayment(started.paymentId))!;
}

/** Created, then paid on the sandbox with `method`, the webhook applied. */
async function paidPayment(provider: 'midtrans' | 'xendit', amount: number, method: SandboxMethod) {
  const payment = await startedPayment(provider, amount);
  await t.platform.paymentSandbox.pay(payment.providerOrderId, 'pay', { method });
  await t.platform.eventsIdle();
  return eventually('paid', async () => {
    const stored = await payments().getPayment(payment.paymentId);
    return stored?.status === 'paid' ? stored : undefined;
  });
}

const refund = (
  paymentId: string,
  body: unknown,
  key: string | undefined,
  token = admin.accessToken,
  headers: Record<string, string> = {},
) =>
  t.api.post<RefundAnswer>(`/v1/payments/${paymentId}/refund`, body, {
    token,
    headers: { ...(key !== undefined ? { 'idempotency-key': key } : {}), ...headers },
  });

/** The provider's refund notification has arrived and been applied. */
async function settled() {
  await t.platform.paymentSandbox.idle();
  await t.platform.eventsIdle();
}

const refundEntries = async (paymentId: string) =>
  (await payments().ledger(paymentId)).filter((entry) => entry.kind === 'refund').map((entry) => entry.amount);

const sandboxRefunds = (providerOrderId: string) =>
  t.platform.paymentSandbox.attempts().find((attempt) => attempt.providerOrderId === providerOrderId)?.refunds ?? [];

async function refundedEvents(paymentId: string) {
  return (await tableItems(t.platform))
    .filter((item) => String(item.pk).startsWith('OUTBOX#'))
    .map(
      (item) =>
        item.event as {
          type: string;
          id: string;
          data: { paymentId?: string; refundedAmount?: number; status?: string };
        },
    )
    .filter((event) => event.type === 'payment.refunded' && event.data.paymentId === paymentId)
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((event) => [event.data.status, event.data.refundedAmount]);
}

describe('refunds at the provider', () => {
  it('refunds a Midtrans QRIS payment in full: requested, then the provider’s notification moves the money', async () => {
    const payment = await paidPayment('midtrans', 150_000, 'qris');
    const response = await refund(payment.paymentId, { reason: 'Klinik tutup hari ini' }, newKey());
    expect(response.status).toBe(202);
    expect(response.body).toMatchObject({
      paymentId: payment.paymentId,
      amount: { amount: 150_000, currency: 'IDR' },
      status: 'requested',
      provider: 'midtrans',
      method: 'qris',
    });
    await settled();
    const view = await t.api.get<{ status: string; refundedAmount: { amount: number } }>(
      `/v1/payments/${payment.paymentId}`,
      { token: payer.accessToken },
    );
    expect(view.body).toMatchObject({ status: 'refunded', refundedAmount: { amount: 150_000 } });
    expect(await refundEntries(payment.paymentId)).toEqual([-150_000]);
    expect(await refundedEvents(payment.paymentId)).toEqual([['refunded', 150_000]]);
    expect(sandboxRefunds(payment.providerOrderId).map((entry) => entry.amount)).toEqual([150_000]);
  });

  it.each([
    ['midtrans', 'qris'],
    ['xendit', 'ewallet'],
  ] as const)('%s (%s): a partial refund, then the rest by default', async (provider, method) => {
    const payment = await paidPayment(provider, 200_000, method);
    const first = await refund(payment.paymentId, { amount: 60_000, reason: 'Satu layanan dibatalkan' }, newKey());
    expect(first.status).toBe(202);
    expect(first.body).toMatchObject({ amount: { amount: 60_000 }, status: 'requested' });
    await settled();
    expect(await payments().getPayment(payment.paymentId)).toMatchObject({
      status: 'partially_refunded',
      refundedAmount: 60_000,
    });

    const rest = await refund(payment.paymentId, { reason: 'Sisanya juga dibatalkan' }, newKey());
    expect(rest.status).toBe(202);
    expect(rest.body.amount.amount).toBe(140_000);
    await settled();
    expect(await payments().getPayment(payment.paymentId)).toMatchObject({
      status: 'refunded',
      refundedAmount: 200_000,
    });
    expect(await refundEntries(payment.paymentId)).toEqual([-60_000, -140_000]);
    expect(await refundedEvents(payment.paymentId)).toEqual([
      ['partially_refunded', 60_000],
      ['refunded', 200_000],
    ]);
    // Nothing remains: a refunded payment is not refundable.
    expect((await refund(payment.paymentId, { reason: 'Lagi' }, newKey())).status).toBe(409);
  });

  it('the same Idempotency-Key twice is one refund: one provider call, one ledger entry, the first answer again', async () => {
    const payment = await paidPayment('midtrans', 90_000, 'ewallet');
    const key = newKey();
    const body = { amount: 30_000, reason: 'Pelanggan membatalkan' };
    const first = await refund(payment.paymentId, body, key);
    const again = await refund(payment.paymentId, body, key);
    expect(first.status).toBe(202);
    expect(again.status).toBe(202);
    expect(again.body).toEqual(first.body);
    await settled();
    expect(sandboxRefunds(payment.providerOrderId).map((entry) => [entry.amount, entry.requests])).toEqual([
      [30_000, 1],
    ]);
    expect(await refundEntries(payment.paymentId)).toEqual([-30_000]);
    // The same key with another body is refused.
    const other = await refund(payment.paymentId, { ...body, amount: 31_000 }, key);
    expect(other.status).toBe(422);
    expect(other.headers.get('content-type')).toContain('application/problem+json');
  });

  it('refuses an unpaid payment (409 payment-state, in Bahasa when asked) and more than was paid (422), writing nothing', async () => {
    const pending = await startedPayment('midtrans', 75_000);
    const paid = await paidPayment('xendit', 75_000, 'ewallet');
    await t.platform.eventsIdle();
    const before = await tableItems(t.platform);

    const unpaid = await refund(pending.paymentId, { reason: 'Belum dibayar' }, newKey(), admin.accessToken, {
      'accept-language': 'id-ID',
    });
    expect(unpaid.status).toBe(409);
    expect(unpaid.headers.get('content-type')).toContain('application/problem+json');
    expect(unpaid.body).toMatchObject({
      type: 'https://petpro.id/problems/payment-state',
      status: 409,
      paymentStatus: 'pending',
      detail: expect.stringContaining('pembayaran'),
    });

    const tooMuch = await refund(paid.paymentId, { amount: 75_001, reason: 'Terlalu banyak' }, newKey());
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.body).toMatchObject({
      type: 'https://petpro.id/problems/refund-amount',
      remaining: { amount: 75_000, currency: 'IDR' },
    });

    const unknown = await refund('01JZZZZZZZZZZZZZZZZZZZZZZZ', { reason: 'Tidak ada' }, newKey());
    expect(unknown.status).toBe(404);
    await t.platform.eventsIdle();
    expect(await tableItems(t.platform)).toEqual(before);
    expect(sandboxRefunds(paid.providerOrderId)).toEqual([]);
  });
});

describe('manual refund tasks', () => {
  const tasks = async (token = admin.accessToken) =>
    t.api.get<{ items: Task[]; nextCursor: string | null }>('/v1/admin/refund-tasks?limit=100', { token });

  it('a VA payment becomes a task for admins; completing it records the refund (ledger, refunded, payment.refunded)', async () => {
    const payment = await paidPayment('midtrans', 125_000, 'va');
    const response = await refund(payment.paymentId, { reason: 'Jadwal dokter berubah' }, newKey());
    expect(response.status).toBe(202);
    expect(response.body).toMatchObject({ amount: { amount: 125_000 }, status: 'manual', method: 'bank_transfer' });
    await settled();
    // Nothing was sent to the provider; nothing moved yet.
    expect(sandboxRefunds(payment.providerOrderId)).toEqual([]);
    expect((await payments().getPayment(payment.paymentId))?.status).toBe('paid');

    const listed = await tasks();
    expect(listed.status).toBe(200);
    expect(listed.body.items.find((task) => task.refundId === response.body.refundId)).toMatchObject({
      paymentId: payment.paymentId,
      status: 'open',
      amount: { amount: 125_000 },
      payerId: payer.userId,
    });

    const done = await t.api.post<Task>(
      `/v1/admin/refund-tasks/${response.body.refundId}/complete`,
      { note: 'Transfer BCA ke rekening pelanggan, ref 8812' },
      { token: admin.accessToken },
    );
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({
      status: 'completed',
      completedBy: admin.userId,
      note: 'Transfer BCA ke rekening pelanggan, ref 8812',
    });
    await t.platform.eventsIdle();
    expect(await payments().getPayment(payment.paymentId)).toMatchObject({
      status: 'refunded',
      refundedAmount: 125_000,
    });
    expect(await refundEntries(payment.paymentId)).toEqual([-125_000]);
    expect(await refundedEvents(payment.paymentId)).toEqual([['refunded', 125_000]]);
    expect((await tasks()).body.items.map((task) => task.refundId)).not.toContain(response.body.refundId);
    const twice = await t.api.post(
      `/v1/admin/refund-tasks/${response.body.refundId}/complete`,
      { note: 'lagi' },
      { token: admin.accessToken },
    );
    expect(twice.status).toBe(409);
  });
});

describe('access and bad input', () => {
  it('a non-admin gets 403 on every refund route, and nothing is written', async () => {
    const payment = await paidPayment('midtrans', 50_000, 'qris');
    await t.platform.eventsIdle();
    const before = await tableItems(t.platform);
    expect(
      (await refund(payment.paymentId, { reason: 'Saya mau uang kembali' }, newKey(), payer.accessToken)).status,
    ).toBe(403);
    expect((await t.api.get('/v1/admin/refund-tasks', { token: payer.accessToken })).status).toBe(403);
    expect(
      (
        await t.api.post(
          '/v1/admin/refund-tasks/01JZZZZZZZZZZZZZZZZZZZZZZZ/complete',
          { note: 'x' },
          { token: payer.accessToken },
        )
      ).status,
    ).toBe(403);
    expect((await refund(payment.paymentId, { reason: 'x' }, newKey(), '')).status).toBe(401);
    await t.platform.eventsIdle();
    expect(await tableItems(t.platform)).toEqual(before);
    expect(sandboxRefunds(payment.providerOrderId)).toEqual([]);
  });

  it.each([
    ['amount 0', { amount: 0, reason: 'x' }, 'body.amount'],
    ['a fractional amount', { amount: 1.5, reason: 'x' }, 'body.amount'],
    ['an amount as text', { amount: '1000', reason: 'x' }, 'body.amount'],
    ['no reason', { amount: 1_000 }, 'body.reason'],
    ['an empty reason', { reason: '   ' }, 'body.reason'],
    ['a reason over 500 characters', { reason: 'x'.repeat(501) }, 'body.reason'],
    ['an unknown field', { reason: 'x', refundTo: 'my account' }, 'body'],
    ['no Idempotency-Key', { reason: 'x' }, 'headers.idempotency-key', null],
    ['an Idempotency-Key over 255 characters', { reason: 'x' }, 'headers.idempotency-key', 'k'.repeat(300)],
  ] as const)('refund with %s → 400 problem+json, nothing written', async (_name, body, path, key?: string | null) => {
    const payment = await paidPayment('midtrans', 20_000, 'qris');
    await t.platform.eventsIdle();
    const before = await tableItems(t.platform);
    const response = await refund(payment.paymentId, body, key === null ? undefined : (key ?? newKey()));
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(
      (response.body as unknown as { errors: { path: string }[] }).errors.map((error) => error.path),
    ).toContainEqual(expect.stringContaining(path));
    await t.platform.eventsIdle();
    expect(await tableItems(t.platform)).toEqual(before);
    expect(sandboxRefunds(payment.providerOrderId)).toEqual([]);
  });

  it.each([
    ['a bad payment id', () => refund('not-an-id', { reason: 'x' }, newKey()), 'params.paymentId'],
    [
      'a bad refund id',
      () => t.api.post('/v1/admin/refund-tasks/123/complete', { note: 'x' }, { token: admin.accessToken }),
      'params.refundId',
    ],
    [
      'no note',
      () => t.api.post('/v1/admin/refund-tasks/01JZZZZZZZZZZZZZZZZZZZZZZZ/complete', {}, { token: admin.accessToken }),
      'body.note',
    ],
    ['a bad limit', () => t.api.get('/v1/admin/refund-tasks?limit=0', { token: admin.accessToken }), 'query.limit'],
  ])('%s → 400 problem+json, nothing written', async (_name, send, path) => {
    await t.platform.eventsIdle();
    const before = await tableItems(t.platform);
    const response = await send();
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect((response.body as { errors: { path: string }[] }).errors.map((error) => error.path)).toContainEqual(
      expect.stringContaining(path),
    );
    await t.platform.eventsIdle();
    expect(await tableItems(t.platform)).toEqual(before);
  });
});

import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EventData } from '#shared/events/catalog.ts';
import { OUTBOX_KEY_PREFIX } from '#shared/events/outbox.ts';
import { newId } from '#shared/lib/ids.ts';
import { dynamo } from '#shared/table/client.ts';
import { tableName } from '#shared/table/definition.ts';
import { refusalOf, useLocalDynamo } from '#local/testing.ts';
import { RefundRefused, type Payment, type ProviderGateway, type RefundRequest } from './model.ts';
import { allAreas } from './all-areas.ts';
import { toRefundView } from './payment-rules.ts';
import { refundableByApi, refundKey, refundsService, remainingRefundable } from './refunds.ts';
import { dynamoPaymentsStore } from './store.ts';

/** The refund rules, pure and on the real store (DynamoDB Local): conditions, transactions, outbox. */

useLocalDynamo();

/** A provider that records refund calls; `answer` decides each one. */
function fakeGateway(
  answer: (request: RefundRequest) => Promise<{ providerRefundId: string | null }> = async () => ({
    providerRefundId: 'rf-1',
  }),
) {
  const calls: RefundRequest[] = [];
  const gateway: ProviderGateway = {
    createCheckout: async () => ({ redirectUrl: 'https://pay.example' }),
    status: async () => undefined,
    cancel: async () => ({ outcome: 'unknown' }),
    refund: async (request) => {
      calls.push(request);
      return answer(request);
    },
  };
  return { gateway, calls };
}

function services(gateway: ProviderGateway) {
  const ports = { store: dynamoPaymentsStore(), gateways: { midtrans: gateway, xendit: gateway } };
  // Notifications are applied as received here (no status API to ask).
  return {
    payments: allAreas({ store: ports.store, commissionRate: () => 0.1 }),
    refunds: refundsService(ports),
  };
}

const notification = (
  providerOrderId: string,
  rawStatus: string,
  amount: number,
  extra: Partial<EventData<'payment.notification_received'>> = {},
): EventData<'payment.notification_received'> => ({
  provider: 'midtrans',
  providerOrderId,
  rawStatus,
  amount,
  providerTransactionId: 'tx-1',
  method: 'qris',
  ...extra,
});

/** A payment, settled with `method`. */
async function paidPayment(
  svc: ReturnType<typeof services>,
  amount: number,
  method = 'qris',
  provider: 'midtrans' | 'xendit' = 'midtrans',
): Promise<Payment> {
  const payment = await svc.payments.create({
    reference: `booking:${newId()}`,
    provider,
    payerId: 'payer',
    vendorId: 'vendor',
    vendorKind: 'clinic',
    amount,
    expiresAt: '2026-12-01T00:00:00Z',
  });
  const raw = provider === 'midtrans' ? 'settlement' : 'PAID';
  expect(
    await svc.payments.applyNotification(
      { ...notification(payment.providerOrderId, raw, amount, { method }), provider },
      'c',
    ),
  ).toBe('applied');
  return (await svc.payments.getPayment(payment.paymentId))!;
}

async function eventsOf(paymentId: string): Promise<{ type: string; refundedAmount?: number }[]> {
  const { Items = [] } = await dynamo().send(new ScanCommand({ TableName: tableName(), ConsistentRead: true }));
  return Items.filter(
    (item) =>
      String(item.pk).startsWith(OUTBOX_KEY_PREFIX) &&
      (item.event as { data: { paymentId?: string } }).data.paymentId === paymentId,
  )
    .map((item) => item.event as { type: string; id: string; data: { refundedAmount?: number } })
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((event) => ({
      type: event.type,
      ...(event.data.refundedAmount !== undefined ? { refundedAmount: event.data.refundedAmount } : {}),
    }));
}

const refundsIn = async (svc: ReturnType<typeof services>, paymentId: string) =>
  (await svc.payments.ledger(paymentId)).filter((entry) => entry.kind === 'refund').map((entry) => entry.amount);

async function problemOf(
  promise: Promise<unknown>,
): Promise<{ status: number; key: string; extra?: Record<string, unknown> }> {
  const problem = await refusalOf(promise);
  expect(problem).toBeDefined();
  const { status, key, extra } = problem!;
  return { status, key, ...(extra ? { extra } : {}) };
}

describe('refund rules', () => {
  it('refunds by API only the methods the provider refunds (cards, e-wallets, QRIS); VA, stores and unknown are manual', () => {
    expect(['credit_card', 'gopay', 'shopeepay', 'qris'].every((method) => refundableByApi('midtrans', method))).toBe(
      true,
    );
    expect(
      ['bank_transfer', 'echannel', 'cstore', 'permata'].some((method) => refundableByApi('midtrans', method)),
    ).toBe(false);
    expect(refundableByApi('xendit', 'EWALLET:OVO')).toBe(true);
    expect(refundableByApi('xendit', 'CREDIT_CARD:VISA')).toBe(true);
    expect(refundableByApi('xendit', 'BANK_TRANSFER:BCA')).toBe(false);
    expect(refundableByApi('xendit', 'RETAIL_OUTLET:ALFAMART')).toBe(false);
    expect(refundableByApi('midtrans', null)).toBe(false);
  });

  it('derives the provider refund key from the payment and the Idempotency-Key, in the characters Midtrans allows', () => {
    const paymentId = newId();
    const key = refundKey(paymentId, 'kunci refund #1 / é');
    expect(key).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(key.startsWith(`${paymentId}-`)).toBe(true);
    expect(refundKey(paymentId, 'kunci refund #1 / é')).toBe(key);
    expect(refundKey(paymentId, 'another')).not.toBe(key);
    expect(refundKey(newId(), 'kunci refund #1 / é')).not.toBe(key);
  });

  it('counts requested, open and completed refunds as spoken for, failed ones not; a dashboard refund shows in refundedAmount', () => {
    const payment = { amount: 100_000, refundedAmount: 0 };
    expect(remainingRefundable(payment, [])).toBe(100_000);
    expect(
      remainingRefundable(payment, [
        { amount: 30_000, status: 'requested' },
        { amount: 20_000, status: 'open' },
        { amount: 10_000, status: 'failed' },
      ]),
    ).toBe(50_000);
    expect(
      remainingRefundable({ amount: 100_000, refundedAmount: 70_000 }, [{ amount: 30_000, status: 'requested' }]),
    ).toBe(30_000);
    expect(remainingRefundable({ amount: 100_000, refundedAmount: 100_000 }, [])).toBe(0);
  });

  it('reads a notification’s refunded total: the provider’s own total when given, never shrinking, never above the payment', () => {
    const paid = { amount: 100_000, refundedAmount: 0 };
    expect(toRefundView(paid, 'partially_refunded', { amount: 100_000, refundedAmount: 40_000 })).toEqual({
      status: 'partially_refunded',
      refundedAmount: 40_000,
    });
    // Xendit: the invoice still reads PAID; its refunds say how much.
    expect(toRefundView(paid, 'paid', { amount: 100_000, refundedAmount: 100_000 })).toEqual({
      status: 'refunded',
      refundedAmount: 100_000,
    });
    expect(toRefundView(paid, 'paid', { amount: 100_000 })).toEqual({ status: 'paid', refundedAmount: 0 });
    expect(
      toRefundView({ amount: 100_000, refundedAmount: 60_000 }, 'partially_refunded', {
        amount: 100_000,
        refundedAmount: 40_000,
      }),
    ).toEqual({ status: 'partially_refunded', refundedAmount: 60_000 });
    expect(toRefundView(paid, 'refunded', { amount: 100_000 })).toEqual({
      status: 'refunded',
      refundedAmount: 100_000,
    });
    // Without a total, the notification's amount is this refund's.
    expect(toRefundView({ amount: 100_000, refundedAmount: 60_000 }, 'partially_refunded', { amount: 40_000 })).toEqual(
      {
        status: 'refunded',
        refundedAmount: 100_000,
      },
    );
  });
});

describe('refunds at the provider', () => {
  it('requests a refund of all that remains from a paid payment, once per key; the notification moves the money', async () => {
    const { gateway, calls } = fakeGateway();
    const svc = services(gateway);
    const payment = await paidPayment(svc, 150_000);
    const refund = await svc.refunds.request('admin', payment.paymentId, { reason: 'Klinik tutup' }, 'key-1');
    expect(refund).toMatchObject({
      kind: 'provider',
      status: 'requested',
      amount: 150_000,
      refundKey: refundKey(payment.paymentId, 'key-1'),
      requestedBy: 'admin',
    });
    expect(calls).toEqual([
      {
        providerOrderId: payment.providerOrderId,
        providerTransactionId: 'tx-1',
        amount: 150_000,
        reason: 'Klinik tutup',
        refundKey: refund.refundKey,
      },
    ]);
    // Nothing moves until the provider says so.
    expect(await refundsIn(svc, payment.paymentId)).toEqual([]);
    expect((await svc.payments.getPayment(payment.paymentId))?.status).toBe('paid');

    const again = await svc.refunds.request('another-admin', payment.paymentId, { reason: 'Klinik tutup' }, 'key-1');
    expect(again.refundId).toBe(refund.refundId);
    expect(calls).toHaveLength(1);
    expect(
      await problemOf(
        svc.refunds.request('admin', payment.paymentId, { amount: 1_000, reason: 'Klinik tutup' }, 'key-1'),
      ),
    ).toMatchObject({ status: 422, key: 'idempotency-key-reused' });
    // In flight counts: nothing remains for another key.
    expect(await problemOf(svc.refunds.request('admin', payment.paymentId, { reason: 'Lagi' }, 'key-2'))).toMatchObject(
      { status: 422, key: 'refund-amount', extra: { remaining: { amount: 0, currency: 'IDR' } } },
    );

    expect(
      await svc.payments.applyNotification(
        notification(payment.providerOrderId, 'refund', 150_000, { refundedAmount: 150_000 }),
        'c',
      ),
    ).toBe('applied');
    expect(await svc.payments.getPayment(payment.paymentId)).toMatchObject({
      status: 'refunded',
      refundedAmount: 150_000,
    });
    expect(await refundsIn(svc, payment.paymentId)).toEqual([-150_000]);
    expect(await problemOf(svc.refunds.request('admin', payment.paymentId, { reason: 'Lagi' }, 'key-3'))).toMatchObject(
      { status: 409, key: 'payment-state', extra: { paymentStatus: 'refunded' } },
    );
  });

  it('refuses an unpaid payment (409), an amount above what remains (422) and an unknown payment (404), writing nothing', async () => {
    const { gateway, calls } = fakeGateway();
    const svc = services(gateway);
    const pending = await svc.payments.create({
      reference: `booking:${newId()}`,
      provider: 'midtrans',
      payerId: 'p',
      vendorId: 'v',
      vendorKind: 'groomer',
      amount: 50_000,
      expiresAt: '2026-12-01T00:00:00Z',
    });
    expect(await problemOf(svc.refunds.request('admin', pending.paymentId, { reason: 'x' }, 'k'))).toMatchObject({
      status: 409,
      key: 'payment-state',
    });
    const paid = await paidPayment(svc, 50_000);
    expect(
      await problemOf(svc.refunds.request('admin', paid.paymentId, { amount: 50_001, reason: 'x' }, 'k')),
    ).toMatchObject({ status: 422, key: 'refund-amount' });
    expect(await problemOf(svc.refunds.request('admin', newId(), { reason: 'x' }, 'k'))).toMatchObject({ status: 404 });
    expect(calls).toEqual([]);
    expect(await dynamoPaymentsStore().refunds(paid.paymentId)).toEqual([]);
    expect((await svc.payments.getPayment(paid.paymentId))?.version).toBe(paid.version);
  });

  it('applies growing partial refunds (partially_refunded → partially_refunded), each once, until refunded', async () => {
    const { gateway } = fakeGateway();
    const svc = services(gateway);
    const payment = await paidPayment(svc, 200_000);
    await svc.refunds.request('admin', payment.paymentId, { amount: 50_000, reason: 'Sebagian' }, 'a');
    expect(
      await svc.payments.applyNotification(
        notification(payment.providerOrderId, 'partial_refund', 200_000, { refundedAmount: 50_000 }),
        'c',
      ),
    ).toBe('applied');
    await svc.refunds.request('admin', payment.paymentId, { amount: 30_000, reason: 'Sebagian lagi' }, 'b');
    expect(
      await svc.payments.applyNotification(
        notification(payment.providerOrderId, 'partial_refund', 200_000, { refundedAmount: 80_000 }),
        'c',
      ),
    ).toBe('applied');
    // A duplicate or an older partial refund changes nothing.
    expect(
      await svc.payments.applyNotification(
        notification(payment.providerOrderId, 'partial_refund', 200_000, { refundedAmount: 80_000 }),
        'c',
      ),
    ).toBe('unchanged');
    expect(
      await svc.payments.applyNotification(
        notification(payment.providerOrderId, 'partial_refund', 200_000, { refundedAmount: 50_000 }),
        'c',
      ),
    ).toBe('unchanged');
    expect(await svc.payments.getPayment(payment.paymentId)).toMatchObject({
      status: 'partially_refunded',
      refundedAmount: 80_000,
    });
    // The rest, by default.
    expect((await svc.refunds.request('admin', payment.paymentId, { reason: 'Sisanya' }, 'c')).amount).toBe(120_000);
    expect(
      await svc.payments.applyNotification(
        notification(payment.providerOrderId, 'refund', 200_000, { refundedAmount: 200_000 }),
        'c',
      ),
    ).toBe('applied');
    expect(
      await svc.payments.applyNotification(
        notification(payment.providerOrderId, 'partial_refund', 200_000, { refundedAmount: 80_000 }),
        'c',
      ),
    ).toBe('unchanged');
    expect(await refundsIn(svc, payment.paymentId)).toEqual([-50_000, -30_000, -120_000]);
    expect(await eventsOf(payment.paymentId)).toEqual([
      { type: 'payment.succeeded' },
      { type: 'payment.refunded', refundedAmount: 50_000 },
      { type: 'payment.refunded', refundedAmount: 80_000 },
      { type: 'payment.refunded', refundedAmount: 200_000 },
    ]);
  });

  it('ends at the largest refunded total whatever the order and number of partial refund deliveries', async () => {
    const { gateway } = fakeGateway();
    const svc = services(gateway);
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.integer({ min: 1, max: 99 }), { minLength: 1, maxLength: 4 }),
        fc.array(fc.nat(), { minLength: 12, maxLength: 12 }),
        async (totals, order) => {
          const payment = await paidPayment(svc, 100);
          const deliveries = [...totals, ...totals]
            .map((total, index) => ({ total, key: order[index] ?? 0 }))
            .sort((a, b) => a.key - b.key);
          let last = 0;
          for (const { total } of deliveries) {
            await svc.payments.applyNotification(
              notification(payment.providerOrderId, 'partial_refund', 100, { refundedAmount: total }),
              'c',
            );
            const stored = (await svc.payments.getPayment(payment.paymentId))!;
            expect(stored.refundedAmount).toBeGreaterThanOrEqual(last);
            last = stored.refundedAmount;
          }
          const stored = (await svc.payments.getPayment(payment.paymentId))!;
          expect(stored).toMatchObject({ status: 'partially_refunded', refundedAmount: Math.max(...totals) });
          expect(-(await refundsIn(svc, payment.paymentId)).reduce((sum, amount) => sum + amount, 0)).toBe(
            Math.max(...totals),
          );
        },
      ),
      { numRuns: 40 },
    );
  }, 120_000);

  it('a refusal fails the refund (it no longer counts); an error leaves it requested and the same key asks again', async () => {
    let mode: 'refuse' | 'down' | 'ok' = 'refuse';
    const { gateway, calls } = fakeGateway(async () => {
      if (mode === 'refuse') throw new RefundRefused('midtrans refund refused: 412');
      if (mode === 'down') throw new Error('midtrans refund failed: HTTP 503');
      return { providerRefundId: '100001' };
    });
    const svc = services(gateway);
    const payment = await paidPayment(svc, 90_000);
    expect(await problemOf(svc.refunds.request('admin', payment.paymentId, { reason: 'x' }, 'refused'))).toMatchObject({
      status: 422,
      key: 'refund-refused',
    });
    // The same key keeps its answer, without asking again.
    expect(await problemOf(svc.refunds.request('admin', payment.paymentId, { reason: 'x' }, 'refused'))).toMatchObject({
      status: 422,
      key: 'refund-refused',
    });
    expect(calls).toHaveLength(1);
    expect(
      (await dynamoPaymentsStore().refunds(payment.paymentId)).map((refund) => [refund.status, refund.failure]),
    ).toEqual([['failed', 'midtrans refund refused: 412']]);

    mode = 'down';
    await expect(svc.refunds.request('admin', payment.paymentId, { reason: 'y' }, 'retry')).rejects.toThrow(/HTTP 503/);
    mode = 'ok';
    const retried = await svc.refunds.request('admin', payment.paymentId, { reason: 'y' }, 'retry');
    expect(retried).toMatchObject({ status: 'requested', amount: 90_000, providerRefundId: '100001' });
    expect(calls.map((call) => call.refundKey)).toEqual([
      refundKey(payment.paymentId, 'refused'),
      retried.refundKey,
      retried.refundKey,
    ]);
    expect(await dynamoPaymentsStore().refunds(payment.paymentId)).toHaveLength(2);
  });
});

describe('manual refund tasks', () => {
  it('a VA payment becomes an open task; completing it moves the money once, with payment.refunded', async () => {
    const { gateway, calls } = fakeGateway();
    const svc = services(gateway);
    const payment = await paidPayment(svc, 120_000, 'bank_transfer');
    const task = await svc.refunds.request(
      'admin',
      payment.paymentId,
      { amount: 20_000, reason: 'Layanan dibatalkan' },
      'va-1',
    );
    expect(task).toMatchObject({ kind: 'manual', status: 'open', amount: 20_000, method: 'bank_transfer' });
    expect(calls).toEqual([]);
    const open = async () => {
      const found = [];
      for (let cursor: string | undefined; ;) {
        const page = await svc.refunds.openTasks(100, cursor);
        found.push(...page.items);
        if (!page.nextCursor) return found;
        cursor = page.nextCursor;
      }
    };
    expect((await open()).map((item) => item.refundId)).toContain(task.refundId);

    const done = await svc.refunds.completeTask('admin-2', task.refundId, 'Transfer BCA 12345', 'c');
    expect(done).toMatchObject({ status: 'completed', completedBy: 'admin-2', note: 'Transfer BCA 12345' });
    expect(await svc.payments.getPayment(payment.paymentId)).toMatchObject({
      status: 'partially_refunded',
      refundedAmount: 20_000,
    });
    expect(await problemOf(svc.refunds.completeTask('admin', task.refundId, 'again', 'c'))).toMatchObject({
      status: 409,
      key: 'refund-task-state',
    });
    expect((await open()).map((item) => item.refundId)).not.toContain(task.refundId);

    const rest = await svc.refunds.request('admin', payment.paymentId, { reason: 'Sisanya' }, 'va-2');
    expect(rest.amount).toBe(100_000);
    await svc.refunds.completeTask('admin', rest.refundId, 'Transfer BCA 12346', 'c');
    expect(await svc.payments.getPayment(payment.paymentId)).toMatchObject({
      status: 'refunded',
      refundedAmount: 120_000,
    });
    expect(await refundsIn(svc, payment.paymentId)).toEqual([-20_000, -100_000]);
    expect((await eventsOf(payment.paymentId)).filter((event) => event.type === 'payment.refunded')).toEqual([
      { type: 'payment.refunded', refundedAmount: 20_000 },
      { type: 'payment.refunded', refundedAmount: 120_000 },
    ]);
    expect(await problemOf(svc.refunds.completeTask('admin', newId(), 'x', 'c'))).toMatchObject({ status: 404 });
  });

  it('two refunds of one payment at once cannot both take what remains', async () => {
    const { gateway } = fakeGateway();
    const svc = services(gateway);
    const payment = await paidPayment(svc, 70_000, 'bank_transfer');
    const results = await Promise.allSettled([
      svc.refunds.request('admin', payment.paymentId, { reason: 'satu' }, 'x1'),
      svc.refunds.request('admin', payment.paymentId, { reason: 'dua' }, 'x2'),
    ]);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((result) => result.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ kind: 'unprocessable', code: 'refund-amount' });
    expect((await dynamoPaymentsStore().refunds(payment.paymentId)).map((refund) => refund.amount)).toEqual([70_000]);
  });

  it('a refund the provider reports failed (Xendit refund.failed) becomes an open manual task with the reason; money does not move', async () => {
    const { gateway } = fakeGateway(async () => ({ providerRefundId: 'rf-xendit-9' }));
    const svc = services(gateway);
    const payment = await paidPayment(svc, 90_000, 'EWALLET:OVO', 'xendit');
    const refund = await svc.refunds.request(
      'admin',
      payment.paymentId,
      { amount: 40_000, reason: 'Layanan batal' },
      'key-failed',
    );
    expect(refund).toMatchObject({ kind: 'provider', status: 'requested' });
    const failed = {
      ...notification(payment.providerOrderId, 'REFUND_FAILED', 40_000, {
        providerRefundId: 'rf-xendit-9',
        failure: 'ACCOUNT_NOT_FOUND',
        method: null,
      }),
      provider: 'xendit' as const,
    };
    expect(await svc.payments.applyNotification(failed, 'c')).toBe('applied');
    expect(await svc.payments.applyNotification(failed, 'c')).toBe('unchanged');
    const task = (await svc.refunds.openTasks(100)).items.find((item) => item.refundId === refund.refundId);
    expect(task).toMatchObject({
      kind: 'manual',
      status: 'open',
      amount: 40_000,
      failure: 'xendit refund failed: ACCOUNT_NOT_FOUND',
    });
    expect(await svc.payments.getPayment(payment.paymentId)).toMatchObject({ status: 'paid', refundedAmount: 0 });
    expect(await refundsIn(svc, payment.paymentId)).toEqual([]);
    // Still spoken for: the admin will pay it back by hand, so no second refund can take the same money.
    expect(
      await problemOf(svc.refunds.request('admin', payment.paymentId, { amount: 60_000, reason: 'Lagi' }, 'key-more')),
    ).toMatchObject({ status: 422, key: 'refund-amount' });
    const done = await svc.refunds.completeTask('admin-2', refund.refundId, 'Transfer BCA manual', 'c');
    expect(done.status).toBe('completed');
    expect(await refundsIn(svc, payment.paymentId)).toEqual([-40_000]);
  });

  it("a payment for two vendors' orders books each share for its vendor; refunds name the order and stay within its share", async () => {
    const { gateway } = fakeGateway(async () => ({ providerRefundId: 'rf-split' }));
    const svc = services(gateway);
    const splits = [
      { vendorId: 'toko-a', reference: 'order:A1', amount: 125_000, commission: 8_000, shipping: 15_000 },
      { vendorId: 'toko-b', reference: 'order:B1', amount: 60_000, commission: 4_000, shipping: 0 },
    ];
    await expect(
      svc.payments.create({
        reference: `order:${newId()}`,
        provider: 'midtrans',
        payerId: 'payer',
        vendorId: 'checkout',
        vendorKind: 'shop',
        amount: 185_001,
        expiresAt: '2026-12-01T00:00:00Z',
        splits,
      }),
    ).rejects.toThrow(/add up/);
    const payment = await svc.payments.create({
      reference: `order:${newId()}`,
      provider: 'midtrans',
      payerId: 'payer',
      vendorId: 'checkout',
      vendorKind: 'shop',
      amount: 185_000,
      expiresAt: '2026-12-01T00:00:00Z',
      splits,
    });
    expect(
      await svc.payments.applyNotification(
        notification(payment.providerOrderId, 'settlement', 185_000, { method: 'qris' }),
        'c',
      ),
    ).toBe('applied');
    const byVendor = (entries: { vendorId: string; kind: string; amount: number }[]) =>
      entries.map(({ vendorId, kind, amount }) => `${vendorId} ${kind} ${amount}`).sort();
    expect(byVendor(await svc.payments.ledger(payment.paymentId))).toEqual(
      [
        'toko-a payment_captured 125000',
        'toko-a platform_commission 8000',
        'toko-a shipping_payable 15000',
        'toko-a vendor_payable 102000',
        'toko-b payment_captured 60000',
        'toko-b platform_commission 4000',
        'toko-b vendor_payable 56000',
      ].sort(),
    );

    expect(
      await problemOf(svc.refunds.request('admin', payment.paymentId, { reason: 'tanpa pesanan' }, 'split-0')),
    ).toMatchObject({ status: 422, key: 'refund-amount' });
    expect(
      await problemOf(
        svc.refunds.request(
          'admin',
          payment.paymentId,
          { amount: 60_001, reason: 'terlalu banyak', reference: 'order:B1' },
          'split-1',
        ),
      ),
    ).toMatchObject({ status: 422, key: 'refund-amount' });
    const refund = await svc.refunds.request(
      'admin',
      payment.paymentId,
      { reason: 'Toko B batal', reference: 'order:B1' },
      'split-2',
    );
    expect(refund).toMatchObject({ vendorId: 'toko-b', reference: 'order:B1', amount: 60_000 });
    expect(
      await svc.payments.applyNotification(
        notification(payment.providerOrderId, 'partial_refund', 185_000, { refundedAmount: 60_000 }),
        'c',
      ),
    ).toBe('applied');
    const refunds = (await svc.payments.ledger(payment.paymentId)).filter((entry) => entry.kind === 'refund');
    expect(refunds.map(({ vendorId, reference, amount }) => ({ vendorId, reference, amount }))).toEqual([
      { vendorId: 'toko-b', reference: 'order:B1', amount: -60_000 },
    ]);
  });
});

describe('money for a booking or order that ended unpaid (decision 0020)', () => {
  /** Payments with a gateway whose cancel answers `outcome` (the provider's view of the attempt). */
  function endingServices(
    outcome: 'cancelled' | 'settled' | 'unknown',
    answer?: (request: RefundRequest) => Promise<{ providerRefundId: string | null }>,
  ) {
    const { gateway, calls } = fakeGateway(answer);
    const cancels: string[] = [];
    gateway.cancel = async (providerOrderId) => {
      cancels.push(providerOrderId);
      return { outcome };
    };
    const store = dynamoPaymentsStore();
    const ports = { store, gateways: { midtrans: gateway, xendit: gateway } };
    return {
      payments: allAreas({ ...ports, commissionRate: () => 0.1 }),
      refunds: refundsService(ports),
      calls,
      cancels,
    };
  }
  const ended = (reference: string, paymentReference = reference) => ({
    paymentReference,
    reference,
    reason: 'hold expired (swept)',
  });

  it('an ended booking closes its unpaid attempt and marks it; money that comes later goes back once, whoever asks', async () => {
    const svc = endingServices('cancelled');
    const payment = await svc.payments.create({
      reference: `booking:${newId()}`,
      provider: 'xendit',
      payerId: 'p',
      vendorId: 'v',
      vendorKind: 'clinic',
      amount: 150_000,
      expiresAt: '2026-12-01T00:00:00Z',
    });
    expect(await svc.payments.purposeEnded(ended(payment.reference), 'c')).toEqual({
      paymentId: payment.paymentId,
      status: 'cancelled',
    });
    expect(svc.cancels).toEqual([payment.providerOrderId]);
    expect((await svc.payments.getPayment(payment.paymentId))?.endedReferences).toEqual([payment.reference]);
    // Again (a redelivered event): nothing more.
    await svc.payments.purposeEnded(ended(payment.reference), 'c');
    expect(svc.cancels).toHaveLength(1);
    expect(await svc.refunds.refundEnded(payment.paymentId)).toEqual([]);
  });

  it('a Snap page that cannot be closed stays payable; paid later, it is refunded once across every path and a race', async () => {
    const svc = endingServices('unknown');
    const payment = await svc.payments.create({
      reference: `booking:${newId()}`,
      provider: 'midtrans',
      payerId: 'p',
      vendorId: 'v',
      vendorKind: 'clinic',
      amount: 150_000,
      expiresAt: '2026-12-01T00:00:00Z',
    });
    expect((await svc.payments.purposeEnded(ended(payment.reference), 'c')).status).toBe('pending');
    expect(
      await svc.payments.applyNotification(
        notification(payment.providerOrderId, 'settlement', 150_000, { method: 'qris' }),
        'c',
        { confirmed: true },
      ),
    ).toBe('applied');
    const bookingId = payment.reference.slice('booking:'.length);
    // payment.succeeded, the end event redelivered and booking.refund_due, all at once.
    const answers = await Promise.all([
      svc.refunds.refundEnded(payment.paymentId),
      svc.refunds.refundEnded(payment.paymentId),
      svc.refunds.refundOnce(
        'system:booking',
        payment.paymentId,
        { amount: 150_000, reason: 'Payment arrived after the booking ended' },
        `booking-${bookingId}`,
      ),
    ]);
    const ids = new Set(
      answers.flatMap((answer) => (Array.isArray(answer) ? answer : [answer])).map((refund) => refund?.refundId),
    );
    expect(ids.size).toBe(1);
    expect(new Set(svc.calls.map((call) => call.refundKey))).toEqual(
      new Set([refundKey(payment.paymentId, `booking-${bookingId}`)]),
    );
    expect((await dynamoPaymentsStore().refunds(payment.paymentId)).map((refund) => refund.amount)).toEqual([150_000]);
  });

  it("a confirmed booking cancelled is not payments' to refund; a checkout's expired orders get their shares back (a refused refund becomes a task)", async () => {
    const { endedPurpose } = await import('./lifecycle.ts');
    const ref = { bookingId: 'B1', vendorId: 'v', serviceId: 's', customerId: 'c', petId: 'p', start: 'x', end: 'y' };
    const cancelled = (paymentTaken: boolean | undefined, refundAmount: number) => ({
      id: 'e',
      type: 'booking.cancelled' as const,
      version: 1,
      source: 'petpro.booking',
      occurredAt: 'x',
      correlationId: 'c',
      data: { ...ref, by: 'customer' as const, refundAmount, ...(paymentTaken === undefined ? {} : { paymentTaken }) },
    });
    expect(endedPurpose(cancelled(true, 150_000))).toBeUndefined();
    expect(endedPurpose(cancelled(undefined, 150_000))).toBeUndefined();
    expect(endedPurpose(cancelled(false, 0))).toMatchObject({
      paymentReference: 'booking:B1',
      reference: 'booking:B1',
    });

    const svc = endingServices('settled', async () => {
      throw new RefundRefused('midtrans refund refused: HTTP 412');
    });
    const splits = [
      { vendorId: 'toko-a', reference: `order:${newId()}`, amount: 125_000, commission: 8_000, shipping: 15_000 },
      { vendorId: 'toko-b', reference: `order:${newId()}`, amount: 60_000, commission: 4_000, shipping: 0 },
    ];
    const payment = await svc.payments.create({
      reference: `order:${newId()}`,
      provider: 'midtrans',
      payerId: 'p',
      vendorId: 'checkout',
      vendorKind: 'shop',
      amount: 185_000,
      expiresAt: '2026-12-01T00:00:00Z',
      splits,
    });
    // Paid at the provider while the webhook is late: the first order's end does not close the attempt yet.
    expect((await svc.payments.purposeEnded(ended(splits[0]!.reference, payment.reference), 'c')).status).toBe(
      'pending',
    );
    expect(svc.cancels).toEqual([]);
    expect(
      await svc.payments.applyNotification(
        notification(payment.providerOrderId, 'settlement', 185_000, { method: 'qris' }),
        'c',
        { confirmed: true },
      ),
    ).toBe('applied');
    await svc.payments.purposeEnded(ended(splits[1]!.reference, payment.reference), 'c');
    const refunds = await svc.refunds.refundEnded(payment.paymentId);
    expect(refunds.map(({ reference, amount, kind, status }) => ({ reference, amount, kind, status }))).toEqual([
      { reference: splits[0]!.reference, amount: 125_000, kind: 'manual', status: 'open' },
      { reference: splits[1]!.reference, amount: 60_000, kind: 'manual', status: 'open' },
    ]);
    expect(await svc.refunds.refundEnded(payment.paymentId)).toEqual(
      refunds.map((refund) => expect.objectContaining({ refundId: refund.refundId })),
    );
    expect(await dynamoPaymentsStore().refunds(payment.paymentId)).toHaveLength(2);
  });
});

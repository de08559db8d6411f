import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EventData } from '#shared/events/catalog.ts';
import { OUTBOX_KEY_PREFIX } from '#shared/events/outbox.ts';
import { newId } from '#shared/lib/ids.ts';
import { dynamo } from '#shared/table/client.ts';
import { tableName } from '#shared/table/definition.ts';
import { useLocalDynamo } from '#local/testing.ts';
import { type ProviderGateway } from './model.ts';
import { WriteConflict } from '#shared/table/write-conflict.ts';
import { allAreas } from './all-areas.ts';
import { SAGA_PAYMENT_ERRORS } from './lifecycle.ts';
import { splitCapture } from './payment-rules.ts';
import { dynamoPaymentsStore } from './store.ts';

/** The payment rules on the real store (DynamoDB Local): conditions, transactions, outbox. */
const payments = allAreas({ store: dynamoPaymentsStore(), commissionRate: () => 0.1 });

useLocalDynamo();

async function newPayment(amount = 150_000) {
  return payments.create({
    reference: `booking:${newId()}`,
    provider: 'midtrans',
    payerId: 'payer',
    vendorId: 'vendor',
    vendorKind: 'clinic',
    amount,
    expiresAt: '2026-12-01T00:00:00Z',
  });
}

const notification = (
  providerOrderId: string,
  rawStatus: string,
  amount: number,
  fraudStatus?: string,
): EventData<'payment.notification_received'> => ({
  provider: 'midtrans',
  providerOrderId,
  rawStatus,
  amount,
  providerTransactionId: 'tx-1',
  method: 'qris',
  ...(fraudStatus ? { fraudStatus } : {}),
});

async function eventsOf(paymentId: string): Promise<string[]> {
  const { Items = [] } = await dynamo().send(new ScanCommand({ TableName: tableName(), ConsistentRead: true }));
  return Items.filter(
    (item) =>
      String(item.pk).startsWith(OUTBOX_KEY_PREFIX) &&
      (item.event as { data: { paymentId?: string } }).data.paymentId === paymentId,
  )
    .map((item) => item.event as { type: string; occurredAt: string })
    .sort((a, b) => a.occurredAt.localeCompare(b.occurredAt))
    .map((event) => event.type);
}

describe('payments', () => {
  it('splits a capture into commission (rounded down) and what the vendor is owed', () => {
    expect(splitCapture(150_000, 0.1)).toEqual({ commission: 15_000, vendorPayable: 135_000 });
    expect(splitCapture(99_999, 0.075)).toEqual({ commission: 7_499, vendorPayable: 92_500 });
  });

  it('takes the commission rate of the vendor kind unless configuration says otherwise', async () => {
    const byKind = allAreas({ store: dynamoPaymentsStore() });
    const shop = await byKind.create({
      reference: `order:${newId()}`,
      provider: 'midtrans',
      payerId: 'payer',
      vendorId: 'toko',
      vendorKind: 'shop',
      amount: 200_000,
      expiresAt: '2026-12-01T00:00:00Z',
    });
    await byKind.applyNotification(notification(shop.providerOrderId, 'settlement', 200_000), 'c');
    expect((await byKind.ledger(shop.paymentId)).find((entry) => entry.kind === 'platform_commission')?.amount).toBe(
      16_000,
    );
  });

  it('creates one payment per reference attempt', async () => {
    const first = await newPayment();
    await expect(
      payments.create({
        reference: first.reference,
        provider: 'xendit',
        payerId: 'p',
        vendorId: 'v',
        vendorKind: 'shop',
        amount: 1,
        expiresAt: first.expiresAt,
      }),
    ).rejects.toBeInstanceOf(WriteConflict);
  });

  it('moves forward only: settlement pays once, with the ledger; duplicates and older statuses change nothing', async () => {
    const payment = await newPayment();
    expect(
      await payments.applyNotification(notification(payment.providerOrderId, 'pending', payment.amount), 'c'),
    ).toBe('unchanged');
    expect(
      await payments.applyNotification(notification(payment.providerOrderId, 'settlement', payment.amount), 'c'),
    ).toBe('applied');
    expect(
      await payments.applyNotification(notification(payment.providerOrderId, 'settlement', payment.amount), 'c'),
    ).toBe('unchanged');
    expect(
      await payments.applyNotification(notification(payment.providerOrderId, 'pending', payment.amount), 'c'),
    ).toBe('unchanged');
    expect(await payments.getPayment(payment.paymentId)).toMatchObject({ status: 'paid', method: 'qris', version: 2 });
    const ledger = await payments.ledger(payment.paymentId);
    expect(ledger.map(({ kind, amount }) => [kind, amount])).toEqual([
      ['payment_captured', 150_000],
      ['platform_commission', 15_000],
      ['vendor_payable', 135_000],
    ]);
    expect(await eventsOf(payment.paymentId)).toEqual(['payment.succeeded']);
  });

  it('refuses an amount that is not the payment’s, and statuses it does not know', async () => {
    const payment = await newPayment();
    expect(await payments.applyNotification(notification(payment.providerOrderId, 'settlement', 1), 'c')).toBe(
      'amount-mismatch',
    );
    expect(
      await payments.applyNotification(notification(payment.providerOrderId, 'teleported', payment.amount), 'c'),
    ).toBe('unknown-status');
    expect(await payments.applyNotification(notification('PP-NOPE', 'settlement', payment.amount), 'c')).toBe(
      'unknown-payment',
    );
    expect((await payments.getPayment(payment.paymentId))?.status).toBe('pending');
  });

  it('records a refund as a negative ledger entry and one payment.refunded', async () => {
    const payment = await newPayment(200_000);
    await payments.applyNotification(notification(payment.providerOrderId, 'settlement', payment.amount), 'c');
    expect(await payments.applyNotification(notification(payment.providerOrderId, 'refund', payment.amount), 'c')).toBe(
      'applied',
    );
    const ledger = await payments.ledger(payment.paymentId);
    expect(
      ledger.reduce(
        (sum, entry) => sum + (entry.kind === 'payment_captured' || entry.kind === 'refund' ? entry.amount : 0),
        0,
      ),
    ).toBe(0);
    expect(await eventsOf(payment.paymentId)).toEqual(['payment.succeeded', 'payment.refunded']);
  });

  it('ends in the same state whatever the order and number of deliveries, one event per real transition', async () => {
    const histories: string[][] = [
      ['pending', 'settlement'],
      ['pending', 'expire'],
      ['pending', 'capture:challenge', 'capture:accept'],
      ['pending', 'deny'],
      ['settlement', 'refund'],
    ];
    const finals: Record<string, string> = {
      'settlement': 'paid',
      'expire': 'expired',
      'capture:accept': 'paid',
      'deny': 'failed',
      'refund': 'refunded',
    };
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...histories),
        fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 3, maxLength: 3 }),
        fc.infiniteStream(fc.double({ min: 0, max: 1, noNaN: true })),
        async (history, repeats, shuffleKeys) => {
          const payment = await newPayment();
          const deliveries = history.flatMap((status, index) => Array.from({ length: repeats[index]! }, () => status));
          const order = deliveries
            .map((status) => ({ status, key: shuffleKeys.next().value as number }))
            .sort((a, b) => a.key - b.key);
          for (const { status } of order) {
            const [raw, fraud] = status.split(':') as [string, string | undefined];
            await payments.applyNotification(notification(payment.providerOrderId, raw, payment.amount, fraud), 'c');
          }
          const stored = await payments.getPayment(payment.paymentId);
          expect(stored?.status).toBe(finals[history.at(-1)!]);
          const events = await eventsOf(payment.paymentId);
          expect(new Set(events).size).toBe(events.length);
        },
      ),
      { numRuns: 200 },
    );
  }, 240_000);

  it('starts a payment once per reference, through its provider, and acts on the provider’s confirmed status', async () => {
    const created: string[] = [];
    const statuses = new Map<string, string>();
    const gateway = {
      async createCheckout(request: { providerOrderId: string }) {
        created.push(request.providerOrderId);
        return { redirectUrl: `https://pay.example/${request.providerOrderId}` };
      },
      async status(providerOrderId: string) {
        const rawStatus = statuses.get(providerOrderId);
        return rawStatus ? { rawStatus, amount: 50_000, providerTransactionId: 't', method: 'gopay' } : undefined;
      },
      async refund() {
        return { providerRefundId: null };
      },
      async cancel() {
        return { outcome: 'cancelled' as const };
      },
    };
    const withGateways = allAreas({
      store: dynamoPaymentsStore(),
      gateways: { midtrans: gateway, xendit: gateway },
    });
    const input = {
      reference: `order:${newId()}`,
      provider: 'midtrans' as const,
      payerId: 'payer',
      vendorId: 'vendor',
      vendorKind: 'clinic' as const,
      amount: 50_000,
      expiresAt: '2026-12-01T00:00:00Z',
      customer: { name: 'Budi' },
      items: [{ id: 'svc', name: 'Vaksin', price: 50_000, quantity: 1 }],
    };
    const first = await withGateways.start(input);
    const again = await withGateways.start(input);
    expect(again).toEqual(first);
    expect(created).toHaveLength(1);
    const payment = (await withGateways.getPayment(first.paymentId))!;
    // The notification says pending; the provider says settled: the provider wins.
    statuses.set(payment.providerOrderId, 'settlement');
    expect(await withGateways.applyNotification(notification(payment.providerOrderId, 'pending', 50_000), 'c')).toBe(
      'applied',
    );
    expect((await withGateways.getPayment(first.paymentId))?.status).toBe('paid');
    expect(await withGateways.applyNotification(notification('PP-UNKNOWN', 'settlement', 50_000), 'c')).toBe(
      'unknown-payment',
    );
  });

  describe('a saga waiting for the payment', () => {
    /** A provider whose status and cancel answers the test sets, and a saga port that records what it was told. */
    function harness(options: { gone?: boolean } = {}) {
      const statuses = new Map<string, string>();
      let cancelAnswer: 'cancelled' | 'settled' | 'unknown' = 'cancelled';
      const resumed: { token: string; kind: 'succeed' | 'fail'; detail: unknown }[] = [];
      const gateway: ProviderGateway = {
        createCheckout: async (request) => ({ redirectUrl: `https://pay.example/${request.providerOrderId}` }),
        status: async (providerOrderId) => {
          const rawStatus = statuses.get(providerOrderId);
          return rawStatus ? { rawStatus, amount: 75_000, providerTransactionId: 't', method: 'gopay' } : undefined;
        },
        refund: async () => ({ providerRefundId: null }),
        cancel: async () => ({ outcome: cancelAnswer }),
      };
      const service = allAreas({
        store: dynamoPaymentsStore(),
        gateways: { midtrans: gateway, xendit: gateway },
        saga: {
          succeed: async (token, output) => (
            resumed.push({ token, kind: 'succeed', detail: output }),
            options.gone ? 'gone' : 'sent'
          ),
          fail: async (token, error, cause) => (
            resumed.push({ token, kind: 'fail', detail: { error, cause } }),
            options.gone ? 'gone' : 'sent'
          ),
        },
      });
      const start = (taskToken: string, reference = `booking:${newId()}`) =>
        service.start({
          reference,
          provider: 'midtrans',
          payerId: 'payer',
          vendorId: 'vendor',
          vendorKind: 'clinic',
          amount: 75_000,
          expiresAt: '2026-12-01T00:00:00Z',
          customer: { name: 'Sari' },
          items: [{ id: 'svc', name: 'Grooming', price: 75_000, quantity: 1 }],
          taskToken,
        });
      return {
        service,
        statuses,
        resumed,
        start,
        setCancel: (answer: typeof cancelAnswer) => {
          cancelAnswer = answer;
        },
      };
    }

    it('keeps the token with the payment and resumes the step once it is paid, not while it is pending', async () => {
      const { service, statuses, resumed, start } = harness();
      const started = await start('token-1');
      const payment = (await service.getPayment(started.paymentId))!;
      expect(payment.sagaToken).toBe('token-1');
      expect(await service.resumeSaga(payment.paymentId)).toBe('waiting');
      statuses.set(payment.providerOrderId, 'settlement');
      expect(await service.applyNotification(notification(payment.providerOrderId, 'settlement', 75_000), 'c')).toBe(
        'applied',
      );
      expect(await service.resumeSaga(payment.paymentId)).toBe('resumed');
      expect(resumed).toEqual([
        {
          token: 'token-1',
          kind: 'succeed',
          detail: expect.objectContaining({ paymentId: payment.paymentId, status: 'paid', amount: 75_000 }),
        },
      ]);
    });

    it.each([
      ['deny', SAGA_PAYMENT_ERRORS.failed],
      ['expire', SAGA_PAYMENT_ERRORS.expired],
    ] as const)('a payment that ends %s fails the step with %s', async (raw, error) => {
      const { service, statuses, resumed, start } = harness();
      const started = await start('token-2');
      const payment = (await service.getPayment(started.paymentId))!;
      statuses.set(payment.providerOrderId, raw);
      await service.applyNotification(notification(payment.providerOrderId, raw, 75_000), 'c');
      expect(await service.resumeSaga(payment.paymentId)).toBe('resumed');
      expect(resumed).toEqual([
        {
          token: 'token-2',
          kind: 'fail',
          detail: { error, cause: expect.objectContaining({ paymentId: payment.paymentId }) },
        },
      ]);
    });

    it('a retried step replaces the token, and one that starts after the outcome is resumed at once', async () => {
      const { service, statuses, resumed, start } = harness();
      const reference = `booking:${newId()}`;
      const first = await start('token-a', reference);
      const payment = (await service.getPayment(first.paymentId))!;
      statuses.set(payment.providerOrderId, 'settlement');
      await service.applyNotification(notification(payment.providerOrderId, 'settlement', 75_000), 'c');
      const again = await start('token-b', reference);
      expect(again.paymentId).toBe(first.paymentId);
      expect(again.status).toBe('paid');
      expect((await service.getPayment(first.paymentId))?.sagaToken).toBe('token-b');
      expect(resumed.map((r) => [r.token, r.kind])).toEqual([['token-b', 'succeed']]);
    });

    it('a step that stopped waiting is "gone", and a payment without a saga has nothing to resume', async () => {
      const gone = harness({ gone: true });
      const started = await gone.start('token-3');
      const payment = (await gone.service.getPayment(started.paymentId))!;
      gone.statuses.set(payment.providerOrderId, 'settlement');
      await gone.service.applyNotification(notification(payment.providerOrderId, 'settlement', 75_000), 'c');
      expect(await gone.service.resumeSaga(payment.paymentId)).toBe('gone');
      const plain = await newPayment();
      expect(await gone.service.resumeSaga(plain.paymentId)).toBe('no-saga');
    });

    it('cancel closes an unpaid attempt once (payment.failed, status cancelled); a late payment found at the provider wins', async () => {
      const { service, statuses, start, setCancel } = harness();
      const reference = `booking:${newId()}`;
      const open = await start('token-4', reference);
      expect(await service.cancel(reference, 'c')).toEqual({ paymentId: open.paymentId, status: 'cancelled' });
      expect(await service.cancel(reference, 'c')).toEqual({ paymentId: open.paymentId, status: 'cancelled' });
      expect(await service.cancel(`booking:${newId()}`, 'c')).toEqual({ paymentId: null, status: null });
      expect(await eventsOf(open.paymentId)).toEqual(['payment.failed']);

      const lateReference = `booking:${newId()}`;
      const late = await start('token-5', lateReference);
      const payment = (await service.getPayment(late.paymentId))!;
      setCancel('settled');
      statuses.set(payment.providerOrderId, 'settlement');
      expect(await service.cancel(lateReference, 'c')).toEqual({ paymentId: late.paymentId, status: 'paid' });
      expect(await eventsOf(late.paymentId)).toEqual(['payment.succeeded']);
      expect((await service.ledger(late.paymentId)).map((entry) => entry.kind).sort()).toEqual([
        'payment_captured',
        'platform_commission',
        'vendor_payable',
      ]);

      // Midtrans does not know a Snap page with no method chosen, yet it stays payable: pending, not cancelled.
      setCancel('unknown');
      const unopened = `booking:${newId()}`;
      const snap = await start('token-6', unopened);
      expect(await service.cancel(unopened, 'c')).toEqual({ paymentId: snap.paymentId, status: 'pending' });
      const snapPayment = (await service.getPayment(snap.paymentId))!;
      statuses.set(snapPayment.providerOrderId, 'settlement');
      expect(
        await service.applyNotification(notification(snapPayment.providerOrderId, 'settlement', 75_000), 'c'),
      ).toBe('applied');
      expect((await service.getPayment(snap.paymentId))?.status).toBe('paid');
    });
  });
});

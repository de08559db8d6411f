import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventData } from '#shared/events/catalog.ts';
import { OUTBOX_KEY_PREFIX } from '#shared/events/outbox.ts';
import { newId } from '#shared/lib/ids.ts';
import { dynamo } from '#shared/table/client.ts';
import { tableName } from '#shared/table/definition.ts';
import { startLocalDynamo, type LocalDynamo } from '#local/testing.ts';
import { WriteConflict } from './model.ts';
import { paymentsService, splitCapture } from './payments.ts';
import { dynamoPaymentsStore } from './store.ts';

/** The payment rules on the real store (DynamoDB Local): conditions, transactions, outbox. */
let local: LocalDynamo;
const payments = paymentsService({ store: dynamoPaymentsStore(), commissionRate: () => 0.1 });

beforeAll(async () => {
  local = await startLocalDynamo();
}, 90_000);
afterAll(async () => {
  await local?.stop();
}, 30_000);

async function newPayment(amount = 150_000) {
  return payments.create({ reference: `booking:${newId()}`, provider: 'midtrans', payerId: 'payer', vendorId: 'vendor', vendorKind: 'clinic', amount, expiresAt: '2026-12-01T00:00:00Z' });
}

const notification = (providerOrderId: string, rawStatus: string, amount: number, fraudStatus?: string): EventData<'payment.notification_received'> => ({
  provider: 'midtrans', providerOrderId, rawStatus, amount, providerTransactionId: 'tx-1', method: 'qris', ...(fraudStatus ? { fraudStatus } : {}),
});

async function eventsOf(paymentId: string): Promise<string[]> {
  const { Items = [] } = await dynamo().send(new ScanCommand({ TableName: tableName(), ConsistentRead: true }));
  return Items
    .filter((item) => String(item.pk).startsWith(OUTBOX_KEY_PREFIX) && (item.event as { data: { paymentId?: string } }).data.paymentId === paymentId)
    .map((item) => (item.event as { type: string; occurredAt: string }))
    .sort((a, b) => a.occurredAt.localeCompare(b.occurredAt))
    .map((event) => event.type);
}

describe('payments', () => {
  it('splits a capture into commission (rounded down) and what the vendor is owed', () => {
    expect(splitCapture(150_000, 0.1)).toEqual({ commission: 15_000, vendorPayable: 135_000 });
    expect(splitCapture(99_999, 0.075)).toEqual({ commission: 7_499, vendorPayable: 92_500 });
  });

  it('takes the commission rate of the vendor kind unless configuration says otherwise', async () => {
    const byKind = paymentsService({ store: dynamoPaymentsStore() });
    const shop = await byKind.create({ reference: `order:${newId()}`, provider: 'midtrans', payerId: 'payer', vendorId: 'toko', vendorKind: 'shop', amount: 200_000, expiresAt: '2026-12-01T00:00:00Z' });
    await byKind.applyNotification(notification(shop.providerOrderId, 'settlement', 200_000), 'c');
    expect((await byKind.ledger(shop.paymentId)).find((entry) => entry.kind === 'platform_commission')?.amount).toBe(16_000);
  });

  it('creates one payment per reference attempt', async () => {
    const first = await newPayment();
    await expect(payments.create({ reference: first.reference, provider: 'xendit', payerId: 'p', vendorId: 'v', vendorKind: 'shop', amount: 1, expiresAt: first.expiresAt })).rejects.toBeInstanceOf(WriteConflict);
  });

  it('moves forward only: settlement pays once, with the ledger; duplicates and older statuses change nothing', async () => {
    const payment = await newPayment();
    expect(await payments.applyNotification(notification(payment.providerOrderId, 'pending', payment.amount), 'c')).toBe('unchanged');
    expect(await payments.applyNotification(notification(payment.providerOrderId, 'settlement', payment.amount), 'c')).toBe('applied');
    expect(await payments.applyNotification(notification(payment.providerOrderId, 'settlement', payment.amount), 'c')).toBe('unchanged');
    expect(await payments.applyNotification(notification(payment.providerOrderId, 'pending', payment.amount), 'c')).toBe('unchanged');
    expect(await payments.getPayment(payment.paymentId)).toMatchObject({ status: 'paid', method: 'qris', version: 2 });
    const ledger = await payments.ledger(payment.paymentId);
    expect(ledger.map(({ kind, amount }) => [kind, amount])).toEqual([['payment_captured', 150_000], ['platform_commission', 15_000], ['vendor_payable', 135_000]]);
    expect(await eventsOf(payment.paymentId)).toEqual(['payment.succeeded']);
  });

  it('refuses an amount that is not the payment’s, and statuses it does not know', async () => {
    const payment = await newPayment();
    expect(await payments.applyNotification(notification(payment.providerOrderId, 'settlement', 1), 'c')).toBe('amount-mismatch');
    expect(await payments.applyNotification(notification(payment.providerOrderId, 'teleported', payment.amount), 'c')).toBe('unknown-status');
    expect(await payments.applyNotification(notification('PP-NOPE', 'settlement', payment.amount), 'c')).toBe('unknown-payment');
    expect((await payments.getPayment(payment.paymentId))?.status).toBe('pending');
  });

  it('records a refund as a negative ledger entry and one payment.refunded', async () => {
    const payment = await newPayment(200_000);
    await payments.applyNotification(notification(payment.providerOrderId, 'settlement', payment.amount), 'c');
    expect(await payments.applyNotification(notification(payment.providerOrderId, 'refund', payment.amount), 'c')).toBe('applied');
    const ledger = await payments.ledger(payment.paymentId);
    expect(ledger.reduce((sum, entry) => sum + (entry.kind === 'payment_captured' || entry.kind === 'refund' ? entry.amount : 0), 0)).toBe(0);
    expect(await eventsOf(payment.paymentId)).toEqual(['payment.succeeded', 'payment.refunded']);
  });

  it('ends in the same state whatever the order and number of deliveries, one event per real transition', async () => {
    const histories: string[][] = [['pending', 'settlement'], ['pending', 'expire'], ['pending', 'capture:challenge', 'capture:accept'], ['pending', 'deny'], ['settlement', 'refund']];
    const finals: Record<string, string> = { settlement: 'paid', expire: 'expired', 'capture:accept': 'paid', deny: 'failed', refund: 'refunded' };
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...histories),
        fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 3, maxLength: 3 }),
        fc.infiniteStream(fc.double({ min: 0, max: 1, noNaN: true })),
        async (history, repeats, shuffleKeys) => {
          const payment = await newPayment();
          const deliveries = history.flatMap((status, index) => Array.from({ length: repeats[index]! }, () => status));
          const order = deliveries.map((status) => ({ status, key: shuffleKeys.next().value as number })).sort((a, b) => a.key - b.key);
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
    };
    const withGateways = paymentsService({ store: dynamoPaymentsStore(), gateways: { midtrans: gateway, xendit: gateway } });
    const input = {
      reference: `order:${newId()}`, provider: 'midtrans' as const, payerId: 'payer', vendorId: 'vendor', vendorKind: 'clinic' as const, amount: 50_000, expiresAt: '2026-12-01T00:00:00Z',
      customer: { name: 'Budi' }, items: [{ id: 'svc', name: 'Vaksin', price: 50_000, quantity: 1 }],
    };
    const first = await withGateways.start(input);
    const again = await withGateways.start(input);
    expect(again).toEqual(first);
    expect(created).toHaveLength(1);
    const payment = (await withGateways.getPayment(first.paymentId))!;
    // The notification says pending; the provider says settled: the provider wins.
    statuses.set(payment.providerOrderId, 'settlement');
    expect(await withGateways.applyNotification(notification(payment.providerOrderId, 'pending', 50_000), 'c')).toBe('applied');
    expect((await withGateways.getPayment(first.paymentId))?.status).toBe('paid');
    expect(await withGateways.applyNotification(notification('PP-UNKNOWN', 'settlement', 50_000), 'c')).toBe('unknown-payment');
  });
});

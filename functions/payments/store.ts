import type { EventEnvelope } from '#shared/events/catalog.ts';
import { defineEntity } from '#shared/table/entity.ts';
import { commitWithEvents, committing, tx } from '#shared/table/transact.ts';
import { type LedgerEntry, type Payment, type PaymentsStore, type Provider, type Refund } from './model.ts';

/**
 * The payments domain's items:
 *
 *   pk PAYMENT#<id>            sk PAYMENT           payment   gsi1 PROVIDER_ORDER#<provider>#<providerOrderId> / PAYMENT
 *                                                             gsi2 PAYMENTS_AWAITING / <expiresAt>#<id> (pending or review only)
 *   pk PAYMENT#<id>            sk LEDGER#<entryId>  immutable ledger entry (ULID: in time order)
 *   pk PAYMENT_REF#<reference> sk REFERENCE         one payment per booking/order attempt (conditional create)
 *   pk PAYMENT#<id>            sk REFUND#<refundId> refund    gsi1 REFUND#<refundId> / REFUND
 *                                                             gsi2 REFUND_TASKS_OPEN / <createdAt>#<refundId> (open manual tasks only)
 */
/** Payments that can still move on their own (reconciliation looks there). */
const AWAITING: ReadonlySet<string> = new Set(['pending', 'review']);

/** A payment's partition: the payment, its ledger entries and its refunds. */
const paymentPartition = ({ paymentId }: { paymentId: string }) => `PAYMENT#${paymentId}`;

export const payments = defineEntity<Payment, { paymentId: string }>({
  type: 'payment',
  version: 1,
  key: ({ paymentId }) => ({ pk: paymentPartition({ paymentId }), sk: 'PAYMENT' }),
}).withQueries({
  byProviderOrder: {
    index: 'gsi1',
    partition: ({ provider, providerOrderId }: { provider: Provider; providerOrderId: string }) =>
      `PROVIDER_ORDER#${provider}#${providerOrderId}`,
    sort: () => 'PAYMENT',
  },
  // Sparse: only awaiting payments, by expiry, so reconciliation reads just the overdue ones.
  awaitingPayment: {
    index: 'gsi2',
    when: (payment) => AWAITING.has(payment.status),
    partition: 'PAYMENTS_AWAITING',
    sort: (payment) => `${payment.expiresAt}#${payment.paymentId}`,
  },
});

const LEDGER_ENTRY = 'LEDGER#';
const ledgerEntries = defineEntity<LedgerEntry, { paymentId: string; entryId: string }>({
  type: 'ledgerEntry',
  version: 1,
  key: ({ paymentId, entryId }) => ({ pk: paymentPartition({ paymentId }), sk: `${LEDGER_ENTRY}${entryId}` }),
}).withQueries({ ofPayment: { partition: paymentPartition, beginsWith: LEDGER_ENTRY } });

const references = defineEntity<{ paymentId: string }, { reference: string }>({
  type: 'paymentReference',
  version: 1,
  key: ({ reference }) => ({ pk: `PAYMENT_REF#${reference}`, sk: 'REFERENCE' }),
});

const REFUND = 'REFUND#';
const refunds = defineEntity<Refund, { paymentId: string; refundId: string }>({
  type: 'refund',
  version: 1,
  key: ({ paymentId, refundId }) => ({ pk: paymentPartition({ paymentId }), sk: `${REFUND}${refundId}` }),
}).withQueries({
  ofPayment: { partition: paymentPartition, beginsWith: REFUND },
  byRefundId: {
    index: 'gsi1',
    partition: ({ refundId }: { refundId: string }) => `REFUND#${refundId}`,
    sort: () => 'REFUND',
  },
  // Sparse: the admins' queue holds only the tasks still to do.
  openManualTasks: {
    index: 'gsi2',
    when: (refund) => refund.kind === 'manual' && refund.status === 'open',
    partition: 'REFUND_TASKS_OPEN',
    sort: (refund) => `${refund.createdAt}#${refund.refundId}`,
  },
});

/** pk PAYMENT_RECON#<yyyy-mm-dd> sk REPORT: the daily reconciliation report. */
const reports = defineEntity<{ date: string; report: unknown }, { date: string }>({
  type: 'reconciliationReport',
  version: 1,
  key: ({ date }) => ({ pk: `PAYMENT_RECON#${date}`, sk: 'REPORT' }),
});

export function dynamoPaymentsStore(): PaymentsStore {
  return {
    getPayment: (paymentId) => payments.get({ paymentId }),

    async paymentByProviderOrder(provider: Provider, providerOrderId: string) {
      const { items } = await payments.query.byProviderOrder({ provider, providerOrderId }, { limit: 1 });
      // The index is eventually consistent: read the item itself for the current version.
      return items[0] ? payments.get({ paymentId: items[0].paymentId }) : undefined;
    },

    async paymentByReference(reference) {
      const found = await references.get({ reference });
      return found ? payments.get({ paymentId: found.paymentId }) : undefined;
    },

    saveReport: (date, report) => reports.put({ date }, { date, report }),
    async report(date) {
      return (await reports.get({ date }))?.report;
    },

    async overdue(before, limit) {
      const { items } = await payments.query.awaitingPayment({ before, limit });
      return items;
    },

    async ledger(paymentId) {
      return (await ledgerEntries.query.ofPayment({ paymentId }, { limit: 100 })).items;
    },

    create: (payment, events: EventEnvelope[]) =>
      committing(() =>
        commitWithEvents(
          [
            tx.put(
              references.putParams(
                { reference: payment.reference },
                { paymentId: payment.paymentId },
                { mustNotExist: true },
              ),
            ),
            tx.put(payments.putParams(payment, payment, { mustNotExist: true })),
          ],
          events,
        ),
      ),

    publish: (events) => commitWithEvents([], events),

    transition: (payment, expectedVersion, ledger, events) =>
      committing(() =>
        commitWithEvents(
          [
            tx.put(payments.putParams(payment, payment, { expectedVersion })),
            ...ledger.map((entry) => tx.put(ledgerEntries.putParams(entry, entry, { mustNotExist: true }))),
          ],
          events,
        ),
      ),

    async refunds(paymentId) {
      const found: Refund[] = [];
      let cursor: string | undefined;
      do {
        const page = await refunds.query.ofPayment({ paymentId }, { limit: 100, cursor });
        found.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return found;
    },

    async refund(refundId) {
      const { items } = await refunds.query.byRefundId({ refundId }, { limit: 1 });
      // The index is eventually consistent: read the item itself for the current version.
      return items[0] ? refunds.get(items[0]) : undefined;
    },

    openRefundTasks: (limit, cursor) => refunds.query.openManualTasks({ limit, cursor }),

    addRefund: (payment, expectedVersion, refund) =>
      committing(() =>
        commitWithEvents([
          tx.put(payments.putParams(payment, payment, { expectedVersion })),
          tx.put(refunds.putParams(refund, refund, { mustNotExist: true })),
        ]),
      ),

    updateRefund: (refund, expectedVersion) =>
      committing(() => commitWithEvents([tx.put(refunds.putParams(refund, refund, { expectedVersion }))])),

    completeRefund: (refund, refundVersion, payment, paymentVersion, ledger, events) =>
      committing(() =>
        commitWithEvents(
          [
            tx.put(refunds.putParams(refund, refund, { expectedVersion: refundVersion })),
            tx.put(payments.putParams(payment, payment, { expectedVersion: paymentVersion })),
            ...ledger.map((entry) => tx.put(ledgerEntries.putParams(entry, entry, { mustNotExist: true }))),
          ],
          events,
        ),
      ),
  };
}

import { zonedDate } from '#shared/lib/time.ts';
import type { PaymentStatus } from './model.ts';
import { paymentRules, type Notification, type NotificationOutcome, type PaymentsPorts } from './payment-rules.ts';

/**
 * Reconciliation, the safety net behind lost webhooks: reconcile (every overdue payment looked up
 * at its provider and moved as it says), the daily report kept for admins, and reading a report.
 * On the rules of payment-rules.ts. No AWS imports.
 */

export interface ReconciliationReport {
  at: string;
  checked: number;
  /** Moved as the provider said (a lost or late webhook). */
  healed: string[];
  /** Never seen by the provider and past expiry: expired here. */
  expiredUnseen: string[];
  /** Still unresolved: the provider disagrees or still calls it pending after expiry. */
  mismatches: { paymentId: string; ours: PaymentStatus; provider: string; outcome: NotificationOutcome }[];
}

export function reconciliationService(ports: PaymentsPorts) {
  const { store, now, applyNotification } = paymentRules(ports);

  return {
    /**
     * What a lost webhook would have done: every payment still awaiting past its expiry + margin is
     * looked up at its provider and moved as the provider says. One the provider never saw (the
     * customer never opened a payment method) is expired here. A payment the provider still calls
     * pending after its expiry is reported as a mismatch for a human.
     */
    async reconcile(options: { marginMinutes?: number; limit?: number } = {}): Promise<ReconciliationReport> {
      const at = now();
      const before = new Date(at.getTime() - (options.marginMinutes ?? 15) * 60_000).toISOString();
      const report: ReconciliationReport = {
        at: at.toISOString(),
        checked: 0,
        healed: [],
        expiredUnseen: [],
        mismatches: [],
      };
      for (const payment of await store.overdue(before, options.limit ?? 200)) {
        report.checked += 1;
        const gateway = ports.gateways?.[payment.provider];
        if (!gateway) continue;
        const seen = await gateway.status(payment.providerOrderId);
        const notification: Notification = seen
          ? {
              provider: payment.provider,
              providerOrderId: payment.providerOrderId,
              ...seen,
              ...(seen.fraudStatus ? { fraudStatus: seen.fraudStatus } : {}),
            }
          : {
              provider: payment.provider,
              providerOrderId: payment.providerOrderId,
              rawStatus: payment.provider === 'midtrans' ? 'expire' : 'EXPIRED',
              amount: payment.amount,
              providerTransactionId: null,
              method: null,
            };
        const outcome = await applyNotification(notification, `reconcile-${payment.paymentId}`, {
          confirmed: true,
        });
        if (outcome === 'applied') (seen ? report.healed : report.expiredUnseen).push(payment.paymentId);
        else
          report.mismatches.push({
            paymentId: payment.paymentId,
            ours: payment.status,
            provider: seen?.rawStatus ?? 'unknown',
            outcome,
          });
      }
      return report;
    },

    /** Once a day: reconcile everything overdue (no margin) and keep the report for admins. */
    async dailyReport(): Promise<ReconciliationReport & { date: string }> {
      const report = await this.reconcile({ marginMinutes: 0, limit: 1000 });
      const date = zonedDate(now(), 'Asia/Jakarta');
      await store.saveReport(date, report);
      return { ...report, date };
    },

    report: (date: string) => store.report(date) as Promise<ReconciliationReport | undefined>,
  };
}

export type ReconciliationService = ReturnType<typeof reconciliationService>;

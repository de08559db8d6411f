import { logger } from '#shared/lib/logger.ts';
import { reconciliation } from '../provider-wiring.ts';

/** Scheduled: heals what lost webhooks would have done; what stays unresolved is logged as mismatches. */
export const handler = async () => {
  const report = await reconciliation().reconcile();
  const log = report.mismatches.length > 0 ? logger.warn.bind(logger) : logger.info.bind(logger);
  log('payment reconciliation', { ...report });
  return report;
};

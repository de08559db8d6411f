import { logger } from '#shared/lib/logger.ts';
import { reconciliation } from '../provider-wiring.ts';

/** Scheduled daily: the reconciliation report, stored for admins and logged. */
export const handler = async () => {
  const report = await reconciliation().dailyReport();
  (report.mismatches.length > 0 ? logger.warn.bind(logger) : logger.info.bind(logger))('daily payment reconciliation', {
    ...report,
  });
  return report;
};

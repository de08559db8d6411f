import { logger } from '#shared/lib/logger.ts';
import { payments } from '../provider-wiring.ts';

/** Scheduled daily: the reconciliation report, stored for admins and logged. */
export const handler = async () => {
  const report = await payments().dailyReport();
  (report.mismatches.length > 0 ? logger.warn.bind(logger) : logger.info.bind(logger))('daily payment reconciliation', {
    ...report,
  });
  return report;
};

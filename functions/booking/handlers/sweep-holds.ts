import { logger } from '#shared/lib/logger.ts';
import { saga } from '../wiring.ts';

/** Safety net behind the saga: unpaid holds long past their expiry are released. */
export const handler = async (): Promise<{ released: string[] }> => {
  const released = await saga().sweepHolds();
  if (released.length > 0) logger.warn('stale holds released by the sweeper', { released });
  return { released };
};

import { logger } from '#shared/lib/logger.ts';
import { saga } from '../wiring.ts';

/** Safety net behind the order saga: checkouts long past their expiry give their stock back and their orders expire. */
export const handler = async (): Promise<{ released: string[] }> => {
  const released = await saga().sweepCheckouts();
  if (released.length > 0) logger.warn('stale checkouts released by the sweeper', { released });
  return { released };
};

import { logger } from '#shared/lib/logger.ts';
import { orders } from '../wiring.ts';

/** Delivered orders complete on their own after a few days. */
export const handler = async (): Promise<{ completed: string[] }> => {
  const completed = await orders().autoComplete();
  if (completed.length > 0) logger.info('orders auto-completed', { count: completed.length });
  return { completed };
};

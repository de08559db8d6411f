import { logger } from '#shared/http/logger.ts';
import { indexing } from '../indexing.ts';

/** Scheduled (and after each deployment): the clinic index rebuilt from the stored listings. */
export const handler = async (): Promise<{ indexed: number }> => {
  const result = await (await indexing()).reindex();
  logger.info('clinic index rebuilt', result);
  return result;
};

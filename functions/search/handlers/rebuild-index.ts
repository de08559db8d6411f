import { logger } from '#shared/lib/logger.ts';
import { indexing } from '../indexing.ts';

/** Scheduled (and after each deployment): the clinic and product indexes rebuilt from the stored listings. */
export const handler = async (): Promise<{ indexed: number; products: number }> => {
  const result = await (await indexing()).reindex();
  logger.info('search index rebuilt', result);
  return result;
};

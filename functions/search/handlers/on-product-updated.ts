import { eventSubscription } from '#shared/events/subscription.ts';
import { logger } from '#shared/lib/logger.ts';
import { indexing } from '../indexing.ts';

/** product.listing_updated → the product index. Idempotent and order-proof: the highest listingVersion wins. */
export const handler = eventSubscription('product.listing_updated', async (event) => {
  const outcome = await (await indexing()).applyProduct(event.data);
  logger.info('product indexed', {
    productId: event.data.productId,
    listingVersion: event.data.listingVersion,
    outcome,
  });
});

import { eventSubscription } from '#shared/events/subscription.ts';
import { logger } from '#shared/lib/logger.ts';
import { indexing } from '../indexing.ts';

/** vendor.listing_updated → the clinic index. Idempotent and order-proof: the highest listingVersion wins. */
export const handler = eventSubscription('vendor.listing_updated', async (event) => {
  const outcome = await (await indexing()).applyListing(event.data);
  logger.info('listing indexed', { vendorId: event.data.vendorId, listingVersion: event.data.listingVersion, outcome });
});

import { eventSubscription } from '#shared/events/subscription.ts';
import { logger } from '#shared/lib/logger.ts';
import { listings } from '../wiring.ts';

/** vendor.listing_updated → the catalog's copy of the vendor (newest wins); its products' listings follow a change of name or status. */
export const handler = eventSubscription('vendor.listing_updated', async (event) => {
  const outcome = await listings().saveVendorListing(event.data, event.correlationId);
  logger.info('vendor listing saved', {
    vendorId: event.data.vendorId,
    listingVersion: event.data.listingVersion,
    outcome,
  });
});

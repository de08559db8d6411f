import { eventSubscription } from '#shared/events/subscription.ts';
import { listings } from '../wiring.ts';

/** vendor.listing_updated → booking's copy of the listing (services, hours, policy); the newest wins. */
export const handler = eventSubscription('vendor.listing_updated', async (event) => {
  await listings().saveListing(event.data);
});

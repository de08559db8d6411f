import { eventSubscription } from '#shared/events/subscription.ts';
import { origins } from '../wiring.ts';

/** vendor.listing_updated → shipping's copy of the vendor's pickup point; the newest wins. */
export const handler = eventSubscription('vendor.listing_updated', async (event) => {
  await origins().saveOrigin(event.data);
});

import { eventSubscription } from '#shared/events/subscription.ts';
import { listings } from '../wiring.ts';

/** product.listing_updated / vendor.listing_updated → orders' copies (prices, stock, vendor kind); the newest wins. */
export const handler = eventSubscription(['product.listing_updated', 'vendor.listing_updated'], async (event) => {
  if (event.type === 'product.listing_updated')
    await listings().saveProduct(event.data as Parameters<ReturnType<typeof listings>['saveProduct']>[0]);
  else await listings().saveVendor(event.data as Parameters<ReturnType<typeof listings>['saveVendor']>[0]);
});

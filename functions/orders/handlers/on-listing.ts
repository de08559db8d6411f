import { eventSubscription } from '#shared/events/subscription.ts';
import { orders } from '../wiring.ts';

/** product.listing_updated / vendor.listing_updated → orders' copies (prices, stock, vendor kind); the newest wins. */
export const handler = eventSubscription(['product.listing_updated', 'vendor.listing_updated'], async (event) => {
  if (event.type === 'product.listing_updated')
    await orders().saveProduct(event.data as Parameters<ReturnType<typeof orders>['saveProduct']>[0]);
  else await orders().saveVendor(event.data as Parameters<ReturnType<typeof orders>['saveVendor']>[0]);
});

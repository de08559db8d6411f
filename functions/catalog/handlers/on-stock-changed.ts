import { eventSubscription } from '#shared/events/subscription.ts';
import { listings } from '../wiring.ts';

/** stock.changed → the products' listings again, with what is available now. */
export const handler = eventSubscription('stock.changed', async (event) => {
  await listings().refreshListings(event.data.productIds, event.correlationId);
});

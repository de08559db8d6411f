import { eventSubscription } from '#shared/events/subscription.ts';
import { logger } from '#shared/lib/logger.ts';
import { fulfilment } from '../wiring.ts';

/** shipment.booking_failed → the ship request is cleared with its reason (the vendor may ask again); an older request's failure changes nothing. */
export const handler = eventSubscription('shipment.booking_failed', async (event) => {
  const cleared = await fulfilment().onBookingFailed(event.data, event.occurredAt);
  logger.info('ship request refused by shipping', {
    orderId: event.data.orderId,
    requestId: event.data.requestId,
    code: event.data.code,
    cleared,
  });
});

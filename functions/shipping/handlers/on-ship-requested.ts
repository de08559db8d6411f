import { eventSubscription } from '#shared/events/subscription.ts';
import { logger } from '#shared/lib/logger.ts';
import { shipmentBookings } from '../carrier-wiring.ts';

/**
 * order.ship_requested → the courier is booked for the order (once per order: its `booked`
 * shipment.status_changed answers orders), or refused for good with shipment.booking_failed. A carrier
 * outage throws, so the queue delivers the request again (and, in the end, to the dead-letter queue).
 */
export const handler = eventSubscription('order.ship_requested', async (event) => {
  const outcome = await shipmentBookings().fulfilShipRequest(event.data, event.correlationId);
  (outcome === 'refused' ? logger.warn.bind(logger) : logger.info.bind(logger))('ship request', {
    orderId: event.data.orderId,
    requestId: event.data.requestId,
    outcome,
  });
});

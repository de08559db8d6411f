import { eventSubscription } from '#shared/events/subscription.ts';
import { fulfilment } from '../wiring.ts';

/** shipment.status_changed → the order keeps its shipment's tracking and moves on (processing, shipped, delivered). */
export const handler = eventSubscription('shipment.status_changed', async (event) => {
  await fulfilment().onShipment(event.data, event.occurredAt, event.correlationId);
});

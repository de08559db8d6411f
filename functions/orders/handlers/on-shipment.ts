import { eventSubscription } from '#shared/events/subscription.ts';
import { orders } from '../wiring.ts';

/** shipment.status_changed → the order moves on (shipped, delivered). */
export const handler = eventSubscription('shipment.status_changed', async (event) => {
  await orders().onShipment(event.data.orderId, event.data.status, event.correlationId);
});

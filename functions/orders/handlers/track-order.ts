import { httpRoute, reply } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { shipmentFor } from '../ship-wiring.ts';
import { caller, orders } from '../wiring.ts';

/** The order's status and, once the courier is booked, its shipment's tracking (shipping decides what each caller sees). */
export const handler = httpRoute(manifest.routes.trackOrder, async (request) => {
  const order = await orders().get(caller(request), request.params.orderId);
  const shipment = order.shipment ? await shipmentFor(request.auth, order.shipment.shipmentId) : null;
  return reply.ok({ orderId: order.orderId, status: order.status, shipment });
});

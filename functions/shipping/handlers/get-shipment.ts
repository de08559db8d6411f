import { httpRoute, reply } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { shipments } from '../wiring.ts';

export const handler = httpRoute(manifest.routes.getShipment, async (request) => {
  return reply.ok(await shipments().shipmentFor(request.auth, request.params.shipmentId));
});

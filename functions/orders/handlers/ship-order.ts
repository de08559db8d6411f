import { httpRoute, reply } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { ordersWithCourier } from '../ship-wiring.ts';
import { caller } from '../wiring.ts';

/** The vendor books the courier for the order: tracking number and a label PDF link. */
export const handler = httpRoute(manifest.routes.shipOrder, async (request) => reply.ok(await ordersWithCourier().ship(caller(request), request.params.orderId)));

import { httpRoute, reply } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { caller, orders } from '../wiring.ts';

export const handler = httpRoute(manifest.routes.removeCartItem, async (request) => reply.ok(await orders().removeCartItem(caller(request), request.params.productId)));

import { httpRoute, reply } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { caller, orders } from '../wiring.ts';

export const handler = httpRoute(manifest.routes.setCartItem, async (request) =>
  reply.ok(await orders().setCartItem(caller(request), request.params.productId, request.body.quantity)));

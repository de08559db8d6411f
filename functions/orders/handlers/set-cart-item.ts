import { callerOf } from '#shared/auth/caller.ts';
import { httpRoute, reply } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { carts } from '../wiring.ts';

export const handler = httpRoute(manifest.routes.setCartItem, async (request) =>
  reply.ok(await carts().setCartItem(callerOf(request), request.params.productId, request.body.quantity)),
);

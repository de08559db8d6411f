import { callerOf } from '#shared/auth/caller.ts';
import { httpRoute, reply } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { carts } from '../wiring.ts';

export const handler = httpRoute(manifest.routes.removeCartItem, async (request) =>
  reply.ok(await carts().removeCartItem(callerOf(request), request.params.productId)),
);

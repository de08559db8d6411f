import { callerOf } from '#shared/auth/caller.ts';
import { httpRoute, reply } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { carts } from '../wiring.ts';

export const handler = httpRoute(manifest.routes.getCart, async (request) =>
  reply.ok(await carts().cart(callerOf(request))),
);

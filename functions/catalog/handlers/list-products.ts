import { callerOf } from '#shared/auth/caller.ts';
import { httpRoute, reply } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { products } from '../wiring.ts';

export const handler = httpRoute(manifest.routes.listProducts, async (request) =>
  reply.ok(
    await products().list(callerOf(request), request.params.vendorId, request.query.limit, request.query.cursor),
  ),
);

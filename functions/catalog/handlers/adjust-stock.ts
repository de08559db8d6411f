import { callerOf } from '#shared/auth/caller.ts';
import { httpRoute, reply } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { catalog } from '../wiring.ts';

export const handler = httpRoute(manifest.routes.adjustStock, async (request) =>
  reply.ok(
    await catalog().adjustStock(callerOf(request), request.params.vendorId, request.params.productId, request.body),
  ),
);

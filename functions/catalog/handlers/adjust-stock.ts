import { httpRoute, reply } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { catalog, caller } from '../wiring.ts';

export const handler = httpRoute(manifest.routes.adjustStock, async (request) =>
  reply.ok(await catalog().adjustStock(caller(request), request.params.vendorId, request.params.productId, request.body)));

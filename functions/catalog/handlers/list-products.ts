import { httpRoute, reply } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { catalog, caller } from '../wiring.ts';

export const handler = httpRoute(manifest.routes.listProducts, async (request) =>
  reply.ok(await catalog().list(caller(request), request.params.vendorId, request.query.limit, request.query.cursor)));

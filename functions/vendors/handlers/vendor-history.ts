import { httpRoute, reply } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { caller, vendors } from '../wiring.ts';

export const handler = httpRoute(manifest.routes.vendorHistory, async (request) => {
  return reply.ok(await vendors().history(caller(request), request.params.vendorId, request.query));
});

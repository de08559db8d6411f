import { httpRoute, reply } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { caller, vendors } from '../wiring.ts';

export const handler = httpRoute(manifest.routes.listStaff, async (request) => {
  return reply.ok(await vendors().listStaff(caller(request), request.params.vendorId));
});

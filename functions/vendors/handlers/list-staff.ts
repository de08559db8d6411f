import { callerOf } from '#shared/auth/caller.ts';
import { httpRoute, reply } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { vendors } from '../wiring.ts';

export const handler = httpRoute(manifest.routes.listStaff, async (request) => {
  return reply.ok(await vendors().listStaff(callerOf(request), request.params.vendorId));
});

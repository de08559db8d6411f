import { callerOf } from '#shared/auth/caller.ts';
import { httpRoute, reply } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { staff } from '../wiring.ts';

export const handler = httpRoute(manifest.routes.listStaff, async (request) => {
  return reply.ok(await staff().listStaff(callerOf(request), request.params.vendorId));
});

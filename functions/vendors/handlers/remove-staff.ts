import { callerOf } from '#shared/auth/caller.ts';
import { httpRoute, reply } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { staff } from '../wiring.ts';

export const handler = httpRoute(manifest.routes.removeStaff, async (request) => {
  await staff().removeStaff(callerOf(request), request.params.vendorId, request.params.userId);
  return reply.noContent();
});

import { callerOf } from '#shared/auth/caller.ts';
import { httpRoute, reply } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { staff } from '../wiring.ts';

export const handler = httpRoute(manifest.routes.inviteStaff, async (request) => {
  return reply.created(
    await staff().inviteStaff(callerOf(request), request.params.vendorId, request.body, request.locale),
  );
});

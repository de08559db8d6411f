import { callerOf } from '#shared/auth/caller.ts';
import { httpRoute, reply } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { vendors } from '../wiring.ts';

export const handler = httpRoute(manifest.routes.inviteStaff, async (request) => {
  return reply.created(
    await vendors().inviteStaff(callerOf(request), request.params.vendorId, request.body, request.locale),
  );
});

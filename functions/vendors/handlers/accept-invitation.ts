import { httpRoute, reply } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { caller, vendors } from '../wiring.ts';

export const handler = httpRoute(manifest.routes.acceptInvitation, async (request) => {
  return reply.ok(await vendors().acceptInvitation(caller(request), request.params.vendorId, request.params.invitationId, request.body.code));
});

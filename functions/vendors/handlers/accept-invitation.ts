import { callerOf } from '#shared/auth/caller.ts';
import { httpRoute, reply } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { staff } from '../wiring.ts';

export const handler = httpRoute(manifest.routes.acceptInvitation, async (request) =>
  reply.ok(
    await staff().acceptInvitation(
      callerOf(request),
      request.params.vendorId,
      request.params.invitationId,
      request.body.code,
    ),
  ),
);

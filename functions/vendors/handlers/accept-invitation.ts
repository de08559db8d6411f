import { callerOf } from '#shared/auth/caller.ts';
import { httpRoute, reply } from '#shared/http/route.ts';
import { cognitoDirectory } from '../directory.ts';
import { manifest } from '../manifest.ts';
import { vendorsWith } from '../wiring.ts';

const directory = cognitoDirectory();

export const handler = httpRoute(manifest.routes.acceptInvitation, async (request) =>
  reply.ok(
    await vendorsWith(directory).acceptInvitation(
      callerOf(request),
      request.params.vendorId,
      request.params.invitationId,
      request.body.code,
    ),
  ),
);

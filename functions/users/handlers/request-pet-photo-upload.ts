import { callerOf } from '#shared/auth/caller.ts';
import { httpRoute, reply } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { users } from '../wiring.ts';

export const handler = httpRoute(manifest.routes.requestPetPhotoUpload, async (request) =>
  reply.ok(await users().requestPetPhotoUpload(callerOf(request), request.params.petId, request.body)),
);

import { callerOf } from '#shared/auth/caller.ts';
import { httpRoute, reply } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { petPhotos } from '../wiring.ts';

export const handler = httpRoute(manifest.routes.requestPetPhotoUpload, async (request) =>
  reply.ok(await petPhotos().requestPetPhotoUpload(callerOf(request), request.params.petId, request.body)),
);

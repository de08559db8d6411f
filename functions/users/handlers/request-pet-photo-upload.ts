import { httpRoute, reply } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { caller, users } from '../wiring.ts';

export const handler = httpRoute(manifest.routes.requestPetPhotoUpload, async (request) =>
  reply.ok(await users().requestPetPhotoUpload(caller(request), request.params.petId, request.body)));

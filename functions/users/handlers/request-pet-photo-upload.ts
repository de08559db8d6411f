import { httpRoute, reply } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { caller, users } from '../wiring.ts';
import { photos } from '../wiring-photos.ts';

export const handler = httpRoute(manifest.routes.requestPetPhotoUpload, async (request) =>
  reply.ok(await users(photos()).requestPetPhotoUpload(caller(request), request.params.petId, request.body)));

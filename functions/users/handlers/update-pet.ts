import { httpRoute } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { parseIfMatch } from '../users.ts';
import { caller, okTagged, users } from '../wiring.ts';
import { photos } from '../wiring-photos.ts';

export const handler = httpRoute(manifest.routes.updatePet, async (request) =>
  okTagged(await users(photos()).updatePet(
    caller(request), request.params.petId, request.body, parseIfMatch(request.headers['if-match']),
  )));

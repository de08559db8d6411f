import { httpRoute } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { parseIfMatch } from '../users.ts';
import { caller, okTagged, users } from '../wiring.ts';

export const handler = httpRoute(manifest.routes.updatePet, async (request) =>
  okTagged(await users().updatePet(
    caller(request), request.params.petId, request.body, parseIfMatch(request.headers['if-match']),
  )));

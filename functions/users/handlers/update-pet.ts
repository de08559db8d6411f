import { callerOf } from '#shared/auth/caller.ts';
import { httpRoute } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { parseIfMatch } from '../user-rules.ts';
import { okTagged, pets } from '../wiring.ts';

export const handler = httpRoute(manifest.routes.updatePet, async (request) =>
  okTagged(
    await pets().updatePet(
      callerOf(request),
      request.params.petId,
      request.body,
      parseIfMatch(request.headers['if-match']),
    ),
  ),
);

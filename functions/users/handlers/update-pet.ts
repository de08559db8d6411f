import { callerOf } from '#shared/auth/caller.ts';
import { httpRoute } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { parseIfMatch } from '../users.ts';
import { okTagged, users } from '../wiring.ts';

export const handler = httpRoute(manifest.routes.updatePet, async (request) =>
  okTagged(
    await users().updatePet(
      callerOf(request),
      request.params.petId,
      request.body,
      parseIfMatch(request.headers['if-match']),
    ),
  ),
);

import { callerOf } from '#shared/auth/caller.ts';
import { httpRoute } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { okTagged, pets } from '../wiring.ts';

export const handler = httpRoute(manifest.routes.getPet, async (request) =>
  okTagged(await pets().getPet(callerOf(request), request.params.petId)),
);

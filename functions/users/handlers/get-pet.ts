import { httpRoute } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { caller, okTagged, users } from '../wiring.ts';

export const handler = httpRoute(manifest.routes.getPet, async (request) =>
  okTagged(await users().getPet(caller(request), request.params.petId)));

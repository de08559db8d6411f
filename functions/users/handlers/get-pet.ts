import { httpRoute } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { caller, okTagged, users } from '../wiring.ts';
import { photos } from '../wiring-photos.ts';

export const handler = httpRoute(manifest.routes.getPet, async (request) =>
  okTagged(await users(photos()).getPet(caller(request), request.params.petId)));

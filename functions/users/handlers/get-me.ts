import { httpRoute } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { caller, okTagged, users } from '../wiring.ts';

export const handler = httpRoute(manifest.routes.getMe, async (request) => okTagged(await users().getMe(caller(request))));

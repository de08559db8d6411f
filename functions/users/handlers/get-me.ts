import { callerOf } from '#shared/auth/caller.ts';
import { httpRoute } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { okTagged, profiles } from '../wiring.ts';

export const handler = httpRoute(manifest.routes.getMe, async (request) =>
  okTagged(await profiles().getMe(callerOf(request))),
);

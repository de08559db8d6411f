import { callerOf } from '#shared/auth/caller.ts';
import { httpRoute } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { parseIfMatch } from '../user-rules.ts';
import { okTagged, profiles } from '../wiring.ts';

export const handler = httpRoute(manifest.routes.updateMe, async (request) =>
  okTagged(await profiles().updateMe(callerOf(request), request.body, parseIfMatch(request.headers['if-match']))),
);

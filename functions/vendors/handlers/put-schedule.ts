import { httpRoute } from '#shared/http/route.ts';
import { parseIfMatch } from '#shared/http/versioning.ts';
import { manifest } from '../manifest.ts';
import { caller, tagged, vendors } from '../wiring.ts';

export const handler = httpRoute(manifest.routes.putSchedule, async (request) => {
  return tagged(await vendors().putSchedule(caller(request), request.params.vendorId, request.body, parseIfMatch(request.headers['if-match'])));
});

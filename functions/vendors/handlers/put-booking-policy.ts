import { httpRoute } from '#shared/http/route.ts';
import { parseIfMatch } from '#shared/http/versioning.ts';
import { manifest } from '../manifest.ts';
import { caller, tagged, vendors } from '../wiring.ts';

export const handler = httpRoute(manifest.routes.putBookingPolicy, async (request) =>
  tagged(await vendors().putBookingPolicy(caller(request), request.params.vendorId, request.body, parseIfMatch(request.headers['if-match']))));

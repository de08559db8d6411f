import { httpRoute } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { caller, tagged, vendors } from '../wiring.ts';

export const handler = httpRoute(manifest.routes.getSchedule, async (request) => {
  return tagged(await vendors().getSchedule(caller(request), request.params.vendorId));
});

import { httpRoute } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { caller, tagged, vendors } from '../wiring.ts';

export const handler = httpRoute(manifest.routes.getVendor, async (request) => {
  return tagged(await vendors().get(caller(request), request.params.vendorId));
});

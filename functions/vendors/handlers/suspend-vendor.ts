import { httpRoute } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { caller, tagged, vendors } from '../wiring.ts';

export const handler = httpRoute(manifest.routes.suspendVendor, async (request) => {
  return tagged(await vendors().suspend(caller(request), request.params.vendorId, request.body.reason));
});

import { callerOf } from '#shared/auth/caller.ts';
import { httpRoute } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { tagged, applications } from '../wiring.ts';

export const handler = httpRoute(manifest.routes.suspendVendor, async (request) => {
  return tagged(await applications().suspend(callerOf(request), request.params.vendorId, request.body.reason));
});

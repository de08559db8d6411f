import { callerOf } from '#shared/auth/caller.ts';
import { httpRoute } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { tagged, applications } from '../wiring.ts';

export const handler = httpRoute(manifest.routes.apply, async (request) => {
  const vendor = await applications().apply(callerOf(request), request.body);
  return tagged(vendor, 201, `/v1/vendors/${vendor.vendorId}`);
});

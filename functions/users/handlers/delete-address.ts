import { callerOf } from '#shared/auth/caller.ts';
import { httpRoute, reply } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { users } from '../wiring.ts';

export const handler = httpRoute(manifest.routes.deleteAddress, async (request) => {
  await users().deleteAddress(callerOf(request), request.params.addressId);
  return reply.noContent();
});

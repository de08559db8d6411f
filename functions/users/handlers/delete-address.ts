import { httpRoute, reply } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { caller, users } from '../wiring.ts';

export const handler = httpRoute(manifest.routes.deleteAddress, async (request) => {
  await users().deleteAddress(caller(request), request.params.addressId);
  return reply.noContent();
});

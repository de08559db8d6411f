import { callerOf } from '#shared/auth/caller.ts';
import { httpRoute, reply } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { addresses } from '../wiring.ts';

export const handler = httpRoute(manifest.routes.deleteAddress, async (request) => {
  await addresses().deleteAddress(callerOf(request), request.params.addressId);
  return reply.noContent();
});

import { callerOf } from '#shared/auth/caller.ts';
import { idempotentHttpRoute } from '#shared/http/idempotency.ts';
import { manifest } from '../manifest.ts';
import { addresses, createdTagged } from '../wiring.ts';

export const handler = idempotentHttpRoute(manifest.routes.addAddress, async (request) => {
  const address = await addresses().addAddress(callerOf(request), request.body);
  return createdTagged(address, `/v1/me/addresses/${address.addressId}`);
});

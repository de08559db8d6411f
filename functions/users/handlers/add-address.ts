import { callerOf } from '#shared/auth/caller.ts';
import { idempotentHttpRoute } from '#shared/http/idempotency.ts';
import { manifest } from '../manifest.ts';
import { createdTagged, users } from '../wiring.ts';

export const handler = idempotentHttpRoute(manifest.routes.addAddress, async (request) => {
  const address = await users().addAddress(callerOf(request), request.body);
  return createdTagged(address, `/v1/me/addresses/${address.addressId}`);
});

import { idempotentHttpRoute } from '#shared/http/idempotency.ts';
import { manifest } from '../manifest.ts';
import { caller, createdTagged, users } from '../wiring.ts';

export const handler = idempotentHttpRoute(manifest.routes.addAddress, async (request) => {
  const address = await users().addAddress(caller(request), request.body);
  return createdTagged(address, `/v1/me/addresses/${address.addressId}`);
});

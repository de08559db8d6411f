import { callerOf } from '#shared/auth/caller.ts';
import { httpRoute } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { parseIfMatch } from '../user-rules.ts';
import { addresses, okTagged } from '../wiring.ts';

export const handler = httpRoute(manifest.routes.updateAddress, async (request) =>
  okTagged(
    await addresses().updateAddress(
      callerOf(request),
      request.params.addressId,
      request.body,
      parseIfMatch(request.headers['if-match']),
    ),
  ),
);

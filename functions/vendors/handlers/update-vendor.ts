import { callerOf } from '#shared/auth/caller.ts';
import { httpRoute } from '#shared/http/route.ts';
import { parseIfMatch } from '#shared/http/versioning.ts';
import { manifest } from '../manifest.ts';
import { tagged, applications } from '../wiring.ts';

export const handler = httpRoute(manifest.routes.updateVendor, async (request) => {
  return tagged(
    await applications().update(
      callerOf(request),
      request.params.vendorId,
      request.body,
      parseIfMatch(request.headers['if-match']),
    ),
  );
});

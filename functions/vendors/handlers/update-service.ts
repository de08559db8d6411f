import { callerOf } from '#shared/auth/caller.ts';
import { httpRoute } from '#shared/http/route.ts';
import { parseIfMatch } from '#shared/http/versioning.ts';
import { manifest } from '../manifest.ts';
import { tagged, vendorServices } from '../wiring.ts';

export const handler = httpRoute(manifest.routes.updateService, async (request) => {
  return tagged(
    await vendorServices().updateService(
      callerOf(request),
      request.params.vendorId,
      request.params.serviceId,
      request.body,
      parseIfMatch(request.headers['if-match']),
    ),
  );
});

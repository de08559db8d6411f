import { callerOf } from '#shared/auth/caller.ts';
import { httpRoute, reply } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { vendorServices } from '../wiring.ts';

export const handler = httpRoute(manifest.routes.deleteService, async (request) => {
  await vendorServices().deleteService(callerOf(request), request.params.vendorId, request.params.serviceId);
  return reply.noContent();
});

import { httpRoute, reply } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { caller, vendors } from '../wiring.ts';

export const handler = httpRoute(manifest.routes.deleteService, async (request) => {
  await vendors().deleteService(caller(request), request.params.vendorId, request.params.serviceId);
  return reply.noContent();
});

import { callerOf } from '#shared/auth/caller.ts';
import { httpRoute } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { tagged, vendorServices } from '../wiring.ts';

export const handler = httpRoute(manifest.routes.addService, async (request) => {
  const service = await vendorServices().addService(callerOf(request), request.params.vendorId, request.body);
  return tagged(service, 201, `/v1/vendors/${request.params.vendorId}/services/${service.serviceId}`);
});

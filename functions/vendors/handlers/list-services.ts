import { httpRoute, reply } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { caller, vendors } from '../wiring.ts';

export const handler = httpRoute(manifest.routes.listServices, async (request) => {
  return reply.ok({ items: await vendors().listServices(caller(request), request.params.vendorId) });
});

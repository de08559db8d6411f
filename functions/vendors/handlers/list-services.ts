import { callerOf } from '#shared/auth/caller.ts';
import { httpRoute, reply } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { vendorServices } from '../wiring.ts';

export const handler = httpRoute(manifest.routes.listServices, async (request) => {
  return reply.ok({ items: await vendorServices().listServices(callerOf(request), request.params.vendorId) });
});

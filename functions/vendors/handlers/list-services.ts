import { callerOf } from '#shared/auth/caller.ts';
import { httpRoute, reply } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { vendors } from '../wiring.ts';

export const handler = httpRoute(manifest.routes.listServices, async (request) => {
  return reply.ok({ items: await vendors().listServices(callerOf(request), request.params.vendorId) });
});

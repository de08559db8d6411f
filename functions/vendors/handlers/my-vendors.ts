import { callerOf } from '#shared/auth/caller.ts';
import { httpRoute, reply } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { applications } from '../wiring.ts';

export const handler = httpRoute(manifest.routes.myVendors, async (request) => {
  return reply.ok({ items: await applications().myVendors(callerOf(request)) });
});

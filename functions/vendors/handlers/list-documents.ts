import { callerOf } from '#shared/auth/caller.ts';
import { httpRoute, reply } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { documents } from '../wiring.ts';

export const handler = httpRoute(manifest.routes.listDocuments, async (request) => {
  return reply.ok({ items: await documents().listDocuments(callerOf(request), request.params.vendorId) });
});

import { callerOf } from '#shared/auth/caller.ts';
import { httpRoute, reply } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { pets } from '../wiring.ts';

export const handler = httpRoute(manifest.routes.deletePet, async (request) => {
  await pets().deletePet(callerOf(request), request.params.petId);
  return reply.noContent();
});

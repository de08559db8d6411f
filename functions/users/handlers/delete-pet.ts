import { httpRoute, reply } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { caller, users } from '../wiring.ts';

export const handler = httpRoute(manifest.routes.deletePet, async (request) => {
  await users().deletePet(caller(request), request.params.petId);
  return reply.noContent();
});

import { callerOf } from '#shared/auth/caller.ts';
import { httpRoute, reply } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { users } from '../wiring.ts';

export const handler = httpRoute(manifest.routes.listPets, async (request) =>
  reply.ok(await users().listPets(callerOf(request), request.query)),
);

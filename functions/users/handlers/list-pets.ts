import { httpRoute, reply } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { caller, users } from '../wiring.ts';

export const handler = httpRoute(manifest.routes.listPets, async (request) =>
  reply.ok(await users().listPets(caller(request), request.query)));

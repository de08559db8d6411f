import { httpRoute, reply } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { caller, users } from '../wiring.ts';

export const handler = httpRoute(manifest.routes.listAddresses, async (request) =>
  reply.ok(await users().listAddresses(caller(request), request.query)));

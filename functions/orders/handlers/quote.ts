import { httpRoute, reply } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { caller, orders } from '../wiring.ts';

export const handler = httpRoute(manifest.routes.quote, async (request) => reply.ok(await orders().quote(caller(request), request.body)));

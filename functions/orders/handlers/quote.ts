import { httpRoute, reply } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { ordersWithRates } from '../rates-wiring.ts';
import { caller } from '../wiring.ts';

export const handler = httpRoute(manifest.routes.quote, async (request) => reply.ok(await ordersWithRates().quote(caller(request), request.body)));

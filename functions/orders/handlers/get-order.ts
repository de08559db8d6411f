import { callerOf } from '#shared/auth/caller.ts';
import { httpRoute, reply } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { toOrderView } from '../view.ts';
import { orders } from '../wiring.ts';

export const handler = httpRoute(manifest.routes.getOrder, async (request) =>
  reply.ok(toOrderView(await orders().get(callerOf(request), request.params.orderId))),
);

import { callerOf } from '#shared/auth/caller.ts';
import { httpRoute, reply } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { toOrderView } from '../view.ts';
import { orders } from '../wiring.ts';

export const handler = httpRoute(manifest.routes.cancelOrder, async (request) =>
  reply.ok(toOrderView(await orders().cancel(callerOf(request), request.params.orderId, request.body?.reason))),
);

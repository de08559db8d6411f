import { callerOf } from '#shared/auth/caller.ts';
import { httpRoute, reply } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { toOrderView } from '../view.ts';
import { orders } from '../wiring.ts';

export const handler = httpRoute(manifest.routes.myOrders, async (request) => {
  const page = await orders().mine(callerOf(request), request.query.limit, request.query.cursor);
  return reply.ok({ items: page.items.map(toOrderView), nextCursor: page.nextCursor });
});

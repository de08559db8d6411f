import { callerOf } from '#shared/auth/caller.ts';
import { httpRoute, reply } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { toOrderView } from '../view.ts';
import { orders } from '../wiring.ts';

export const handler = httpRoute(manifest.routes.vendorOrders, async (request) => {
  const { status, limit, cursor } = request.query;
  const page = await orders().vendorOrders(callerOf(request), request.params.vendorId, status, limit, cursor);
  return reply.ok({ items: page.items.map(toOrderView), nextCursor: page.nextCursor });
});

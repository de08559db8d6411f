import { httpRoute, reply } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { refundTask } from '../refunds.ts';
import { refundTaskList } from '../wiring.ts';

export const handler = httpRoute(manifest.routes.listRefundTasks, async (request) => {
  const { items, nextCursor } = await refundTaskList().openTasks(request.query.limit, request.query.cursor);
  return reply.ok({ items: items.map(refundTask), nextCursor });
});

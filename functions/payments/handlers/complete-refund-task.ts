import { httpRoute, reply } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { refundTask } from '../refunds.ts';
import { refundTaskList } from '../wiring.ts';

export const handler = httpRoute(manifest.routes.completeRefundTask, async (request) => {
  const done = await refundTaskList().completeTask(
    request.auth.userId,
    request.params.refundId,
    request.body.note,
    request.correlationId,
  );
  return reply.ok(refundTask(done));
});

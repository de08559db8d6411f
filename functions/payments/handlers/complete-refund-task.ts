import { httpRoute, reply } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { refundTask } from '../refunds.ts';
import { refunds } from '../wiring.ts';

export const handler = httpRoute(manifest.routes.completeRefundTask, async (request) => {
  const done = await refunds().completeTask(request.auth.userId, request.params.refundId, request.body.note, request.correlationId);
  return reply.ok(refundTask(done));
});

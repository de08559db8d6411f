import { idempotentHttpRoute } from '#shared/http/idempotency.ts';
import { problems } from '#shared/http/problem.ts';
import { reply } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { refundAnswer } from '../refunds.ts';
import { refunds } from '../provider-wiring.ts';

export const handler = idempotentHttpRoute(manifest.routes.refundPayment, async (request) => {
  // Required here (optional elsewhere): without a refund key a retried request could refund twice.
  const key = request.headers['idempotency-key'];
  if (!key)
    throw problems.badRequest('validation', [
      { path: 'headers.idempotency-key', message: 'required: it is the refund key' },
    ]);
  const refund = await refunds().request(request.auth.userId, request.params.paymentId, request.body, key);
  return reply.accepted(refundAnswer(refund));
});

import { authorize } from '#shared/auth/access.ts';
import { problems } from '#shared/http/problem.ts';
import { httpRoute, reply } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { payments } from '../wiring.ts';

export const handler = httpRoute(manifest.routes.getPayment, async (request) => {
  const payment = await payments().getPayment(request.params.paymentId);
  if (!payment) throw problems.notFound();
  authorize(request.auth, { owner: payment.payerId, overrideGroups: ['platform_admin'] });
  const { paymentId, reference, provider, status, amount, refundedAmount, method, expiresAt, createdAt, updatedAt } = payment;
  return reply.ok({
    paymentId, reference, provider, status, amount: { amount, currency: 'IDR' }, refundedAmount: { amount: refundedAmount, currency: 'IDR' },
    method, expiresAt, createdAt, updatedAt,
  });
});

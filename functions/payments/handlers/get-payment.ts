import { httpRoute, reply } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { paymentReads } from '../wiring.ts';

export const handler = httpRoute(manifest.routes.getPayment, async (request) => {
  const payment = await paymentReads().paymentFor(request.auth, request.params.paymentId);
  const { paymentId, reference, provider, status, amount, refundedAmount, method, expiresAt, createdAt, updatedAt } =
    payment;
  return reply.ok({
    paymentId,
    reference,
    provider,
    status,
    amount: { amount, currency: 'IDR' },
    refundedAmount: { amount: refundedAmount, currency: 'IDR' },
    method,
    expiresAt,
    createdAt,
    updatedAt,
  });
});

import { eventSubscription } from '#shared/events/subscription.ts';
import { logger } from '#shared/http/logger.ts';
import { HttpProblem } from '#shared/http/problem.ts';
import { refunds } from '../wiring.ts';

/**
 * order.refund_due → a refund of that order's share of its checkout's payment, once per order (the
 * order id is the refund's idempotency key). One that cannot be made is logged for a human.
 */
export const handler = eventSubscription('order.refund_due', async (event) => {
  const { orderId, paymentId, reference, amount, reason } = event.data;
  try {
    const refund = await refunds().request('system:orders', paymentId, { amount, reason, reference }, `order-${orderId}`);
    logger.info('order refund requested', { orderId, paymentId, refundId: refund.refundId, kind: refund.kind });
  } catch (error) {
    if (!(error instanceof HttpProblem)) throw error;
    logger.error('order refund not possible', { orderId, paymentId, amount, problem: error.key, status: error.status });
  }
});

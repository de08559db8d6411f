import { eventSubscription } from '#shared/events/subscription.ts';
import { logger } from '#shared/http/logger.ts';
import { HttpProblem } from '#shared/http/problem.ts';
import { refunds } from '../wiring.ts';

/**
 * booking.refund_due → a refund, once per booking (the booking id is the refund's idempotency key).
 * One that cannot be made (not paid, nothing left) is logged for a human, not retried forever.
 */
export const handler = eventSubscription('booking.refund_due', async (event) => {
  const { bookingId, paymentId, amount, reason } = event.data;
  try {
    const refund = await refunds().request('system:booking', paymentId, { amount, reason }, `booking-${bookingId}`);
    logger.info('booking refund requested', { bookingId, paymentId, refundId: refund.refundId, kind: refund.kind });
  } catch (error) {
    if (!(error instanceof HttpProblem)) throw error;
    logger.error('booking refund not possible', { bookingId, paymentId, amount, problem: error.key, status: error.status });
  }
});

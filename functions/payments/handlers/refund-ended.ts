import { eventSubscription } from '#shared/events/subscription.ts';
import { logger } from '#shared/lib/logger.ts';
import { refunds } from '../provider-wiring.ts';

/** payment.succeeded for a booking or order that had already ended: the money goes back, once per booking or order. */
export const handler = eventSubscription('payment.succeeded', async (event) => {
  const refunded = await refunds().refundEnded(event.data.paymentId);
  if (refunded.length > 0)
    logger.warn('payment for an ended booking or order refunded', {
      paymentId: event.data.paymentId,
      refunds: refunded.map((refund) => refund.refundId),
    });
});

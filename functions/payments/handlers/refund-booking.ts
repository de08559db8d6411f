import { eventSubscription } from '#shared/events/subscription.ts';
import { logger } from '#shared/lib/logger.ts';
import { purposeRefundKey } from '../refunds.ts';
import { refunds } from '../provider-wiring.ts';

/**
 * booking.refund_due → a refund, once per booking (the booking's refund key: the same one payments
 * uses for a booking that ended unpaid, so both paths give the money back once). The provider refusing
 * makes it a manual task; one that cannot be made (not paid, nothing left) is logged for a human.
 */
export const handler = eventSubscription('booking.refund_due', async (event) => {
  const { bookingId, paymentId, amount, reason } = event.data;
  const refund = await refunds().refundOnce(
    'system:booking',
    paymentId,
    { amount, reason },
    purposeRefundKey(`booking:${bookingId}`),
  );
  if (refund)
    logger.info('booking refund requested', { bookingId, paymentId, refundId: refund.refundId, kind: refund.kind });
  else logger.error('booking refund not possible', { bookingId, paymentId, amount });
});

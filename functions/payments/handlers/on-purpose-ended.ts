import { eventSubscription } from '#shared/events/subscription.ts';
import { logger } from '#shared/lib/logger.ts';
import { endedPurpose, PURPOSE_ENDED_EVENTS } from '../lifecycle.ts';
import { lifecycle, refunds } from '../provider-wiring.ts';

/**
 * A booking or order ended unpaid (booking.expired, booking.cancelled before payment, order.expired):
 * its payment attempt is closed at the provider and marked, and money already taken for it goes back
 * (once: the refund key is the booking's or order's). Money that comes later is refunded from
 * payment.succeeded (refund-ended.ts).
 */
export const handler = eventSubscription(PURPOSE_ENDED_EVENTS, async (event) => {
  const ended = endedPurpose(event);
  if (!ended) return;
  const { paymentId, status } = await lifecycle().purposeEnded(ended, event.correlationId);
  if (!paymentId) return;
  const refunded = await refunds().refundEnded(paymentId);
  logger.info('payment purpose ended', {
    reference: ended.reference,
    paymentId,
    status,
    refunds: refunded.map((refund) => refund.refundId),
  });
});

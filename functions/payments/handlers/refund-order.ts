import { eventSubscription } from '#shared/events/subscription.ts';
import { logger } from '#shared/lib/logger.ts';
import { purposeRefundKey } from '../refunds.ts';
import { refunds } from '../provider-wiring.ts';

/**
 * order.refund_due → a refund of that order's share of its checkout's payment, once per order (the
 * order's refund key, shared with payments' own refund of an order that ended unpaid). The provider
 * refusing makes it a manual task; one that cannot be made is logged for a human.
 */
export const handler = eventSubscription('order.refund_due', async (event) => {
  const { orderId, paymentId, reference, amount, reason } = event.data;
  const refund = await refunds().refundOnce(
    'system:orders',
    paymentId,
    { amount, reason, reference },
    purposeRefundKey(`order:${orderId}`),
  );
  if (refund)
    logger.info('order refund requested', { orderId, paymentId, refundId: refund.refundId, kind: refund.kind });
  else logger.error('order refund not possible', { orderId, paymentId, amount });
});

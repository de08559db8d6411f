import { eventSubscription } from '#shared/events/subscription.ts';
import { logger } from '#shared/lib/logger.ts';
import { notifications } from '../provider-wiring.ts';

/** payment.notification_received → the payment moves forward once; duplicates and older statuses change nothing. */
export const handler = eventSubscription('payment.notification_received', async (event) => {
  const outcome = await notifications().applyNotification(event.data, event.correlationId);
  const log = outcome === 'applied' || outcome === 'unchanged' ? logger.info.bind(logger) : logger.warn.bind(logger);
  log('payment notification', {
    provider: event.data.provider,
    providerOrderId: event.data.providerOrderId,
    rawStatus: event.data.rawStatus,
    outcome,
  });
});

import { eventSubscription } from '#shared/events/subscription.ts';
import { logger } from '#shared/lib/logger.ts';
import { sagaResumer } from '../saga-wiring.ts';

/** A payment's outcome resumes the saga step waiting for it (booking or order), if one is. */
export const handler = eventSubscription(['payment.succeeded', 'payment.failed', 'payment.expired'], async (event) => {
  const outcome = await sagaResumer().resumeSaga(event.data.paymentId);
  if (outcome !== 'no-saga') logger.info('saga resumed by payment', { paymentId: event.data.paymentId, outcome });
});

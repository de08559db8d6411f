import { eventSubscription } from '#shared/events/subscription.ts';
import { logger } from '#shared/lib/logger.ts';
import { startSaga } from '#shared/sagas/step-functions.ts';
import { saga } from '../wiring.ts';

/** booking.held → the booking saga, named by the booking: a redelivered event cannot start a second one. */
export const handler = eventSubscription('booking.held', async (event) => {
  const input = await saga().sagaInput(event.data.bookingId);
  if (!input) {
    logger.warn('booking.held for an unknown booking', { bookingId: event.data.bookingId });
    return;
  }
  await startSaga('booking.booking', event.data.bookingId, { ...input, correlationId: event.correlationId });
});

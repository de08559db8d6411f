import { eventSubscription } from '#shared/events/subscription.ts';
import { logger } from '#shared/lib/logger.ts';
import { startSaga } from '#shared/sagas/step-functions.ts';
import { saga } from '../wiring.ts';

/** checkout.created → the order saga, named by the checkout: a redelivered event cannot start a second one. */
export const handler = eventSubscription('checkout.created', async (event) => {
  const input = await saga().sagaInput(event.data.checkoutId);
  if (!input) {
    logger.warn('checkout.created for an unknown checkout', { checkoutId: event.data.checkoutId });
    return;
  }
  await startSaga('orders.order', event.data.checkoutId, { ...input, correlationId: event.correlationId });
});

import { sagaTask } from '#shared/sagas/task.ts';
import { recordPaymentTask } from '../schemas.ts';
import { saga } from '../wiring.ts';

/** Saga step: the payment page is open; the checkout shows it. */
export const handler = sagaTask('recordCheckoutPayment', recordPaymentTask, async ({ checkoutId, payment }) =>
  saga().recordPayment(checkoutId, payment),
);

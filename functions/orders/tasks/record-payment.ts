import { sagaTask } from '#shared/sagas/task.ts';
import { recordPaymentTask } from '../schemas.ts';
import { orders } from '../wiring.ts';

/** Saga step: the payment page is open; the checkout shows it. */
export const handler = sagaTask('recordCheckoutPayment', recordPaymentTask, async ({ checkoutId, payment }) =>
  orders().recordPayment(checkoutId, payment),
);

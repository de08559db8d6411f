import { sagaTask } from '#shared/sagas/task.ts';
import { markPaidTask } from '../schemas.ts';
import { saga } from '../wiring.ts';

/** Saga step: paid → every order paid, stock committed (once). */
export const handler = sagaTask('markOrdersPaid', markPaidTask, async ({ checkoutId, paymentId }, correlationId) =>
  saga().markPaid(checkoutId, paymentId, correlationId),
);

import { sagaTask } from '#shared/sagas/task.ts';
import { recordPaymentTask } from '../schemas.ts';
import { saga } from '../wiring.ts';

/** Saga step: the payment page is open; the booking shows it (pending_payment). */
export const handler = sagaTask('recordPayment', recordPaymentTask, async ({ bookingId, payment }, correlationId) =>
  saga().recordPayment(bookingId, payment, correlationId),
);

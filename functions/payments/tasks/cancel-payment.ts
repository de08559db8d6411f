import { sagaTask } from '#shared/sagas/task.ts';
import { cancelPaymentTask } from '../schemas.ts';
import { lifecycle } from '../provider-wiring.ts';

/**
 * Saga step (compensation): the saga gave up on its payment (hold expired, cancelled) — close the
 * attempt at the provider. Answers the payment's final status: `paid` means the money came in
 * anyway and the saga must refund it.
 */
export const handler = sagaTask('cancelPayment', cancelPaymentTask, async ({ reference }, correlationId) =>
  lifecycle().cancel(reference, correlationId),
);

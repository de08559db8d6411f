import { sagaTask } from '#shared/sagas/task.ts';
import { startPaymentTask } from '../schemas.ts';
import { paymentsWithSaga } from '../saga-wiring.ts';

/**
 * Saga step (`.waitForTaskToken`): opens the provider's page for the booking or order attempt and
 * keeps the token with the payment; the payment's outcome resumes the saga (resumeSaga).
 */
export const handler = sagaTask('startPayment', startPaymentTask, async (input) => paymentsWithSaga().start(input));

import { sagaTask } from '#shared/sagas/task.ts';
import { awaitPaymentTask } from '../schemas.ts';
import { paymentsWithSaga } from '../saga-wiring.ts';

/** Saga step (`.waitForTaskToken`): the payment's outcome event resumes it (resumeSaga). */
export const handler = sagaTask('awaitPayment', awaitPaymentTask, async ({ reference, taskToken }) =>
  paymentsWithSaga().await(reference, taskToken),
);

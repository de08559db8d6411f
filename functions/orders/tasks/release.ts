import { sagaTask } from '#shared/sagas/task.ts';
import { releaseTask } from '../schemas.ts';
import { saga } from '../wiring.ts';

/** Saga step (compensation): every reservation released, every order expired (once). */
export const handler = sagaTask('releaseCheckout', releaseTask, async ({ checkoutId, reason }, correlationId) =>
  saga().release(checkoutId, reason, correlationId),
);

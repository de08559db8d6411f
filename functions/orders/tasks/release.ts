import { sagaTask } from '#shared/sagas/task.ts';
import { releaseTask } from '../schemas.ts';
import { orders } from '../wiring.ts';

/** Saga step (compensation): every reservation released, every order expired (once). */
export const handler = sagaTask('releaseCheckout', releaseTask, async ({ checkoutId, reason }, correlationId) =>
  orders().release(checkoutId, reason, correlationId),
);

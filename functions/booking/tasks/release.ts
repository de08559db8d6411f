import { sagaTask } from '#shared/sagas/task.ts';
import { releaseTask } from '../schemas.ts';
import { saga } from '../wiring.ts';

/** Saga step (compensation): the booking expires and its slot is free again; payments returns any money for it (from booking.expired). */
export const handler = sagaTask(
  'releaseBooking',
  releaseTask,
  async ({ bookingId, reason, paymentId }, correlationId) =>
    saga().release(bookingId, reason, correlationId, paymentId),
);

import { sagaTask } from '#shared/sagas/task.ts';
import { confirmTask } from '../schemas.ts';
import { saga } from '../wiring.ts';

/** Saga step: paid (or nothing to pay) → confirmed; a booking that ended meanwhile gets its money refunded instead. */
export const handler = sagaTask('confirmBooking', confirmTask, async ({ bookingId, paymentId }, correlationId) =>
  saga().confirm(bookingId, paymentId ?? null, correlationId),
);

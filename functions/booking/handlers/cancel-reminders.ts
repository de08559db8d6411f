import { eventSubscription } from '#shared/events/subscription.ts';
import { reminders } from '../reminders-wiring.ts';

/** A booking that will not happen (cancelled, expired, no-show) sends no reminders. */
export const handler = eventSubscription(['booking.cancelled', 'booking.expired', 'booking.no_show'], async (event) => {
  await reminders().cancelReminders(event.data.bookingId);
});

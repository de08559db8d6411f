import { eventSubscription } from '#shared/events/subscription.ts';
import { bookingsWithReminders } from '../reminders-wiring.ts';

/** A booking that will not happen (cancelled, expired, no-show) sends no reminders. */
export const handler = eventSubscription(['booking.cancelled', 'booking.expired', 'booking.no_show'], async (event) => {
  await bookingsWithReminders().cancelReminders(event.data.bookingId);
});

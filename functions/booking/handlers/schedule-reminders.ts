import { eventSubscription } from '#shared/events/subscription.ts';
import { reminders } from '../reminders-wiring.ts';

/** booking.confirmed / booking.rescheduled → reminders at H-1 day and 2 hours before (replacing older ones). */
export const handler = eventSubscription(['booking.confirmed', 'booking.rescheduled'], async (event) => {
  await reminders().scheduleReminders(event.data.bookingId, event.correlationId);
});

import type { OneTimeSchedules } from '#shared/scheduling/port.ts';
import { REMINDERS } from './model.ts';
import { bookingRules, ref, type RecordPorts } from './booking-rules.ts';

/** …plus one-time schedules for the reminders (booking.reminder_due at a given time). */
export interface RemindersPorts extends RecordPorts {
  schedules: OneTimeSchedules;
}

/** Reminders of a confirmed booking (H-1 day, 2 hours before), moved when it moves and dropped when it will not happen. */
export function remindersService(ports: RemindersPorts) {
  const { store, now, event } = bookingRules(ports);

  return {
    /**
     * H-1 day and 2 hours before a confirmed booking: one-time schedules put booking.reminder_due
     * on the bus then (replaced when it moves). A reminder whose time has passed is not sent late.
     */
    async scheduleReminders(bookingId: string, correlationId: string): Promise<string[]> {
      const booking = await store.getBooking(bookingId);
      if (!booking || (booking.status !== 'confirmed' && booking.status !== 'checked_in')) return [];
      const scheduled: string[] = [];
      for (const { reminder, beforeMs } of REMINDERS) {
        const at = new Date(Date.parse(booking.start) - beforeMs);
        const name = reminderName(bookingId, reminder);
        if (at.getTime() <= now().getTime() + 60_000) {
          await ports.schedules.cancel(name);
          continue;
        }
        await ports.schedules.scheduleEvent(
          name,
          at,
          event('booking.reminder_due', { ...ref(booking), reminder }, correlationId),
        );
        scheduled.push(reminder);
      }
      return scheduled;
    },

    /** A booking that will not happen sends no reminders. */
    async cancelReminders(bookingId: string): Promise<void> {
      for (const { reminder } of REMINDERS) await ports.schedules.cancel(reminderName(bookingId, reminder));
    },
  };
}

/** `booking.<id>.<reminder>`: within Scheduler's 64 characters, and the same name replaces it. */
export const reminderName = (bookingId: string, reminder: string) => `booking.${bookingId}.${reminder}`;

export type RemindersService = ReturnType<typeof remindersService>;

import type { Caller } from '#shared/auth/caller.ts';
import { refuse } from '#shared/lib/refusal.ts';
import type { Booking } from './model.ts';
import { bookingAccess, bookingRules, isStaff, ref, type AccessPorts } from './booking-rules.ts';

/** The vendor's day: its bookings calendar, and its staff checking a booking in, completing it or marking a no-show. */
export function vendorDayService(ports: AccessPorts) {
  const { store, now, event, releaseWrites, transition } = bookingRules(ports);
  const { asStaff } = bookingAccess(ports);

  return {
    async vendorCalendar(caller: Caller, vendorId: string, from: Date, to: Date): Promise<Booking[]> {
      if (
        !caller.auth.groups.includes('platform_admin') &&
        !isStaff(await ports.staffRole(vendorId, caller.auth.userId))
      )
        throw refuse.notFound();
      return store.vendorBookings(vendorId, from.toISOString(), to.toISOString());
    },

    async checkIn(caller: Caller, bookingId: string): Promise<Booking> {
      await asStaff(caller, bookingId);
      const result = await transition(bookingId, ['confirmed'], async (booking) => ({
        changes: { status: 'checked_in' },
        events: [event('booking.checked_in', ref(booking), caller.correlationId)],
      }));
      if (!result.changed) throw refuse.conflict('booking-state', { state: result.booking.status });
      return result.booking;
    },

    async complete(caller: Caller, bookingId: string): Promise<Booking> {
      await asStaff(caller, bookingId);
      const result = await transition(bookingId, ['checked_in'], async (booking) => ({
        changes: { status: 'completed' },
        writes: await releaseWrites(booking, { keepSlot: true }),
        events: [event('booking.completed', ref(booking), caller.correlationId)],
      }));
      if (!result.changed) throw refuse.conflict('booking-state', { state: result.booking.status });
      return result.booking;
    },

    /** Only once the appointment has started: before that the customer may still come. */
    async noShow(caller: Caller, bookingId: string): Promise<Booking> {
      const booking = await asStaff(caller, bookingId);
      if (now().getTime() < Date.parse(booking.start)) throw refuse.conflict('too-early');
      const result = await transition(bookingId, ['confirmed'], async (current) => ({
        changes: { status: 'no_show' },
        writes: await releaseWrites(current, { keepSlot: true }),
        events: [event('booking.no_show', ref(current), caller.correlationId)],
      }));
      if (!result.changed) throw refuse.conflict('booking-state', { state: result.booking.status });
      return result.booking;
    },
  };
}

export type VendorDayService = ReturnType<typeof vendorDayService>;

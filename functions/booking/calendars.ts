import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Caller } from '#shared/auth/caller.ts';
import { refuse } from '#shared/lib/refusal.ts';
import { icsCalendar, type CalendarEvent } from './ical.ts';
import { ACTIVE_STATUSES, type Booking } from './model.ts';
import { bookingAccess, bookingRules, type AccessPorts } from './booking-rules.ts';

/** What the vendor's iCalendar feed covers around today. */
const FEED_PAST_DAYS = 30;
const FEED_AHEAD_DAYS = 90;

/** Calendars: the vendor's secret feed link (issue, revoke), its iCalendar feed, and one booking as an .ics file. */
export function calendarsService(ports: AccessPorts) {
  const { store, now } = bookingRules(ports);
  const { visible } = bookingAccess(ports);

  return {
    /** A new secret link for the vendor's calendar feed (the old one stops working). */
    async issueCalendarToken(caller: Caller, vendorId: string): Promise<string> {
      if (
        !caller.auth.groups.includes('platform_admin') &&
        (await ports.staffRole(vendorId, caller.auth.userId)) !== 'clinic_admin'
      )
        throw refuse.notFound();
      const token = randomBytes(24).toString('base64url');
      await store.saveCalendarToken({
        vendorId,
        tokenHash: createHash('sha256').update(token).digest('hex'),
        createdBy: caller.auth.userId,
        createdAt: now().toISOString(),
      });
      return token;
    },

    async revokeCalendarToken(caller: Caller, vendorId: string): Promise<void> {
      if (
        !caller.auth.groups.includes('platform_admin') &&
        (await ports.staffRole(vendorId, caller.auth.userId)) !== 'clinic_admin'
      )
        throw refuse.notFound();
      await store.saveCalendarToken({ vendorId, revoked: true });
    },

    /** The vendor's iCalendar feed; a wrong or revoked token is a 404 (the link leaks nothing). */
    async vendorFeed(vendorId: string, token: string): Promise<string> {
      const stored = await store.calendarToken(vendorId);
      const offered = createHash('sha256').update(token).digest();
      if (!stored || !timingSafeEqual(Buffer.from(stored.tokenHash, 'hex'), offered)) throw refuse.notFound();
      const at = now().getTime();
      const items = await store.vendorBookings(
        vendorId,
        new Date(at - FEED_PAST_DAYS * 86_400_000).toISOString(),
        new Date(at + FEED_AHEAD_DAYS * 86_400_000).toISOString(),
      );
      const listing = await store.listing(vendorId);
      return icsCalendar(
        listing?.name ?? 'PetPro',
        items.filter((booking) => booking.status !== 'expired').map((booking) => calendarEvent(booking, 'vendor')),
      );
    },

    /** One booking as an .ics file for the customer's own calendar. */
    async bookingIcs(caller: Caller, bookingId: string): Promise<string> {
      const { booking, as } = await visible(caller, bookingId);
      return icsCalendar(booking.vendorName, [calendarEvent(booking, as)]);
    },
  };
}

function calendarEvent(booking: Booking, audience: 'customer' | 'vendor'): CalendarEvent {
  const summary =
    audience === 'vendor'
      ? `${booking.serviceName} — ${booking.petName}`
      : `${booking.serviceName} di ${booking.vendorName}`;
  const description =
    audience === 'vendor'
      ? `Hewan/Pet: ${booking.petName}\nPelanggan/Customer: ${booking.customerContact}\nStatus: ${booking.status}${booking.notes ? `\nCatatan/Notes: ${booking.notes}` : ''}`
      : `Hewan/Pet: ${booking.petName}\nStatus: ${booking.status}`;
  const status: CalendarEvent['status'] =
    booking.status === 'cancelled' || booking.status === 'no_show'
      ? 'CANCELLED'
      : ACTIVE_STATUSES.has(booking.status) && booking.status !== 'confirmed' && booking.status !== 'checked_in'
        ? 'TENTATIVE'
        : 'CONFIRMED';
  return {
    uid: `${booking.bookingId}@petpro.id`,
    start: booking.start,
    end: booking.end,
    summary,
    description,
    location: booking.vendorName,
    status,
    sequence: booking.version,
    updatedAt: booking.updatedAt,
  };
}

export type CalendarsService = ReturnType<typeof calendarsService>;

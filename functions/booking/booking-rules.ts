import type { Caller } from '#shared/auth/caller.ts';
import type { EventEnvelope, EventType, EventData } from '#shared/events/catalog.ts';
import { domainEvent } from '#shared/events/envelope.ts';
import { refuse } from '#shared/lib/refusal.ts';
import { jitter, retryOnConflict, type ConflictRetry } from '#shared/lib/retry-on-conflict.ts';
import type { Booking, BookingPorts, BookingStatus, ListedService, VendorListing, Write } from './model.ts';
import type { SlotRules } from './slots.ts';

/**
 * The booking rules: slots, holds that never over-book (one transaction on the slot counter, the
 * pet's agenda and the customer's unpaid holds), the saga's steps, cancel/reschedule policy, the
 * vendor's day (check-in, complete, no-show), reviews and calendars. No AWS imports.
 *
 * Here the rules every area shares: the bookable listing, who sees a booking, what an ended booking
 * frees, and the one way a booking changes state. The use cases live by area, each built on these
 * rules: listings.ts (vendors' listings, slots), bookings.ts (the customer's booking: book, cancel,
 * reschedule, review), vendor-day.ts (the vendor's calendar, check-in, complete, no-show), saga.ts
 * (the saga's steps, the hold sweeper), reminders.ts and calendars.ts (iCal). A handler bundles
 * only its area (decision 0005).
 */

/** A version race is read again, up to 5 tries 0–20 ms × attempt apart; a full slot is no race. */
export const RETRY: ConflictRetry = {
  attempts: 5,
  backoff: jitter(20),
  retryable: (conflict) => !conflict.failed.includes('slot'),
};

export const isStaff = (role: string | undefined) => role === 'clinic_staff' || role === 'clinic_admin';
export const minutes = (n: number) => n * 60_000;

export function rulesOf(listing: VendorListing, service: Pick<ListedService, 'durationMin' | 'bufferMin'>): SlotRules {
  const { leadTimeMin, horizonDays } = listing.bookingPolicy;
  return { durationMin: service.durationMin, bufferMin: service.bufferMin, leadTimeMin, horizonDays };
}

/** The booking's identity in every booking.* event. */
export function ref(booking: Booking) {
  const { bookingId, vendorId, serviceId, customerId, petId, start, end } = booking;
  return { bookingId, vendorId, serviceId, customerId, petId, start, end };
}

/** What every area's use cases need: the table and a clock. */
export type RecordPorts = Pick<BookingPorts, 'store' | 'now'>;

/** …and, where a caller's part at the vendor decides, their role there. */
export type AccessPorts = RecordPorts & Pick<BookingPorts, 'staffRole'>;

export type BookingRules = ReturnType<typeof bookingRules>;

export function bookingRules(ports: RecordPorts) {
  const { store } = ports;
  const now = () => (ports.now ? ports.now() : new Date());
  const event = <T extends EventType>(type: T, data: EventData<T>, correlationId: string) =>
    domainEvent(type, data, correlationId) as EventEnvelope;

  async function bookableListing(vendorId: string): Promise<VendorListing> {
    const listing = await store.listing(vendorId);
    if (!listing) throw refuse.notFound();
    if (!listing.listed) throw refuse.conflict('vendor-not-bookable');
    return listing;
  }

  /** Writes that free what an active booking held: its slot (unless kept), its place in the pet's agenda and the unpaid list. */
  async function releaseWrites(booking: Booking, options: { keepSlot?: boolean } = {}): Promise<Write[]> {
    const writes: Write[] = [];
    if (!options.keepSlot)
      writes.push({
        type: 'releaseSlot',
        counter: { vendorId: booking.vendorId, serviceId: booking.serviceId, start: booking.start },
      });
    const agenda = await store.petAgenda(booking.petId);
    if (agenda?.active.some((entry) => entry.bookingId === booking.bookingId)) {
      writes.push({
        type: 'petAgenda',
        item: {
          ...agenda,
          active: agenda.active.filter((entry) => entry.bookingId !== booking.bookingId),
          version: agenda.version + 1,
        },
        expectedVersion: agenda.version,
      });
    }
    writes.push(...(await unpaidRemoval(booking)));
    return writes;
  }

  async function unpaidRemoval(booking: Booking): Promise<Write[]> {
    const holds = await store.unpaidHolds(booking.customerId);
    if (!holds?.bookingIds.includes(booking.bookingId)) return [];
    return [
      {
        type: 'unpaidHolds',
        item: {
          ...holds,
          bookingIds: holds.bookingIds.filter((id) => id !== booking.bookingId),
          version: holds.version + 1,
        },
        expectedVersion: holds.version,
      },
    ];
  }

  /** Moves a booking to `to` (from one of `from`), with the writes and events the change brings; re-reads on a race. */
  async function transition(
    bookingId: string,
    from: readonly BookingStatus[],
    decide: (
      booking: Booking,
    ) => Promise<{ changes: Partial<Booking>; writes?: Write[]; events: EventEnvelope[] } | 'skip'>,
  ): Promise<{ booking: Booking; changed: boolean }> {
    return retryOnConflict(RETRY, async () => {
      const booking = await store.getBooking(bookingId);
      if (!booking) throw refuse.notFound();
      if (!from.includes(booking.status)) return { booking, changed: false };
      const decision = await decide(booking);
      if (decision === 'skip') return { booking, changed: false };
      const next: Booking = {
        ...booking,
        ...decision.changes,
        version: booking.version + 1,
        updatedAt: now().toISOString(),
      };
      await store.commit(
        [{ type: 'booking', item: next, expectedVersion: booking.version }, ...(decision.writes ?? [])],
        decision.events,
      );
      return { booking: next, changed: true };
    });
  }

  return { store, now, event, bookableListing, releaseWrites, unpaidRemoval, transition };
}

/** Who may see a booking: its owner, the vendor's staff and platform admins; anyone else gets 404. */
export function bookingAccess(ports: AccessPorts) {
  const { store } = ports;

  /** The booking as its owner, the vendor's staff or a platform admin may see it; anyone else 404. */
  async function visible(caller: Caller, bookingId: string): Promise<{ booking: Booking; as: 'customer' | 'vendor' }> {
    const booking = await store.getBooking(bookingId);
    if (!booking) throw refuse.notFound();
    if (booking.customerId === caller.auth.userId) return { booking, as: 'customer' };
    if (
      caller.auth.groups.includes('platform_admin') ||
      isStaff(await ports.staffRole(booking.vendorId, caller.auth.userId))
    )
      return { booking, as: 'vendor' };
    throw refuse.notFound();
  }

  async function asStaff(caller: Caller, bookingId: string): Promise<Booking> {
    const { booking, as } = await visible(caller, bookingId);
    // The customer sees their booking but does not run the clinic's day.
    if (as !== 'vendor') throw refuse.forbidden();
    return booking;
  }

  return { visible, asStaff };
}

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Caller } from '#shared/auth/caller.ts';
import type { EventEnvelope, EventType, EventData } from '#shared/events/catalog.ts';
import { domainEvent } from '#shared/events/envelope.ts';
import { problems } from '#shared/http/problem.ts';
import { publicName } from '#shared/lib/display-name.ts';
import { newId } from '#shared/lib/ids.ts';
import { jitter, retryOnConflict, type ConflictRetry } from '#shared/lib/retry-on-conflict.ts';
import type { Schedule } from '#shared/lib/opening-hours.ts';
import { icsCalendar, type CalendarEvent } from './ical.ts';
import {
  ACTIVE_STATUSES,
  HOLD_MINUTES,
  MAX_UNPAID_HOLDS,
  REMINDERS,
  UNPAID_STATUSES,
  type Booking,
  type BookingPorts,
  type BookingStatus,
  type ListedService,
  type PaymentProvider,
  type PetAgenda,
  type UnpaidHolds,
  type VendorListing,
  type Write,
} from './model.ts';
import { WriteConflict } from '#shared/table/write-conflict.ts';
import { generateSlots, isBookableStart, type SlotRules } from './slots.ts';

/**
 * The booking rules: slots, holds that never over-book (one transaction on the slot counter, the
 * pet's agenda and the customer's unpaid holds), the saga's steps, cancel/reschedule policy, the
 * vendor's day (check-in, complete, no-show), reviews and calendars. No AWS imports.
 */

export interface BookInput {
  vendorId: string;
  serviceId: string;
  petId: string;
  start: string;
  notes?: string | undefined;
  provider?: PaymentProvider | undefined;
}

/** A version race is read again, up to 5 tries 0–20 ms × attempt apart; a full slot is no race. */
const RETRY: ConflictRetry = {
  attempts: 5,
  backoff: jitter(20),
  retryable: (conflict) => !conflict.failed.includes('slot'),
};
/** Longest slots window one request may ask for. */
export const MAX_SLOT_WINDOW_DAYS = 31;
/** What the vendor's iCalendar feed covers around today. */
const FEED_PAST_DAYS = 30;
const FEED_AHEAD_DAYS = 90;

const isStaff = (role: string | undefined) => role === 'clinic_staff' || role === 'clinic_admin';
const minutes = (n: number) => n * 60_000;

function rulesOf(listing: VendorListing, service: Pick<ListedService, 'durationMin' | 'bufferMin'>): SlotRules {
  const { leadTimeMin, horizonDays } = listing.bookingPolicy;
  return { durationMin: service.durationMin, bufferMin: service.bufferMin, leadTimeMin, horizonDays };
}

/** The booking's identity in every booking.* event. */
function ref(booking: Booking) {
  const { bookingId, vendorId, serviceId, customerId, petId, start, end } = booking;
  return { bookingId, vendorId, serviceId, customerId, petId, start, end };
}

export function bookingService(ports: BookingPorts) {
  const { store } = ports;
  const now = () => (ports.now ? ports.now() : new Date());
  const event = <T extends EventType>(type: T, data: EventData<T>, correlationId: string) =>
    domainEvent(type, data, correlationId) as EventEnvelope;

  async function bookableListing(vendorId: string): Promise<VendorListing> {
    const listing = await store.listing(vendorId);
    if (!listing) throw problems.notFound();
    if (!listing.listed) throw problems.conflict('vendor-not-bookable');
    return listing;
  }

  /** The booking as its owner, the vendor's staff or a platform admin may see it; anyone else 404. */
  async function visible(caller: Caller, bookingId: string): Promise<{ booking: Booking; as: 'customer' | 'vendor' }> {
    const booking = await store.getBooking(bookingId);
    if (!booking) throw problems.notFound();
    if (booking.customerId === caller.auth.userId) return { booking, as: 'customer' };
    if (
      caller.auth.groups.includes('platform_admin') ||
      isStaff(await ports.staffRole(booking.vendorId, caller.auth.userId))
    )
      return { booking, as: 'vendor' };
    throw problems.notFound();
  }

  async function asStaff(caller: Caller, bookingId: string): Promise<Booking> {
    const { booking, as } = await visible(caller, bookingId);
    // The customer sees their booking but does not run the clinic's day.
    if (as !== 'vendor') throw problems.forbidden();
    return booking;
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
      if (!booking) throw problems.notFound();
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

  return {
    // ------------------------------------------------------------ vendors' listings

    /** From vendor.listing_updated: the newest listing wins, whatever the delivery order. */
    saveListing: (listing: VendorListing) => store.saveListing(listing),

    // ------------------------------------------------------------ slots

    async slots(
      vendorId: string,
      serviceId: string,
      from: Date,
      to: Date,
    ): Promise<{ start: string; end: string; available: number; capacity: number }[]> {
      const listing = await bookableListing(vendorId);
      const service = listing.services.find((candidate) => candidate.serviceId === serviceId);
      if (!service) throw problems.notFound();
      const slots = generateSlots(listing.schedule as Schedule, rulesOf(listing, service), { from, to }, now());
      if (slots.length === 0) return [];
      const taken = new Map(
        (await store.counters(vendorId, serviceId, slots[0]!.start, `${slots.at(-1)!.start}~`)).map((counter) => [
          counter.start,
          counter.taken,
        ]),
      );
      return slots.map((slot) => ({
        ...slot,
        capacity: service.capacity,
        available: Math.max(0, service.capacity - (taken.get(slot.start) ?? 0)),
      }));
    },

    // ------------------------------------------------------------ booking

    /**
     * Takes the slot: one transaction on the slot counter (capacity in its condition), the booking,
     * the pet's agenda (no overlapping bookings) and the customer's unpaid holds (the limit), with
     * booking.held — which starts the saga. A full slot is a 409 at once; races on the pet's or the
     * customer's item are read again.
     */
    async book(caller: Caller, input: BookInput): Promise<Booking> {
      const listing = await bookableListing(input.vendorId);
      const service = listing.services.find((candidate) => candidate.serviceId === input.serviceId);
      if (!service) throw problems.notFound();
      const pet = await ports.pet(caller.auth.userId, input.petId);
      if (!pet) throw problems.notFound();
      if (!service.species.includes(pet.species)) throw problems.unprocessable('species-not-served');
      const start = new Date(input.start);
      if (!isBookableStart(listing.schedule as Schedule, rulesOf(listing, service), start, now()))
        throw problems.unprocessable('slot-not-offered');
      const startIso = start.toISOString();
      const end = new Date(start.getTime() + minutes(service.durationMin)).toISOString();
      const bookingId = newId();

      return retryOnConflict(RETRY, async () => {
        const at = now();
        const agenda = await store.petAgenda(pet.petId);
        if (agenda?.active.some((entry) => entry.start < end && startIso < entry.end))
          throw problems.conflict('pet-busy');
        const holds = service.prepay ? await store.unpaidHolds(caller.auth.userId) : undefined;
        if (service.prepay && (holds?.bookingIds.length ?? 0) >= MAX_UNPAID_HOLDS)
          throw problems.conflict('too-many-unpaid', { limit: MAX_UNPAID_HOLDS });
        const booking: Booking = {
          bookingId,
          vendorId: listing.vendorId,
          vendorName: listing.name,
          vendorKind: listing.kind,
          serviceId: service.serviceId,
          serviceName: service.name,
          petId: pet.petId,
          petName: pet.name,
          customerId: caller.auth.userId,
          customerContact: caller.auth.username,
          start: startIso,
          end,
          timeZone: listing.schedule.timeZone,
          status: 'held',
          prepay: service.prepay,
          amount: service.price.amount,
          provider: input.provider ?? 'midtrans',
          holdExpiresAt: service.prepay ? new Date(at.getTime() + minutes(HOLD_MINUTES)).toISOString() : null,
          payment: null,
          notes: input.notes ?? null,
          cancelledBy: null,
          endReason: null,
          refundAmount: 0,
          reviewed: false,
          version: 1,
          createdAt: at.toISOString(),
          updatedAt: at.toISOString(),
        };
        const nextAgenda: PetAgenda = {
          petId: pet.petId,
          active: [...(agenda?.active ?? []), { bookingId, start: startIso, end }],
          version: (agenda?.version ?? 0) + 1,
        };
        const writes: Write[] = [
          {
            type: 'takeSlot',
            counter: { vendorId: booking.vendorId, serviceId: booking.serviceId, start: startIso },
            capacity: service.capacity,
          },
          { type: 'booking', item: booking, expectedVersion: null },
          { type: 'petAgenda', item: nextAgenda, expectedVersion: agenda?.version ?? null },
        ];
        if (service.prepay) {
          const nextHolds: UnpaidHolds = {
            customerId: caller.auth.userId,
            bookingIds: [...(holds?.bookingIds ?? []), bookingId],
            version: (holds?.version ?? 0) + 1,
          };
          writes.push({ type: 'unpaidHolds', item: nextHolds, expectedVersion: holds?.version ?? null });
        }
        const held = event(
          'booking.held',
          {
            ...ref(booking),
            prepay: booking.prepay,
            amount: booking.amount,
            holdExpiresAt: booking.holdExpiresAt ?? booking.start,
          },
          caller.correlationId,
        );
        try {
          await store.commit(writes, [held]);
        } catch (error) {
          if (error instanceof WriteConflict && error.failed.includes('slot')) throw problems.conflict('slot-full');
          throw error;
        }
        return booking;
      });
    },

    get: async (caller: Caller, bookingId: string) => (await visible(caller, bookingId)).booking,

    mine: (caller: Caller, limit: number, cursor?: string) => store.customerBookings(caller.auth.userId, limit, cursor),

    async vendorCalendar(caller: Caller, vendorId: string, from: Date, to: Date): Promise<Booking[]> {
      if (
        !caller.auth.groups.includes('platform_admin') &&
        !isStaff(await ports.staffRole(vendorId, caller.auth.userId))
      )
        throw problems.notFound();
      return store.vendorBookings(vendorId, from.toISOString(), to.toISOString());
    },

    /**
     * Customer: until the vendor's cutoff a paid booking is refunded in full; after it, only an unpaid
     * one can still be cancelled (nothing to refund). Vendor staff: any time, always a full refund.
     */
    async cancel(caller: Caller, bookingId: string, reason: string | undefined): Promise<Booking> {
      const { as } = await visible(caller, bookingId);
      const listing = await store.listing((await store.getBooking(bookingId))!.vendorId);
      const cutoffHours = listing?.bookingPolicy.cancelCutoffHours ?? 24;
      const result = await transition(bookingId, ['held', 'pending_payment', 'confirmed'], async (booking) => {
        const paid = booking.status === 'confirmed' && booking.prepay && booking.payment !== null;
        const beforeCutoff = now().getTime() <= Date.parse(booking.start) - cutoffHours * 3_600_000;
        if (as === 'customer' && paid && !beforeCutoff)
          throw problems.conflict('past-cutoff', { cancelCutoffHours: cutoffHours });
        const refundAmount = paid ? booking.amount : 0;
        // Unpaid (held, or waiting for its payment): payments closes the attempt and returns any money that still comes.
        const events = [
          event(
            'booking.cancelled',
            { ...ref(booking), by: as, refundAmount, paymentTaken: paid },
            caller.correlationId,
          ),
        ];
        if (refundAmount > 0)
          events.push(
            event(
              'booking.refund_due',
              {
                bookingId,
                paymentId: booking.payment!.paymentId,
                amount: refundAmount,
                reason: reason ?? `Booking cancelled by the ${as}`,
              },
              caller.correlationId,
            ),
          );
        return {
          changes: { status: 'cancelled', cancelledBy: as, endReason: reason ?? null, refundAmount },
          writes: await releaseWrites(booking),
          events,
        };
      });
      if (!result.changed) throw problems.conflict('booking-state', { state: result.booking.status });
      return result.booking;
    },

    /**
     * Moves a confirmed (or still held) booking to another slot of the same service: the new slot is
     * taken and the old released in one transaction, so a full new slot leaves the booking untouched.
     */
    async reschedule(caller: Caller, bookingId: string, newStart: string): Promise<Booking> {
      const { booking: current, as } = await visible(caller, bookingId);
      const listing = await bookableListing(current.vendorId);
      const service = listing.services.find((candidate) => candidate.serviceId === current.serviceId);
      if (!service) throw problems.conflict('booking-state', { state: current.status });
      const start = new Date(newStart);
      if (!isBookableStart(listing.schedule as Schedule, rulesOf(listing, service), start, now()))
        throw problems.unprocessable('slot-not-offered');
      const startIso = start.toISOString();
      const end = new Date(start.getTime() + minutes(service.durationMin)).toISOString();
      const cutoffHours = listing.bookingPolicy.cancelCutoffHours;
      const result = await transition(bookingId, ['held', 'pending_payment', 'confirmed'], async (booking) => {
        if (booking.start === startIso) return 'skip';
        if (as === 'customer' && now().getTime() > Date.parse(booking.start) - cutoffHours * 3_600_000)
          throw problems.conflict('past-cutoff', { cancelCutoffHours: cutoffHours });
        const agenda = await store.petAgenda(booking.petId);
        const others = (agenda?.active ?? []).filter((entry) => entry.bookingId !== bookingId);
        if (others.some((entry) => entry.start < end && startIso < entry.end)) throw problems.conflict('pet-busy');
        const writes: Write[] = [
          {
            type: 'takeSlot',
            counter: { vendorId: booking.vendorId, serviceId: booking.serviceId, start: startIso },
            capacity: service.capacity,
          },
          {
            type: 'releaseSlot',
            counter: { vendorId: booking.vendorId, serviceId: booking.serviceId, start: booking.start },
          },
          {
            type: 'petAgenda',
            item: {
              petId: booking.petId,
              active: [...others, { bookingId, start: startIso, end }],
              version: (agenda?.version ?? 0) + 1,
            },
            expectedVersion: agenda?.version ?? null,
          },
        ];
        const events = [
          event(
            'booking.rescheduled',
            { ...ref({ ...booking, start: startIso, end }), previousStart: booking.start, by: as },
            caller.correlationId,
          ),
        ];
        return { changes: { start: startIso, end }, writes, events };
      }).catch((error: unknown) => {
        if (error instanceof WriteConflict && error.failed.includes('slot')) throw problems.conflict('slot-full');
        throw error;
      });
      if (!result.changed && result.booking.start !== startIso)
        throw problems.conflict('booking-state', { state: result.booking.status });
      return result.booking;
    },

    async checkIn(caller: Caller, bookingId: string): Promise<Booking> {
      await asStaff(caller, bookingId);
      const result = await transition(bookingId, ['confirmed'], async (booking) => ({
        changes: { status: 'checked_in' },
        events: [event('booking.checked_in', ref(booking), caller.correlationId)],
      }));
      if (!result.changed) throw problems.conflict('booking-state', { state: result.booking.status });
      return result.booking;
    },

    async complete(caller: Caller, bookingId: string): Promise<Booking> {
      await asStaff(caller, bookingId);
      const result = await transition(bookingId, ['checked_in'], async (booking) => ({
        changes: { status: 'completed' },
        writes: await releaseWrites(booking, { keepSlot: true }),
        events: [event('booking.completed', ref(booking), caller.correlationId)],
      }));
      if (!result.changed) throw problems.conflict('booking-state', { state: result.booking.status });
      return result.booking;
    },

    /** Only once the appointment has started: before that the customer may still come. */
    async noShow(caller: Caller, bookingId: string): Promise<Booking> {
      const booking = await asStaff(caller, bookingId);
      if (now().getTime() < Date.parse(booking.start)) throw problems.conflict('too-early');
      const result = await transition(bookingId, ['confirmed'], async (current) => ({
        changes: { status: 'no_show' },
        writes: await releaseWrites(current, { keepSlot: true }),
        events: [event('booking.no_show', ref(current), caller.correlationId)],
      }));
      if (!result.changed) throw problems.conflict('booking-state', { state: result.booking.status });
      return result.booking;
    },

    /** The owner of a completed booking reviews it once; vendors keep the aggregate from review.submitted. */
    async review(
      caller: Caller,
      bookingId: string,
      input: { rating: number; comment: string },
    ): Promise<{ reviewId: string; rating: number; comment: string; createdAt: string }> {
      const { as } = await visible(caller, bookingId);
      if (as !== 'customer') throw problems.notFound();
      const reviewId = newId();
      const at = now().toISOString();
      // Signed with the name the customer chose ("Budi S."), never their account id (none: "PetPro customer").
      const displayName = publicName(await ports.reviewerName?.(caller.auth.userId));
      const result = await transition(bookingId, ['completed'], async (booking) => {
        if (booking.reviewed) throw problems.conflict('already-reviewed');
        const review = {
          bookingId,
          reviewId,
          vendorId: booking.vendorId,
          authorId: caller.auth.userId,
          rating: input.rating,
          comment: input.comment,
          createdAt: at,
        };
        const submitted = event(
          'review.submitted',
          {
            reviewId,
            vendorId: booking.vendorId,
            authorId: caller.auth.userId,
            ...(displayName ? { displayName } : {}),
            bookingId,
            rating: input.rating,
            comment: input.comment,
          },
          caller.correlationId,
        );
        return { changes: { reviewed: true }, writes: [{ type: 'review', item: review }], events: [submitted] };
      }).catch((error: unknown) => {
        if (error instanceof WriteConflict && error.failed.includes('review'))
          throw problems.conflict('already-reviewed');
        throw error;
      });
      if (!result.changed) throw problems.conflict('booking-state', { state: result.booking.status });
      return { reviewId, rating: input.rating, comment: input.comment, createdAt: at };
    },

    // ------------------------------------------------------------ the saga's steps

    /** What the saga runs on (built when booking.held arrives): whether to take a payment and its request. */
    async sagaInput(bookingId: string) {
      const booking = await store.getBooking(bookingId);
      if (!booking) return undefined;
      // The sign-in name when it is an email or a +62 number (Cognito may give its own id instead).
      const email = /^[^@\s]+@[^@\s]+$/.test(booking.customerContact) ? booking.customerContact : undefined;
      const phone = /^\+62\d{8,13}$/.test(booking.customerContact) ? booking.customerContact : undefined;
      return {
        bookingId,
        prepay: booking.prepay,
        payment: {
          reference: `booking:${bookingId}`,
          provider: booking.provider,
          payerId: booking.customerId,
          vendorId: booking.vendorId,
          vendorKind: booking.vendorKind,
          amount: booking.amount,
          expiresAt: booking.holdExpiresAt ?? booking.start,
          customer: {
            name: booking.petName ? `Pemilik ${booking.petName}` : 'Pelanggan PetPro',
            ...(email ? { email } : {}),
            ...(phone ? { phone } : {}),
          },
          items: [
            {
              id: booking.serviceId,
              name: `${booking.serviceName} (${booking.petName})`.slice(0, 100),
              price: booking.amount,
              quantity: 1,
            },
          ],
        },
      };
    },

    /** The payment page is open: the customer sees it on their booking. */
    async recordPayment(
      bookingId: string,
      payment: { paymentId: string; redirectUrl: string | null; expiresAt: string },
      correlationId: string,
    ): Promise<{ status: BookingStatus }> {
      const result = await transition(bookingId, ['held'], async (booking) => ({
        changes: { status: 'pending_payment', payment },
        events: [event('booking.payment_pending', { ...ref(booking), ...payment }, correlationId)],
      }));
      return { status: result.booking.status };
    },

    /**
     * Confirms a held booking (paid, or needing no payment). A booking that ended meanwhile (cancelled,
     * or released) cannot take a payment that arrived anyway: the money goes back (booking.refund_due).
     */
    async confirm(
      bookingId: string,
      paymentId: string | null,
      correlationId: string,
    ): Promise<{ confirmed: boolean; status: BookingStatus }> {
      const result = await transition(bookingId, ['held', 'pending_payment'], async (booking) => ({
        changes: { status: 'confirmed', holdExpiresAt: booking.holdExpiresAt },
        writes: await unpaidRemoval(booking),
        events: [event('booking.confirmed', { ...ref(booking), paymentId }, correlationId)],
      }));
      if (
        result.changed ||
        result.booking.status === 'confirmed' ||
        result.booking.status === 'checked_in' ||
        result.booking.status === 'completed'
      ) {
        return { confirmed: true, status: result.booking.status };
      }
      if (paymentId) {
        // Ended before the money came: record the refund once (the event id would differ on a retry, so the booking remembers it).
        await transition(bookingId, ['cancelled', 'expired'], async (booking) =>
          booking.refundAmount > 0
            ? 'skip'
            : {
                changes: { refundAmount: booking.amount },
                events: [
                  event(
                    'booking.refund_due',
                    { bookingId, paymentId, amount: booking.amount, reason: 'Payment arrived after the booking ended' },
                    correlationId,
                  ),
                ],
              },
        );
      }
      return { confirmed: false, status: result.booking.status };
    },

    /**
     * The saga gave up (payment failed, expired, the hold timed out, or a step kept failing), or the
     * sweeper found the hold long expired: the slot is free again. booking.expired is all payments
     * needs: it closes the payment attempt, and refunds the payment once if money came (or comes) in
     * for this booking (decision 0020) — so no refund is asked here, not even with `paidWith` (the
     * saga knows the money was taken: the booking shows it as its refund).
     */
    async release(
      bookingId: string,
      reason: string,
      correlationId: string,
      paidWith?: string,
    ): Promise<{ status: BookingStatus }> {
      const result = await transition(bookingId, ['held', 'pending_payment'], async (booking) => ({
        changes: {
          status: 'expired',
          cancelledBy: 'system',
          endReason: reason,
          refundAmount: paidWith ? booking.amount : 0,
        },
        writes: await releaseWrites(booking),
        events: [event('booking.expired', { ...ref(booking), reason }, correlationId)],
      }));
      return { status: result.booking.status };
    },

    /** Safety net: holds past their expiry (plus a margin for the saga) that are still unpaid are released. */
    async sweepHolds(marginMinutes = 10): Promise<string[]> {
      const before = new Date(now().getTime() - minutes(marginMinutes)).toISOString();
      const released: string[] = [];
      for (const booking of await store.staleHolds(before, 100)) {
        if (!UNPAID_STATUSES.has(booking.status)) continue;
        // No payment id: whether money exists is payments' to find out (from booking.expired), not a refund to ask for blindly.
        const { status } = await this.release(booking.bookingId, 'hold expired (swept)', `sweep-${booking.bookingId}`);
        if (status === 'expired') released.push(booking.bookingId);
      }
      return released;
    },

    // ------------------------------------------------------------ reminders

    /**
     * H-1 day and 2 hours before a confirmed booking: one-time schedules put booking.reminder_due
     * on the bus then (replaced when it moves). A reminder whose time has passed is not sent late.
     */
    async scheduleReminders(bookingId: string, correlationId: string): Promise<string[]> {
      const booking = await store.getBooking(bookingId);
      if (!booking || !ports.schedules || (booking.status !== 'confirmed' && booking.status !== 'checked_in'))
        return [];
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
      if (!ports.schedules) return;
      for (const { reminder } of REMINDERS) await ports.schedules.cancel(reminderName(bookingId, reminder));
    },

    // ------------------------------------------------------------ calendars

    /** A new secret link for the vendor's calendar feed (the old one stops working). */
    async issueCalendarToken(caller: Caller, vendorId: string): Promise<string> {
      if (
        !caller.auth.groups.includes('platform_admin') &&
        (await ports.staffRole(vendorId, caller.auth.userId)) !== 'clinic_admin'
      )
        throw problems.notFound();
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
        throw problems.notFound();
      await store.saveCalendarToken({ vendorId, revoked: true });
    },

    /** The vendor's iCalendar feed; a wrong or revoked token is a 404 (the link leaks nothing). */
    async vendorFeed(vendorId: string, token: string): Promise<string> {
      const stored = await store.calendarToken(vendorId);
      const offered = createHash('sha256').update(token).digest();
      if (!stored || !timingSafeEqual(Buffer.from(stored.tokenHash, 'hex'), offered)) throw problems.notFound();
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

/** `booking.<id>.<reminder>`: within Scheduler's 64 characters, and the same name replaces it. */
export const reminderName = (bookingId: string, reminder: string) => `booking.${bookingId}.${reminder}`;

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

export type BookingService = ReturnType<typeof bookingService>;

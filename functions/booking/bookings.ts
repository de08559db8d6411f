import type { Caller } from '#shared/auth/caller.ts';
import { refuse } from '#shared/lib/refusal.ts';
import { publicName } from '#shared/lib/display-name.ts';
import { newId } from '#shared/lib/ids.ts';
import { retryOnConflict } from '#shared/lib/retry-on-conflict.ts';
import type { Schedule } from '#shared/lib/opening-hours.ts';
import { WriteConflict } from '#shared/table/write-conflict.ts';
import {
  HOLD_MINUTES,
  MAX_UNPAID_HOLDS,
  type Booking,
  type BookingPorts,
  type PaymentProvider,
  type PetAgenda,
  type UnpaidHolds,
  type Write,
} from './model.ts';
import { isBookableStart } from './slots.ts';
import { RETRY, bookingAccess, bookingRules, minutes, ref, rulesOf, type AccessPorts } from './booking-rules.ts';

export interface BookInput {
  vendorId: string;
  serviceId: string;
  petId: string;
  start: string;
  notes?: string | undefined;
  provider?: PaymentProvider | undefined;
}

/** …plus the caller's pets, and the names reviewers chose (users domain). */
export type BookingsPorts = AccessPorts & Pick<BookingPorts, 'pet' | 'reviewerName'>;

/**
 * The customer's booking: book (a hold that never over-books), see it and their list, cancel and
 * reschedule by the vendor's policy (the vendor's staff may too), and review it once completed.
 */
export function bookingsService(ports: BookingsPorts) {
  const { store, now, event, bookableListing, releaseWrites, transition } = bookingRules(ports);
  const { visible } = bookingAccess(ports);

  return {
    /**
     * Takes the slot: one transaction on the slot counter (capacity in its condition), the booking,
     * the pet's agenda (no overlapping bookings) and the customer's unpaid holds (the limit), with
     * booking.held — which starts the saga. A full slot is a 409 at once; races on the pet's or the
     * customer's item are read again.
     */
    async book(caller: Caller, input: BookInput): Promise<Booking> {
      const listing = await bookableListing(input.vendorId);
      const service = listing.services.find((candidate) => candidate.serviceId === input.serviceId);
      if (!service) throw refuse.notFound();
      const pet = await ports.pet(caller.auth.userId, input.petId);
      if (!pet) throw refuse.notFound();
      if (!service.species.includes(pet.species)) throw refuse.unprocessable('species-not-served');
      const start = new Date(input.start);
      if (!isBookableStart(listing.schedule as Schedule, rulesOf(listing, service), start, now()))
        throw refuse.unprocessable('slot-not-offered');
      const startIso = start.toISOString();
      const end = new Date(start.getTime() + minutes(service.durationMin)).toISOString();
      const bookingId = newId();

      return retryOnConflict(RETRY, async () => {
        const at = now();
        const agenda = await store.petAgenda(pet.petId);
        if (agenda?.active.some((entry) => entry.start < end && startIso < entry.end))
          throw refuse.conflict('pet-busy');
        const holds = service.prepay ? await store.unpaidHolds(caller.auth.userId) : undefined;
        if (service.prepay && (holds?.bookingIds.length ?? 0) >= MAX_UNPAID_HOLDS)
          throw refuse.conflict('too-many-unpaid', { limit: MAX_UNPAID_HOLDS });
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
          if (error instanceof WriteConflict && error.failed.includes('slot')) throw refuse.conflict('slot-full');
          throw error;
        }
        return booking;
      });
    },

    get: async (caller: Caller, bookingId: string) => (await visible(caller, bookingId)).booking,

    mine: (caller: Caller, limit: number, cursor?: string) => store.customerBookings(caller.auth.userId, limit, cursor),

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
          throw refuse.conflict('past-cutoff', { cancelCutoffHours: cutoffHours });
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
      if (!result.changed) throw refuse.conflict('booking-state', { state: result.booking.status });
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
      if (!service) throw refuse.conflict('booking-state', { state: current.status });
      const start = new Date(newStart);
      if (!isBookableStart(listing.schedule as Schedule, rulesOf(listing, service), start, now()))
        throw refuse.unprocessable('slot-not-offered');
      const startIso = start.toISOString();
      const end = new Date(start.getTime() + minutes(service.durationMin)).toISOString();
      const cutoffHours = listing.bookingPolicy.cancelCutoffHours;
      const result = await transition(bookingId, ['held', 'pending_payment', 'confirmed'], async (booking) => {
        if (booking.start === startIso) return 'skip';
        if (as === 'customer' && now().getTime() > Date.parse(booking.start) - cutoffHours * 3_600_000)
          throw refuse.conflict('past-cutoff', { cancelCutoffHours: cutoffHours });
        const agenda = await store.petAgenda(booking.petId);
        const others = (agenda?.active ?? []).filter((entry) => entry.bookingId !== bookingId);
        if (others.some((entry) => entry.start < end && startIso < entry.end)) throw refuse.conflict('pet-busy');
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
        if (error instanceof WriteConflict && error.failed.includes('slot')) throw refuse.conflict('slot-full');
        throw error;
      });
      if (!result.changed && result.booking.start !== startIso)
        throw refuse.conflict('booking-state', { state: result.booking.status });
      return result.booking;
    },

    /** The owner of a completed booking reviews it once; vendors keep the aggregate from review.submitted. */
    async review(
      caller: Caller,
      bookingId: string,
      input: { rating: number; comment: string },
    ): Promise<{ reviewId: string; rating: number; comment: string; createdAt: string }> {
      const { as } = await visible(caller, bookingId);
      if (as !== 'customer') throw refuse.notFound();
      const reviewId = newId();
      const at = now().toISOString();
      // Signed with the name the customer chose ("Budi S."), never their account id (none: "PetPro customer").
      const displayName = publicName(await ports.reviewerName?.(caller.auth.userId));
      const result = await transition(bookingId, ['completed'], async (booking) => {
        if (booking.reviewed) throw refuse.conflict('already-reviewed');
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
          throw refuse.conflict('already-reviewed');
        throw error;
      });
      if (!result.changed) throw refuse.conflict('booking-state', { state: result.booking.status });
      return { reviewId, rating: input.rating, comment: input.comment, createdAt: at };
    },
  };
}

export type BookingsService = ReturnType<typeof bookingsService>;

import { refuse } from '#shared/lib/refusal.ts';
import type { Schedule } from '#shared/lib/opening-hours.ts';
import type { VendorListing } from './model.ts';
import { generateSlots } from './slots.ts';
import { bookingRules, rulesOf, type RecordPorts } from './booking-rules.ts';

/** Longest slots window one request may ask for. */
export const MAX_SLOT_WINDOW_DAYS = 31;

/**
 * Vendors' listings as booking keeps them (from vendor.listing_updated: services, hours, policy),
 * and the slots a service offers on them with what remains of each slot's capacity.
 */
export function listingsService(ports: RecordPorts) {
  const { store, now, bookableListing } = bookingRules(ports);

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
      if (!service) throw refuse.notFound();
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
  };
}

export type ListingsService = ReturnType<typeof listingsService>;

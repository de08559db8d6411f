import type { EventData, EventEnvelope } from '#shared/events/catalog.ts';
import type { BookingPolicy } from '#shared/lib/booking-policy.ts';
import type { Species } from '#shared/lib/pet-care.ts';
import type { OneTimeSchedules } from '#shared/scheduling/port.ts';

/**
 * The booking domain's records and ports. No AWS imports.
 *
 *   held ─(prepay: the saga opened the payment page)→ pending_payment ─(paid)→ confirmed
 *   held ─(no prepayment)→ confirmed → checked_in → completed
 *   confirmed ─(after the start, nobody came)→ no_show
 *   held / pending_payment ─(payment failed, expired, hold timed out)→ expired
 *   held / pending_payment / confirmed ─(customer before the cutoff, vendor any time)→ cancelled
 */
export const BOOKING_STATUSES = [
  'held',
  'pending_payment',
  'confirmed',
  'checked_in',
  'completed',
  'cancelled',
  'no_show',
  'expired',
] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];

/** Statuses that occupy the slot (and the pet's time). */
export const ACTIVE_STATUSES: ReadonlySet<BookingStatus> = new Set([
  'held',
  'pending_payment',
  'confirmed',
  'checked_in',
]);
/** Statuses awaiting the customer's payment (they count against the unpaid-hold limit). */
export const UNPAID_STATUSES: ReadonlySet<BookingStatus> = new Set(['held', 'pending_payment']);

/** How long a prepaid booking holds its slot while the customer pays (also the payment's expiry and the saga's wait). */
export const HOLD_MINUTES = 15;
/** Prepaid bookings a customer may hold unpaid at once. */
export const MAX_UNPAID_HOLDS = 3;
/** Reminders before an appointment (booking.reminder_due), by name and lead. */
export const REMINDERS = [
  { reminder: 'day_before', beforeMs: 24 * 3_600_000 },
  { reminder: 'two_hours', beforeMs: 2 * 3_600_000 },
] as const;

export type PaymentProvider = 'midtrans' | 'xendit';

export interface Booking {
  bookingId: string;
  vendorId: string;
  vendorName: string;
  vendorKind: 'clinic' | 'groomer' | 'shop';
  serviceId: string;
  serviceName: string;
  petId: string;
  petName: string;
  customerId: string;
  /** The customer's username (email or +62 phone): the payment page and the vendor's calendar show it. */
  customerContact: string;
  /** ISO instants (UTC). */
  start: string;
  end: string;
  timeZone: string;
  status: BookingStatus;
  prepay: boolean;
  /** Integer rupiah. */
  amount: number;
  provider: PaymentProvider;
  /** Prepaid bookings: when the hold ends if unpaid. */
  holdExpiresAt: string | null;
  /** The payment the saga opened (prepaid bookings). */
  payment: { paymentId: string; redirectUrl: string | null; expiresAt: string } | null;
  notes: string | null;
  cancelledBy: 'customer' | 'vendor' | 'system' | null;
  /** Why it ended: expired (payment failed / expired / hold timed out), cancelled (reason given). */
  endReason: string | null;
  refundAmount: number;
  reviewed: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** What booking keeps of a vendor's listing (from vendor.listing_updated; the newest listing wins). */
export type VendorListing = EventData<'vendor.listing_updated'>;
export type ListedService = VendorListing['services'][number];

/** The per-slot counter: how many pets the slot already has (never above the service's capacity). */
export interface SlotCounter {
  vendorId: string;
  serviceId: string;
  start: string;
  taken: number;
}

/** One item per pet with its active bookings: every change to it is conditioned on its version, so overlaps cannot slip in. */
export interface PetAgenda {
  petId: string;
  active: { bookingId: string; start: string; end: string }[];
  version: number;
}

/** One item per customer with the prepaid bookings still unpaid (the hold limit), conditioned on its version. */
export interface UnpaidHolds {
  customerId: string;
  bookingIds: string[];
  version: number;
}

export interface BookingReview {
  bookingId: string;
  reviewId: string;
  vendorId: string;
  authorId: string;
  rating: number;
  comment: string;
  createdAt: string;
}

/** The vendor's secret calendar link: only the hash is stored; a new one replaces (revokes) the old. */
export interface CalendarToken {
  vendorId: string;
  tokenHash: string;
  createdBy: string;
  createdAt: string;
}

/** One change to the table, committed with others and the events in one transaction. */
export type Write =
  | { type: 'booking'; item: Booking; expectedVersion: number | null }
  | { type: 'takeSlot'; counter: Omit<SlotCounter, 'taken'>; capacity: number }
  | { type: 'releaseSlot'; counter: Omit<SlotCounter, 'taken'> }
  | { type: 'petAgenda'; item: PetAgenda; expectedVersion: number | null }
  | { type: 'unpaidHolds'; item: UnpaidHolds; expectedVersion: number | null }
  | { type: 'review'; item: BookingReview };

export interface BookingStore {
  getBooking(bookingId: string): Promise<Booking | undefined>;
  listing(vendorId: string): Promise<VendorListing | undefined>;
  /** Keeps the listing unless a newer listingVersion is already stored. */
  saveListing(listing: VendorListing): Promise<'saved' | 'stale'>;
  counters(vendorId: string, serviceId: string, from: string, to: string): Promise<SlotCounter[]>;
  petAgenda(petId: string): Promise<PetAgenda | undefined>;
  unpaidHolds(customerId: string): Promise<UnpaidHolds | undefined>;
  customerBookings(
    customerId: string,
    limit: number,
    cursor?: string,
  ): Promise<{ items: Booking[]; nextCursor: string | null }>;
  /** Bookings of a vendor starting in [from, to), in start order. */
  vendorBookings(vendorId: string, from: string, to: string): Promise<Booking[]>;
  /** Prepaid holds whose hold ended before `before` and are still unpaid (the sweeper's work). */
  staleHolds(before: string, limit: number): Promise<Booking[]>;
  calendarToken(vendorId: string): Promise<CalendarToken | undefined>;
  saveCalendarToken(token: CalendarToken | { vendorId: string; revoked: true }): Promise<void>;
  /**
   * All or nothing, with the events. A failed condition throws WriteConflict naming what failed:
   * 'slot' (the slot is full), 'booking', 'petAgenda', 'unpaidHolds', 'review'.
   */
  commit(writes: Write[], events: EventEnvelope[]): Promise<void>;
}

/** What booking asks other parts of the platform. */
export interface BookingPorts {
  store: BookingStore;
  /** The caller's pet (undefined when they have none with that id). */
  pet(userId: string, petId: string): Promise<{ petId: string; name: string; species: Species } | undefined>;
  /** The caller's role at the vendor (undefined: not its staff). */
  staffRole(vendorId: string, userId: string): Promise<'clinic_staff' | 'clinic_admin' | undefined>;
  /** The name the user chose for their profile (users domain, shared key), which signs their reviews shortened. */
  reviewerName?(userId: string): Promise<string | undefined>;
  /** One-time schedules for the reminders (booking.reminder_due at a given time). */
  schedules?: OneTimeSchedules;
  now?: () => Date;
}

export type { BookingPolicy };

/**
 * A vendor's booking rules (set by its admins, carried in the listing event to booking).
 * Defaults: bookings at least an hour ahead, up to 60 days ahead, free cancellation until 24 h before.
 */
export interface BookingPolicy {
  /** No booking starting sooner than this many minutes from now. */
  leadTimeMin: number;
  /** No booking starting this many days or more from now. */
  horizonDays: number;
  /** A customer cancelling at least this many hours before the start gets a full refund; later, none. */
  cancelCutoffHours: number;
}

export const DEFAULT_BOOKING_POLICY: Readonly<BookingPolicy> = {
  leadTimeMin: 60,
  horizonDays: 60,
  cancelCutoffHours: 24,
};

import { isClinicTimeZone, type ClinicTimeZone, type operations } from '@petpro/api-client';

/** A booking as the API shows it to its customer (getBooking, myBookings, create, cancel, reschedule). */
export type Booking = operations['getBooking']['responses'][200]['content']['application/json'];
export type BookingStatus = Booking['status'];
/** One of the customer's pets (listPets). */
export type Pet = operations['listPets']['responses'][200]['content']['application/json']['items'][number];
/** One slot as the API offers it, with what remains of its capacity. */
export type ApiSlot = operations['slots']['responses'][200]['content']['application/json']['items'][number];
export type BookInput = operations['createBooking']['requestBody']['content']['application/json'];

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
export interface OpeningRange {
  open: string;
  close: string;
}

/** A clinic's hours in its own zone: weekly ranges, and dated exceptions (closed, or other hours). */
export interface ClinicSchedule {
  timeZone: ClinicTimeZone;
  weekly: Partial<Record<Weekday, readonly OpeningRange[]>>;
  exceptions: readonly { date: string; closed?: boolean; hours?: readonly OpeningRange[] }[];
}

export interface ClinicService {
  serviceId: string;
  name: string;
  species: readonly string[];
  durationMin: number;
  bufferMin: number;
  /** Whole rupiah. */
  price: number;
  /** Paid when booking (the booking is held until paid), else paid at the clinic. */
  prepay: boolean;
  capacity: number;
}

/** What booking needs of a clinic's public profile (getClinic). */
export interface ClinicProfile {
  vendorId: string;
  name: string;
  address: string;
  schedule: ClinicSchedule;
  services: readonly ClinicService[];
}

/** Statuses a booking can still change from (cancel, reschedule). */
const ACTIVE: ReadonlySet<BookingStatus> = new Set(['held', 'pending_payment', 'confirmed']);
/** Statuses that still lie ahead of the customer while their time has not passed. */
const AHEAD: ReadonlySet<BookingStatus> = new Set(['held', 'pending_payment', 'confirmed', 'checked_in']);

/** Held or waiting for its payment: the detail screen follows it until it settles. */
export function isAwaitingPayment(booking: Pick<Booking, 'status'>): boolean {
  return booking.status === 'held' || booking.status === 'pending_payment';
}

export const canCancel = (booking: Pick<Booking, 'status'>) => ACTIVE.has(booking.status);
export const canReschedule = (booking: Pick<Booking, 'status'>) => ACTIVE.has(booking.status);
export const canReview = (booking: Pick<Booking, 'status' | 'reviewed'>) =>
  booking.status === 'completed' && !booking.reviewed;

/** Upcoming: still active (or checked in) and not over yet. */
export function isUpcoming(booking: Pick<Booking, 'status' | 'end'>, now: Date): boolean {
  return AHEAD.has(booking.status) && Date.parse(booking.end) > now.getTime();
}

/** Upcoming soonest first; past latest first. */
export function splitBookings(bookings: readonly Booking[], now: Date): { upcoming: Booking[]; past: Booking[] } {
  const upcoming = bookings.filter((booking) => isUpcoming(booking, now));
  const past = bookings.filter((booking) => !isUpcoming(booking, now));
  upcoming.sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
  past.sort((a, b) => Date.parse(b.start) - Date.parse(a.start));
  return { upcoming, past };
}

/**
 * What cancelling gives back, by the API's rule (cancelBooking): a paid booking (confirmed, prepaid,
 * with a payment) is refunded in full until the clinic's cutoff — after it the API refuses the
 * customer (409 past-cutoff) — and an unpaid one has nothing to refund.
 */
export type RefundPreview = { kind: 'full'; amount: number } | { kind: 'nothing-paid' };

export function refundPreview(booking: Pick<Booking, 'status' | 'prepay' | 'payment' | 'amount'>): RefundPreview {
  const paid = booking.status === 'confirmed' && booking.prepay && booking.payment !== null;
  return paid ? { kind: 'full', amount: booking.amount.amount } : { kind: 'nothing-paid' };
}

/** The clinic's zone, or WIB when the API names one outside Indonesia (never expected). */
export function clinicZone(zone: string): ClinicTimeZone {
  return isClinicTimeZone(zone) ? zone : 'Asia/Jakarta';
}

// ------------------------------------------------------------------ reading getClinic

const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
const text = (value: unknown, fallback = '') => (typeof value === 'string' ? value : fallback);
const count = (value: unknown, fallback: number) =>
  typeof value === 'number' && Number.isFinite(value) ? value : fallback;

function ranges(value: unknown): OpeningRange[] {
  if (!Array.isArray(value)) return [];
  return value.filter(isRecord).map((range) => ({ open: text(range['open']), close: text(range['close']) }));
}

function service(value: unknown): ClinicService | undefined {
  if (!isRecord(value) || typeof value['serviceId'] !== 'string') return undefined;
  const price = isRecord(value['price']) ? count(value['price']['amount'], 0) : 0;
  return {
    serviceId: value['serviceId'],
    name: text(value['name']),
    species: Array.isArray(value['species']) ? value['species'].filter((s) => typeof s === 'string') : [],
    durationMin: count(value['durationMin'], 30),
    bufferMin: count(value['bufferMin'], 0),
    price,
    prepay: value['prepay'] === true,
    capacity: count(value['capacity'], 1),
  };
}

/** `Jl. Kemang Raya, Jakarta`, without naming the city twice when the address already ends with it. */
function withCity(address: string, city: string): string {
  if (!city || address.toLowerCase().endsWith(city.toLowerCase())) return address;
  return address ? `${address}, ${city}` : city;
}

/**
 * The clinic profile getClinic answers. The OpenAPI document gives that answer no schema, so it is read
 * defensively here: a profile without an id, a name or services is refused (the screen shows
 * "something went wrong"); missing hours only cost the crossed-out past slots.
 */
export function parseClinicProfile(data: unknown): ClinicProfile {
  if (!isRecord(data) || typeof data['vendorId'] !== 'string' || typeof data['name'] !== 'string')
    throw new TypeError('not a clinic profile');
  if (!Array.isArray(data['services'])) throw new TypeError('a clinic profile without services');
  const schedule = isRecord(data['schedule']) ? data['schedule'] : {};
  const weeklyIn = isRecord(schedule['weekly']) ? schedule['weekly'] : {};
  const weekly: Partial<Record<Weekday, OpeningRange[]>> = {};
  for (const day of WEEKDAYS) weekly[day] = ranges(weeklyIn[day]);
  const exceptions = Array.isArray(schedule['exceptions'])
    ? schedule['exceptions'].filter(isRecord).map((exception) => ({
        date: text(exception['date']),
        closed: exception['closed'] === true,
        ...(Array.isArray(exception['hours']) ? { hours: ranges(exception['hours']) } : {}),
      }))
    : [];
  return {
    vendorId: data['vendorId'],
    name: data['name'],
    address: withCity(text(data['address']), text(data['city'])),
    schedule: { timeZone: clinicZone(text(schedule['timeZone'], 'Asia/Jakarta')), weekly, exceptions },
    services: data['services'].map(service).filter((s): s is ClinicService => s !== undefined),
  };
}

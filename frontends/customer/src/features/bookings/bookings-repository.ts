import { OfflineError, type ApiClient } from '@petpro/api-client';
import type { Cached, OfflineCache } from '../../data/offline-cache';
import {
  parseClinicProfile,
  type ApiSlot,
  type Booking,
  type BookInput,
  type ClinicProfile,
  type Pet,
} from './booking-model';

/** The customer's bookings and what booking needs, over the API. Throws ApiProblem or OfflineError. */
export interface BookingsRepository {
  clinic(vendorId: string): Promise<ClinicProfile>;
  /** The API's slots of a service starting in [from, to) (ISO instants). */
  slots(vendorId: string, serviceId: string, from: string, to: string): Promise<ApiSlot[]>;
  pets(): Promise<Pet[]>;
  /** `idempotencyKey`: the same for retries of one attempt, so a retry never books twice. */
  book(input: BookInput, idempotencyKey: string): Promise<Booking>;
  /** Read through the offline cache: offline, the copy last seen (or the one in the kept list). */
  booking(bookingId: string): Promise<Cached<Booking>>;
  myBookings(): Promise<Cached<Booking[]>>;
  cancel(bookingId: string, reason: string): Promise<Booking>;
  reschedule(bookingId: string, start: string): Promise<Booking>;
  review(bookingId: string, rating: number, comment: string): Promise<void>;
  /** The booking as an iCalendar file's text. */
  calendar(bookingId: string): Promise<string>;
}

/** Keys in the offline cache (cleared on sign-out, so one device's next customer sees none of it). */
export const BOOKINGS_KEY = 'bookings.list';
export const bookingKey = (bookingId: string) => `bookings.booking.${bookingId}`;

/** A customer has few bookings; a safety bound on following `nextCursor`. */
const MAX_PAGES = 10;

export class ApiBookingsRepository implements BookingsRepository {
  readonly #api: ApiClient;
  readonly #cache: OfflineCache;

  constructor(api: ApiClient, cache: OfflineCache) {
    this.#api = api;
    this.#cache = cache;
  }

  async clinic(vendorId: string): Promise<ClinicProfile> {
    // getClinic's answer has no schema in the OpenAPI document: read as unknown, checked by the parser.
    const data: unknown = await this.#api.unwrap(
      this.#api.GET('/v1/clinics/{vendorId}', { params: { path: { vendorId } }, parseAs: 'json' }),
    );
    return parseClinicProfile(data);
  }

  async slots(vendorId: string, serviceId: string, from: string, to: string): Promise<ApiSlot[]> {
    const page = await this.#api.unwrap(
      this.#api.GET('/v1/clinics/{vendorId}/services/{serviceId}/slots', {
        params: { path: { vendorId, serviceId }, query: { from, to } },
      }),
    );
    return page.items;
  }

  async pets(): Promise<Pet[]> {
    const page = await this.#api.unwrap(this.#api.GET('/v1/me/pets', { params: { query: { limit: 100 } } }));
    return page.items;
  }

  async book(input: BookInput, idempotencyKey: string): Promise<Booking> {
    const booking = await this.#api.unwrap(
      this.#api.POST('/v1/bookings', { body: input, params: { header: { 'Idempotency-Key': idempotencyKey } } }),
    );
    await this.#keep(booking);
    return booking;
  }

  async booking(bookingId: string): Promise<Cached<Booking>> {
    try {
      return await this.#cache.read(bookingKey(bookingId), () =>
        this.#api.unwrap(this.#api.GET('/v1/bookings/{bookingId}', { params: { path: { bookingId } } })),
      );
    } catch (error) {
      if (!(error instanceof OfflineError)) throw error;
      // Never opened on this device: the list kept offline may still hold it.
      const list = await this.#cache
        .read<Booking[]>(BOOKINGS_KEY, () => Promise.reject(error))
        .catch(() => {
          throw error;
        });
      const booking = list.value.find((candidate) => candidate.bookingId === bookingId);
      if (!booking) throw error;
      return { value: booking, updatedAt: list.updatedAt, fromCache: true };
    }
  }

  myBookings(): Promise<Cached<Booking[]>> {
    return this.#cache.read(BOOKINGS_KEY, async () => {
      const bookings: Booking[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < MAX_PAGES; page += 1) {
        const answer = await this.#api.unwrap(
          this.#api.GET('/v1/me/bookings', { params: { query: { limit: 100, ...(cursor ? { cursor } : {}) } } }),
        );
        bookings.push(...answer.items);
        if (!answer.nextCursor) break;
        cursor = answer.nextCursor;
      }
      return bookings;
    });
  }

  async cancel(bookingId: string, reason: string): Promise<Booking> {
    const booking = await this.#api.unwrap(
      this.#api.POST('/v1/bookings/{bookingId}/cancel', {
        params: { path: { bookingId } },
        body: reason ? { reason } : {},
      }),
    );
    await this.#keep(booking);
    return booking;
  }

  async reschedule(bookingId: string, start: string): Promise<Booking> {
    const booking = await this.#api.unwrap(
      this.#api.POST('/v1/bookings/{bookingId}/reschedule', { params: { path: { bookingId } }, body: { start } }),
    );
    await this.#keep(booking);
    return booking;
  }

  async review(bookingId: string, rating: number, comment: string): Promise<void> {
    await this.#api.unwrap(
      this.#api.POST('/v1/bookings/{bookingId}/review', {
        params: { path: { bookingId } },
        body: comment ? { rating, comment } : { rating },
      }),
    );
  }

  async calendar(bookingId: string): Promise<string> {
    const text: unknown = await this.#api.unwrap(
      this.#api.GET('/v1/bookings/{bookingId}/calendar.ics', { params: { path: { bookingId } }, parseAs: 'text' }),
    );
    if (typeof text !== 'string') throw new TypeError('calendar answer is not text');
    return text;
  }

  /** What a write answered becomes the booking's kept copy (offline, the detail shows the latest). */
  async #keep(booking: Booking): Promise<void> {
    await this.#cache.read(bookingKey(booking.bookingId), () => Promise.resolve(booking));
  }
}

import { ApiProblem } from '@petpro/api-client';
import type { Cached } from '../../data/offline-cache';
import type { ApiSlot, Booking, BookInput, ClinicProfile, ClinicService, Pet } from './booking-model';
import type { BookingsRepository } from './bookings-repository';

/** Test data and a scripted BookingsRepository (no API): each method answers its queue, else a default. */

export const NOW = new Date('2026-12-07T03:30:00.000Z'); // Monday 10.30 WIB

export const consultation: ClinicService = {
  serviceId: 'svc-consult',
  name: 'Konsultasi Dokter Hewan',
  species: ['dog', 'cat'],
  durationMin: 30,
  bufferMin: 10,
  price: 175_000,
  prepay: false,
  capacity: 1,
};

export const sterilisation: ClinicService = {
  serviceId: 'svc-steril',
  name: 'Sterilisasi Kucing Jantan',
  species: ['cat'],
  durationMin: 60,
  bufferMin: 30,
  price: 855_000,
  prepay: true,
  capacity: 1,
};

export const clinic: ClinicProfile = {
  vendorId: 'v-kemang',
  name: 'Klinik Hewan Satwa Sehat Kemang',
  address: 'Jl. Kemang Raya No. 228, Jakarta',
  schedule: {
    timeZone: 'Asia/Jakarta',
    weekly: {
      mon: [
        { open: '09:00', close: '12:00' },
        { open: '13:00', close: '21:00' },
      ],
      tue: [{ open: '09:00', close: '12:00' }],
    },
    exceptions: [],
  },
  services: [consultation, sterilisation],
};

export function pet(overrides: Partial<Pet> = {}): Pet {
  return {
    petId: 'pet-mochi',
    name: 'Mochi',
    species: 'cat',
    breed: null,
    sex: 'male',
    birthDate: null,
    weightKg: null,
    notes: null,
    photoUrl: null,
    version: 1,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    _links: {},
    ...overrides,
  };
}

export function booking(overrides: Partial<Booking> = {}): Booking {
  return {
    bookingId: 'b-1',
    status: 'confirmed',
    vendorId: clinic.vendorId,
    vendorName: clinic.name,
    serviceId: sterilisation.serviceId,
    serviceName: sterilisation.name,
    petId: 'pet-mochi',
    petName: 'Mochi',
    start: '2026-12-09T02:00:00.000Z',
    end: '2026-12-09T03:00:00.000Z',
    timeZone: 'Asia/Jakarta',
    amount: { amount: 855_000, currency: 'IDR' },
    prepay: true,
    holdExpiresAt: null,
    payment: {
      paymentId: 'pay-1',
      redirectUrl: 'http://localhost:3000/sandbox/pay/pay-1',
      expiresAt: NOW.toISOString(),
    },
    notes: null,
    cancelledBy: null,
    endReason: null,
    refundAmount: { amount: 0, currency: 'IDR' },
    reviewed: false,
    createdAt: NOW.toISOString(),
    updatedAt: NOW.toISOString(),
    _links: {},
    ...overrides,
  };
}

/** A slot the API offers (`available` places left of 1). */
export const offered = (start: string, minutes: number, available = 1): ApiSlot => ({
  start,
  end: new Date(Date.parse(start) + minutes * 60_000).toISOString(),
  available,
  capacity: 1,
});

export function problem(status: number, code: string, title: string, extensions: Record<string, unknown> = {}) {
  return new ApiProblem({ status, type: `https://petpro.id/problems/${code}`, title, detail: title, extensions });
}

type Answer<T> = T | Error;

export class FakeBookingsRepository implements BookingsRepository {
  clinicAnswers: Answer<ClinicProfile>[] = [];
  slotAnswers: Answer<ApiSlot[]>[] = [];
  petAnswers: Answer<Pet[]>[] = [];
  bookAnswers: Answer<Booking>[] = [];
  bookingAnswers: Answer<Cached<Booking>>[] = [];
  listAnswers: Answer<Cached<Booking[]>>[] = [];
  cancelAnswers: Answer<Booking>[] = [];
  rescheduleAnswers: Answer<Booking>[] = [];
  reviewAnswers: Answer<void>[] = [];
  calendarAnswers: Answer<string>[] = [];

  readonly calls: { method: string; args: unknown[] }[] = [];

  /** The calls of one method, their arguments. */
  callsOf(method: keyof BookingsRepository): unknown[][] {
    return this.calls.filter((call) => call.method === method).map((call) => call.args);
  }

  #next<T>(method: string, args: unknown[], queue: Answer<T>[], fallback: () => T): Promise<T> {
    this.calls.push({ method, args });
    const answer = queue.length > 0 ? queue.shift()! : fallback();
    return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
  }

  clinic(vendorId: string) {
    return this.#next('clinic', [vendorId], this.clinicAnswers, () => clinic);
  }
  slots(vendorId: string, serviceId: string, from: string, to: string) {
    return this.#next('slots', [vendorId, serviceId, from, to], this.slotAnswers, () => []);
  }
  pets() {
    return this.#next('pets', [], this.petAnswers, () => [pet()]);
  }
  book(input: BookInput, key: string) {
    return this.#next('book', [input, key], this.bookAnswers, () => booking({ start: input.start }));
  }
  booking(bookingId: string) {
    return this.#next('booking', [bookingId], this.bookingAnswers, () => fresh(booking({ bookingId })));
  }
  myBookings() {
    return this.#next('myBookings', [], this.listAnswers, () => fresh([]));
  }
  cancel(bookingId: string, reason: string) {
    return this.#next('cancel', [bookingId, reason], this.cancelAnswers, () =>
      booking({ bookingId, status: 'cancelled', cancelledBy: 'customer', endReason: reason }),
    );
  }
  reschedule(bookingId: string, start: string) {
    return this.#next('reschedule', [bookingId, start], this.rescheduleAnswers, () => booking({ bookingId, start }));
  }
  review(bookingId: string, rating: number, comment: string) {
    return this.#next('review', [bookingId, rating, comment], this.reviewAnswers, () => undefined);
  }
  calendar(bookingId: string) {
    return this.#next('calendar', [bookingId], this.calendarAnswers, () => 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n');
  }
}

export const fresh = <T>(value: T, updatedAt = NOW.toISOString()): Cached<T> => ({
  value,
  updatedAt,
  fromCache: false,
});
export const kept = <T>(value: T, updatedAt = NOW.toISOString()): Cached<T> => ({ value, updatedAt, fromCache: true });

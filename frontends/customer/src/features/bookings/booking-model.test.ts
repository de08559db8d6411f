import { describe, expect, it } from 'vitest';
import { canCancel, canReview, parseClinicProfile, refundPreview, splitBookings } from './booking-model';
import { booking, NOW } from './fake-bookings-repository';

describe('booking rules as the app reads them', () => {
  it('refunds a paid booking in full, and says nothing was paid otherwise', () => {
    expect(refundPreview(booking())).toEqual({ kind: 'full', amount: 855_000 });
    expect(refundPreview(booking({ status: 'pending_payment' }))).toEqual({ kind: 'nothing-paid' });
    expect(refundPreview(booking({ prepay: false, payment: null }))).toEqual({ kind: 'nothing-paid' });
    expect(refundPreview(booking({ payment: null }))).toEqual({ kind: 'nothing-paid' });
  });

  it('lets active bookings be cancelled and completed, unreviewed ones be reviewed', () => {
    expect(canCancel(booking({ status: 'held' }))).toBe(true);
    expect(canCancel(booking({ status: 'checked_in' }))).toBe(false);
    expect(canCancel(booking({ status: 'cancelled' }))).toBe(false);
    expect(canReview(booking({ status: 'completed' }))).toBe(true);
    expect(canReview(booking({ status: 'completed', reviewed: true }))).toBe(false);
    expect(canReview(booking({ status: 'confirmed' }))).toBe(false);
  });

  it('splits upcoming (soonest first) from past (latest first)', () => {
    const later = booking({ bookingId: 'later', start: '2026-12-10T02:00:00.000Z', end: '2026-12-10T03:00:00.000Z' });
    const sooner = booking({ bookingId: 'sooner', start: '2026-12-08T02:00:00.000Z', end: '2026-12-08T03:00:00.000Z' });
    const over = booking({ bookingId: 'over', start: '2026-12-01T02:00:00.000Z', end: '2026-12-01T03:00:00.000Z' });
    const cancelled = booking({ bookingId: 'cancelled', status: 'cancelled' });
    const { upcoming, past } = splitBookings([over, later, cancelled, sooner], NOW);
    expect(upcoming.map((b) => b.bookingId)).toEqual(['sooner', 'later']);
    expect(past.map((b) => b.bookingId)).toEqual(['cancelled', 'over']);
  });

  it("reads getClinic's answer, and refuses what is not a clinic", () => {
    const profile = parseClinicProfile({
      vendorId: 'v1',
      name: 'Klinik',
      address: 'Jl. Kemang',
      city: 'Jakarta',
      schedule: { timeZone: 'Asia/Makassar', weekly: { mon: [{ open: '09:00', close: '12:00' }] }, exceptions: [] },
      services: [
        {
          serviceId: 's1',
          name: 'Vaksin',
          species: ['cat'],
          durationMin: 15,
          bufferMin: 5,
          price: { amount: 175000, currency: 'IDR' },
          prepay: true,
          capacity: 2,
        },
        { name: 'no id' },
      ],
    });
    expect(profile.address).toBe('Jl. Kemang, Jakarta');
    expect(profile.schedule.timeZone).toBe('Asia/Makassar');
    expect(profile.schedule.weekly.mon).toEqual([{ open: '09:00', close: '12:00' }]);
    expect(profile.services).toEqual([
      {
        serviceId: 's1',
        name: 'Vaksin',
        species: ['cat'],
        durationMin: 15,
        bufferMin: 5,
        price: 175000,
        prepay: true,
        capacity: 2,
      },
    ]);
    expect(() => parseClinicProfile({ message: 'Not Found' })).toThrow(TypeError);
    const named = parseClinicProfile({
      vendorId: 'v',
      name: 'K',
      address: 'Jl. Kemang Raya, Jakarta',
      city: 'Jakarta',
      services: [],
    });
    expect(named.address).toBe('Jl. Kemang Raya, Jakarta');
  });
});

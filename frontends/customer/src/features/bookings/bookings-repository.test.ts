import { OfflineError } from '@petpro/api-client';
import { describe, expect, it } from 'vitest';
import { memoryOfflineCache } from '../../testing/memory-cache';
import { recordingApi, type SentRequest } from '../../testing/recording-api';
import { ApiBookingsRepository } from './bookings-repository';
import { booking } from './fake-bookings-repository';

/** The API behind `fetch`: answers per route as the real one does; `offline` makes fetch fail as with no network. */
function fakeApi(routes: Record<string, (seen: SentRequest) => Response>) {
  const state = { offline: false };
  const { api, sent } = recordingApi((call) => {
    if (state.offline) throw new TypeError('Failed to fetch');
    const route = routes[`${call.method} ${call.url.pathname}`];
    return route
      ? route(call)
      : Response.json({ type: 'about:blank', title: 'Not Found', status: 404 }, { status: 404 });
  });
  return { api, seen: sent, state };
}

describe('ApiBookingsRepository', () => {
  it('books with the Idempotency-Key it is given, and keeps the answer for offline reading', async () => {
    const created = booking({ bookingId: '01BOOKING', status: 'pending_payment' });
    const { api, seen, state } = fakeApi({ 'POST /v1/bookings': () => Response.json(created, { status: 201 }) });
    const repository = new ApiBookingsRepository(api, memoryOfflineCache());
    const input = { vendorId: 'V', serviceId: 'S', petId: 'P', start: '2026-12-09T02:00:00.000Z' };
    expect(await repository.book(input, 'key-123')).toEqual(created);
    expect(seen[0]?.headers.get('Idempotency-Key')).toBe('key-123');
    expect(seen[0]?.body).toEqual(input);

    state.offline = true;
    expect(await repository.booking('01BOOKING')).toMatchObject({ value: created, fromCache: true });
  });

  it("asks for a window's slots and reads the clinic's profile", async () => {
    const { api, seen } = fakeApi({
      'GET /v1/clinics/V/services/S/slots': () => Response.json({ items: [] }),
      'GET /v1/clinics/V': () =>
        Response.json({
          vendorId: 'V',
          name: 'Klinik',
          services: [],
          schedule: { timeZone: 'Asia/Jayapura', weekly: {}, exceptions: [] },
        }),
    });
    const repository = new ApiBookingsRepository(api, memoryOfflineCache());
    await repository.slots('V', 'S', '2026-12-06T17:00:00.000Z', '2026-12-20T17:00:00.000Z');
    expect(seen[0]?.url.searchParams.get('from')).toBe('2026-12-06T17:00:00.000Z');
    expect(seen[0]?.url.searchParams.get('to')).toBe('2026-12-20T17:00:00.000Z');
    expect((await repository.clinic('V')).schedule.timeZone).toBe('Asia/Jayapura');
  });

  it('follows the pages of my bookings; offline, the list and each booking in it stay readable', async () => {
    const first = booking({ bookingId: 'A' });
    const second = booking({ bookingId: 'B' });
    const { api, seen, state } = fakeApi({
      'GET /v1/me/bookings': ({ url }) =>
        url.searchParams.get('cursor') === 'page2'
          ? Response.json({ items: [second], nextCursor: null })
          : Response.json({ items: [first], nextCursor: 'page2' }),
    });
    const repository = new ApiBookingsRepository(api, memoryOfflineCache());
    const online = await repository.myBookings();
    expect(online.value.map((b) => b.bookingId)).toEqual(['A', 'B']);
    expect(online.fromCache).toBe(false);
    expect(seen).toHaveLength(2);

    state.offline = true;
    const offline = await repository.myBookings();
    expect(offline).toMatchObject({ fromCache: true, updatedAt: online.updatedAt });
    expect(offline.value).toHaveLength(2);
    // Never opened online: found in the kept list.
    expect(await repository.booking('B')).toMatchObject({ value: { bookingId: 'B' }, fromCache: true });
    await expect(repository.booking('Z')).rejects.toBeInstanceOf(OfflineError);
  });

  it('cancels with the reason, and the kept copy follows', async () => {
    const cancelled = booking({
      bookingId: 'A',
      status: 'cancelled',
      refundAmount: { amount: 855_000, currency: 'IDR' },
    });
    const { api, seen, state } = fakeApi({
      'GET /v1/bookings/A': () => Response.json(booking({ bookingId: 'A' })),
      'POST /v1/bookings/A/cancel': () => Response.json(cancelled),
    });
    const repository = new ApiBookingsRepository(api, memoryOfflineCache());
    await repository.booking('A');
    await repository.cancel('A', 'Jadwal bentrok');
    expect(seen[1]?.body).toEqual({ reason: 'Jadwal bentrok' });
    state.offline = true;
    expect((await repository.booking('A')).value.status).toBe('cancelled');
  });

  it("reads the calendar file as text, and turns the API's refusals into problems", async () => {
    const { api } = fakeApi({
      'GET /v1/bookings/A/calendar.ics': () =>
        new Response('BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n', { headers: { 'content-type': 'text/calendar' } }),
      'POST /v1/bookings/A/review': () =>
        Response.json(
          {
            type: 'https://petpro.id/problems/booking-state',
            title: 'Status pemesanan tidak memungkinkan tindakan ini.',
            status: 409,
          },
          { status: 409, headers: { 'content-type': 'application/problem+json' } },
        ),
    });
    const repository = new ApiBookingsRepository(api, memoryOfflineCache());
    expect(await repository.calendar('A')).toBe('BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n');
    await expect(repository.review('A', 5, '')).rejects.toMatchObject({ status: 409, code: 'booking-state' });
  });
});

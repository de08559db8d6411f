import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AuthContext } from '#shared/auth/access.ts';
import { OUTBOX_KEY_PREFIX } from '#shared/events/outbox.ts';
import { newId } from '#shared/lib/ids.ts';
import { dynamo } from '#shared/table/client.ts';
import { tableName } from '#shared/table/definition.ts';
import { refusalOf, useLocalDynamo } from '#local/testing.ts';
import type { OneTimeSchedules } from '#shared/scheduling/port.ts';
import type { Caller } from '#shared/auth/caller.ts';
import { bookingsService } from './bookings.ts';
import { calendarsService } from './calendars.ts';
import { listingsService } from './listings.ts';
import { HOLD_MINUTES, type BookingPorts, type VendorListing } from './model.ts';
import { remindersService, reminderName } from './reminders.ts';
import { sagaService } from './saga.ts';
import { generateSlots } from './slots.ts';
import { dynamoBookingStore } from './store.ts';
import { vendorDayService } from './vendor-day.ts';

/** Every area's use cases on the same ports, as one object (each handler builds only its own area). */
function allAreas(ports: BookingPorts & { schedules: OneTimeSchedules }) {
  return {
    ...listingsService(ports),
    ...bookingsService(ports),
    ...vendorDayService(ports),
    ...sagaService(ports),
    ...remindersService(ports),
    ...calendarsService(ports),
  };
}

/** The booking rules on the real store (DynamoDB Local) with a clock the test moves. */
let clock = new Date('2026-12-01T01:00:00Z');
const scheduled = new Map<string, { at: Date; type: string }>();
const schedules: OneTimeSchedules = {
  scheduleEvent: async (name, at, event) => void scheduled.set(name, { at, type: event.type }),
  cancel: async (name) => void scheduled.delete(name),
};
const staff = new Map<string, 'clinic_staff' | 'clinic_admin'>();
const service = allAreas({
  store: dynamoBookingStore(),
  pet: async (_userId, petId) => ({ petId, name: 'Mochi', species: 'cat' }),
  staffRole: async (vendorId, userId) => staff.get(`${vendorId}/${userId}`),
  schedules,
  now: () => clock,
});

const vendorId = newId();
const serviceId = newId();
const allDay = [{ open: '00:00', close: '24:00' }];
const listing: VendorListing = {
  vendorId,
  listingVersion: 1,
  listed: true,
  name: 'Klinik Uji',
  kind: 'clinic',
  description: null,
  address: 'Jl. Uji 1',
  city: 'Jakarta',
  province: 'DKI Jakarta',
  lat: -6.2,
  lon: 106.8,
  phone: '+6281234567890',
  rating: null,
  reviewCount: 0,
  services: [
    {
      serviceId,
      name: 'Vaksinasi',
      category: 'vaccination',
      species: ['cat'],
      durationMin: 30,
      price: { amount: 100_000, currency: 'IDR' },
      prepay: true,
      capacity: 1,
      bufferMin: 0,
    },
  ],
  schedule: {
    timeZone: 'Asia/Jakarta',
    weekly: { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay },
    exceptions: [],
  },
  bookingPolicy: { leadTimeMin: 60, horizonDays: 60, cancelCutoffHours: 24 },
  updatedAt: '2026-11-01T00:00:00Z',
};

const customer: Caller = {
  auth: { userId: newId(), username: 'sari@example.id', groups: [] } as AuthContext,
  correlationId: 'test',
};
const vet: Caller = {
  auth: { userId: newId(), username: 'vet@example.id', groups: [] } as AuthContext,
  correlationId: 'test',
};

useLocalDynamo();
beforeAll(async () => {
  await service.saveListing(listing);
  staff.set(`${vendorId}/${vet.auth.userId}`, 'clinic_staff');
}, 90_000);

const slotStarts = (daysAhead: number) =>
  generateSlots(
    listing.schedule,
    { durationMin: 30, bufferMin: 0, leadTimeMin: 60, horizonDays: 60 },
    {
      from: new Date(clock.getTime() + daysAhead * 86_400_000),
      to: new Date(clock.getTime() + (daysAhead + 1) * 86_400_000),
    },
    clock,
  ).map((slot) => slot.start);

async function eventsOf(bookingId: string): Promise<string[]> {
  const { Items = [] } = await dynamo().send(new ScanCommand({ TableName: tableName(), ConsistentRead: true }));
  return Items.filter(
    (item) =>
      String(item.pk).startsWith(OUTBOX_KEY_PREFIX) &&
      (item.event as { data: { bookingId?: string } }).data.bookingId === bookingId,
  )
    .map((item) => item.event as { type: string; id: string })
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((event) => event.type);
}

async function problemOf(promise: Promise<unknown>) {
  const problem = await refusalOf(promise);
  expect(problem).toBeDefined();
  return { status: problem!.status, key: problem!.key };
}

describe('booking rules with a moving clock', () => {
  it('no-show only once the appointment has started', async () => {
    const start = slotStarts(2)[0]!;
    const booking = await service.book(customer, { vendorId, serviceId, petId: newId(), start });
    await service.recordPayment(
      booking.bookingId,
      { paymentId: newId(), redirectUrl: 'https://pay.example', expiresAt: booking.holdExpiresAt! },
      'c',
    );
    await service.confirm(booking.bookingId, 'pay-1', 'c');
    expect(await problemOf(service.noShow(vet, booking.bookingId))).toEqual({ status: 409, key: 'too-early' });
    const saved = clock;
    clock = new Date(Date.parse(start) + 10 * 60_000);
    try {
      expect((await service.noShow(vet, booking.bookingId)).status).toBe('no_show');
    } finally {
      clock = saved;
    }
    expect(await eventsOf(booking.bookingId)).toEqual([
      'booking.held',
      'booking.payment_pending',
      'booking.confirmed',
      'booking.no_show',
    ]);
  });

  it('the sweeper releases holds long past their expiry, and only those, asking no refund (payments finds out from booking.expired)', async () => {
    const [first, second] = slotStarts(3);
    const stale = await service.book(customer, { vendorId, serviceId, petId: newId(), start: first! });
    await service.recordPayment(
      stale.bookingId,
      { paymentId: 'pay-stale', redirectUrl: 'https://pay.example/stale', expiresAt: stale.holdExpiresAt! },
      'c',
    );
    const saved = clock;
    clock = new Date(saved.getTime() + (HOLD_MINUTES + 5) * 60_000);
    const fresh = await service.book(customer, { vendorId, serviceId, petId: newId(), start: second! });
    try {
      expect(await service.sweepHolds(10)).toEqual([]);
      clock = new Date(saved.getTime() + (HOLD_MINUTES + 11) * 60_000);
      expect(await service.sweepHolds(10)).toEqual([stale.bookingId]);
      expect((await service.get(customer, stale.bookingId)).status).toBe('expired');
      expect(await eventsOf(stale.bookingId)).toEqual(['booking.held', 'booking.payment_pending', 'booking.expired']);
      expect((await service.get(customer, fresh.bookingId)).status).toBe('held');
    } finally {
      clock = saved;
      await service.release(fresh.bookingId, 'test over', 'c');
    }
  });

  it('a payment that arrives after the booking ended is refunded once (booking.refund_due), never confirms it', async () => {
    const booking = await service.book(customer, { vendorId, serviceId, petId: newId(), start: slotStarts(4)[0]! });
    await service.cancel(customer, booking.bookingId, 'berubah pikiran');
    expect(await service.confirm(booking.bookingId, 'pay-late', 'c')).toEqual({
      confirmed: false,
      status: 'cancelled',
    });
    expect(await service.confirm(booking.bookingId, 'pay-late', 'c')).toEqual({
      confirmed: false,
      status: 'cancelled',
    });
    expect(await eventsOf(booking.bookingId)).toEqual(['booking.held', 'booking.cancelled', 'booking.refund_due']);
  });

  it('reminders follow the booking: both when confirmed, moved on reschedule, none that would be late, deleted when it ends', async () => {
    const [start, later] = slotStarts(5);
    const booking = await service.book(customer, { vendorId, serviceId, petId: newId(), start: start! });
    await service.confirm(booking.bookingId, 'pay-2', 'c');
    expect(await service.scheduleReminders(booking.bookingId, 'c')).toEqual(['day_before', 'two_hours']);
    expect(scheduled.get(reminderName(booking.bookingId, 'two_hours'))?.at.toISOString()).toBe(
      new Date(Date.parse(start!) - 2 * 3_600_000).toISOString(),
    );
    await service.reschedule(customer, booking.bookingId, later!);
    await service.scheduleReminders(booking.bookingId, 'c');
    expect(scheduled.get(reminderName(booking.bookingId, 'day_before'))?.at.toISOString()).toBe(
      new Date(Date.parse(later!) - 86_400_000).toISOString(),
    );
    await service.cancelReminders(booking.bookingId);
    expect([...scheduled.keys()].filter((name) => name.includes(booking.bookingId))).toEqual([]);

    // Three hours ahead: the day-before reminder would be late, so only the two-hour one.
    const soon = generateSlots(
      listing.schedule,
      { durationMin: 30, bufferMin: 0, leadTimeMin: 60, horizonDays: 60 },
      { from: new Date(clock.getTime() + 3 * 3_600_000), to: new Date(clock.getTime() + 4 * 3_600_000) },
      clock,
    )[0]!.start;
    const near = await service.book(customer, { vendorId, serviceId, petId: newId(), start: soon });
    await service.confirm(near.bookingId, 'pay-3', 'c');
    expect(await service.scheduleReminders(near.bookingId, 'c')).toEqual(['two_hours']);
  });

  it('keeps the newest listing whatever the delivery order', async () => {
    expect(await service.saveListing({ ...listing, listingVersion: 3, name: 'Klinik Baru' })).toBe('saved');
    expect(await service.saveListing({ ...listing, listingVersion: 2, name: 'Klinik Lama' })).toBe('stale');
    const slots = await service.slots(
      vendorId,
      serviceId,
      new Date(clock.getTime() + 86_400_000),
      new Date(clock.getTime() + 90_000_000),
    );
    expect(slots.length).toBeGreaterThan(0);
    await service.saveListing({ ...listing, listingVersion: 4, listed: false });
    expect(
      await problemOf(
        service.slots(
          vendorId,
          serviceId,
          new Date(clock.getTime() + 86_400_000),
          new Date(clock.getTime() + 90_000_000),
        ),
      ),
    ).toEqual({ status: 409, key: 'vendor-not-bookable' });
    await service.saveListing({ ...listing, listingVersion: 5 });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoBookingStore } from '../functions/booking/store.ts';
import { HOLD_MINUTES } from '../functions/booking/model.ts';
import { loseSaga, sweepHoldsAt } from './safety-nets.ts';
import {
  approvedVendor,
  bootPlatform,
  eventually,
  signedUpUser,
  tableItems,
  withGroup,
  type TestPlatform,
  type TestUser,
} from './support.ts';

/**
 * Booking over the local platform: real HTTP, DynamoDB Local, the booking saga from its ASL file on
 * the local Step Functions service (waits shortened: the 15-minute hold lasts 4.5 s), the payment
 * sandbox, events.
 */
const TIME_SCALE = 0.005;
let t: TestPlatform;
let admin: TestUser;
let owner: TestUser;
let customer: TestUser;
let otherCustomer: TestUser;
let otherVendorAdmin: TestUser;
let vendorId = '';
let otherVendorId = '';
const services: Record<'prepaid' | 'shared' | 'single', string> = { prepaid: '', shared: '', single: '' };
let pets: string[] = [];
let crowd: TestUser;
let crowdPets: string[] = [];
let otherPet = '';

type BookingBody = {
  bookingId: string;
  status: string;
  start: string;
  payment: { paymentId: string; redirectUrl: string | null } | null;
  refundAmount: { amount: number };
};
type Slot = { start: string; end: string; available: number; capacity: number };

const allDay = [{ open: '00:00', close: '24:00' }];
const openEveryDay = {
  timeZone: 'Asia/Jakarta',
  weekly: { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay },
  exceptions: [],
};

async function setPolicy(cancelCutoffHours: number) {
  const put = await t.api.put(
    `/v1/vendors/${vendorId}/booking-policy`,
    { leadTimeMin: 60, horizonDays: 60, cancelCutoffHours },
    { token: owner.accessToken },
  );
  expect(put.status).toBe(200);
  await t.platform.eventsIdle();
}

async function addService(name: string, body: Record<string, unknown>): Promise<string> {
  const added = await t.api.post<{ serviceId: string }>(
    `/v1/vendors/${vendorId}/services`,
    { name, category: 'vet_consultation', species: ['cat', 'dog'], durationMin: 30, bufferMin: 0, ...body },
    { token: owner.accessToken },
  );
  expect(added.status).toBe(201);
  return added.body.serviceId;
}

/** Slots of a service on the day `daysAhead` from now (Jakarta time doesn't matter: the clinic is open all day). */
async function slots(serviceId: string, daysAhead: number): Promise<Slot[]> {
  const from = new Date(Date.now() + daysAhead * 86_400_000);
  const to = new Date(from.getTime() + 6 * 3_600_000);
  const answer = await t.api.get<{ items: Slot[] }>(
    `/v1/clinics/${vendorId}/services/${serviceId}/slots?from=${from.toISOString()}&to=${to.toISOString()}`,
  );
  expect(answer.status).toBe(200);
  return answer.body.items;
}

let slotCursor = 0;
/** A fresh slot for each test, so tests never share one. */
async function freshSlot(serviceId: string, daysAhead = 3): Promise<string> {
  const list = await slots(serviceId, daysAhead);
  slotCursor += 1;
  return list[slotCursor % list.length]!.start;
}

const book = (user: TestUser, body: Record<string, unknown>, key?: string) =>
  t.api.post<BookingBody>('/v1/bookings', body, {
    token: user.accessToken,
    ...(key ? { headers: { 'Idempotency-Key': key } } : {}),
  });

const bookingOf = async (bookingId: string, user: TestUser = customer) =>
  (await t.api.get<BookingBody>(`/v1/bookings/${bookingId}`, { token: user.accessToken })).body;

async function statusBecomes(bookingId: string, status: string, timeoutMs = 30_000) {
  return eventually(
    `booking ${bookingId} to be ${status}`,
    async () => ((await bookingOf(bookingId)).status === status ? true : undefined),
    timeoutMs,
  );
}

async function taken(serviceId: string, start: string): Promise<number> {
  const counters = await dynamoBookingStore().counters(vendorId, serviceId, start, `${start}~`);
  return counters.find((counter) => counter.start === start)?.taken ?? 0;
}

beforeAll(async () => {
  t = await bootPlatform({ sagaTimeScale: TIME_SCALE });
  [admin, owner, customer, otherCustomer, otherVendorAdmin] = await Promise.all([
    signedUpUser(t.api),
    signedUpUser(t.api, { name: 'Drh. Sinta' }),
    signedUpUser(t.api, { name: 'Budi Santoso' }),
    signedUpUser(t.api),
    signedUpUser(t.api),
  ]);
  admin = await withGroup(t, admin, 'platform_admin');
  const suffix = Date.now().toString(36);
  [vendorId, otherVendorId] = await Promise.all([
    approvedVendor(t, owner, admin, `Klinik Booking ${suffix}`),
    approvedVendor(t, otherVendorAdmin, admin, `Klinik Lain ${suffix}`),
  ]);
  expect((await t.api.put(`/v1/vendors/${vendorId}/schedule`, openEveryDay, { token: owner.accessToken })).status).toBe(
    200,
  );
  services.prepaid = await addService('Vaksinasi', {
    price: { amount: 150_000, currency: 'IDR' },
    prepay: true,
    capacity: 1,
  });
  services.shared = await addService('Konsultasi', { price: { amount: 90_000, currency: 'IDR' }, capacity: 3 });
  services.single = await addService('Grooming', { price: { amount: 120_000, currency: 'IDR' }, capacity: 1 });
  await setPolicy(24);
  otherPet = (
    await t.api.post<{ petId: string }>(
      '/v1/me/pets',
      { name: 'Bruno', species: 'dog' },
      { token: otherCustomer.accessToken },
    )
  ).body.petId;
  // A customer keeps at most 50 pets: the crowd for the concurrency tests is two customers' pets.
  crowd = await signedUpUser(t.api, { name: 'Rombongan' });
  pets = [];
  crowdPets = [];
  for (let i = 0; i < 45; i += 1) {
    const pet = await t.api.post<{ petId: string }>(
      '/v1/me/pets',
      { name: `Kucing ${i}`, species: 'cat' },
      { token: customer.accessToken },
    );
    expect(pet.status).toBe(201);
    pets.push(pet.body.petId);
  }
  for (let i = 0; i < 25; i += 1) {
    const pet = await t.api.post<{ petId: string }>(
      '/v1/me/pets',
      { name: `Anjing ${i}`, species: 'dog' },
      { token: crowd.accessToken },
    );
    expect(pet.status).toBe(201);
    crowdPets.push(pet.body.petId);
  }
}, 240_000);

afterAll(async () => {
  await t?.stop();
});

describe('slots', () => {
  it("lists the service's slots with their remaining capacity, and not before the lead time", async () => {
    const soon = await t.api.get<{ items: Slot[] }>(
      `/v1/clinics/${vendorId}/services/${services.shared}/slots?from=${new Date().toISOString()}&to=${new Date(Date.now() + 3 * 3_600_000).toISOString()}`,
    );
    expect(soon.body.items.every((slot) => Date.parse(slot.start) >= Date.now() + 59 * 60_000)).toBe(true);
    const later = await slots(services.shared, 5);
    expect(later.length).toBeGreaterThan(5);
    expect(
      later.every(
        (slot) =>
          slot.capacity === 3 && slot.available === 3 && Date.parse(slot.end) - Date.parse(slot.start) === 30 * 60_000,
      ),
    ).toBe(true);
  });
});

describe('taking a slot under concurrency', () => {
  it.each([
    [1, 'single'],
    [3, 'shared'],
    [1, 'single'],
    [3, 'shared'],
  ] as const)(
    '64 at once for a slot of capacity %i: exactly that many succeed, the rest 409, no 5xx',
    async (capacity, kind) => {
      const serviceId = services[kind];
      const start = await freshSlot(serviceId, 10);
      const attempts = [
        ...pets.slice(0, 40).map((petId) => [customer, petId] as const),
        ...crowdPets.slice(0, 24).map((petId) => [crowd, petId] as const),
      ];
      expect(attempts).toHaveLength(64);
      const answers = await Promise.all(
        attempts.map(([user, petId]) => book(user, { vendorId, serviceId, petId, start })),
      );
      const statuses = answers.map((answer) => answer.status);
      expect(statuses.filter((status) => status >= 500)).toEqual([]);
      expect(statuses.filter((status) => status === 201)).toHaveLength(capacity);
      expect(statuses.filter((status) => status === 409)).toHaveLength(64 - capacity);
      expect(answers.find((answer) => answer.status === 409)?.headers.get('content-type')).toContain(
        'application/problem+json',
      );
      expect(await taken(serviceId, start)).toBe(capacity);
      expect((await slots(serviceId, 10)).find((slot) => slot.start === start)?.available).toBe(0);
    },
    120_000,
  );

  it('the same pet cannot hold two overlapping bookings', async () => {
    const start = await freshSlot(services.shared, 11);
    expect((await book(customer, { vendorId, serviceId: services.shared, petId: pets[40], start })).status).toBe(201);
    const again = await book(customer, { vendorId, serviceId: services.single, petId: pets[40], start });
    expect(again.status).toBe(409);
  });

  it('a retried request with the same Idempotency-Key answers the same booking; another body with it is 422', async () => {
    const start = await freshSlot(services.shared, 12);
    const body = { vendorId, serviceId: services.shared, petId: pets[41], start };
    const first = await book(customer, body, 'booking-key-1');
    const again = await book(customer, body, 'booking-key-1');
    expect(first.status).toBe(201);
    expect(again.body.bookingId).toBe(first.body.bookingId);
    expect((await book(customer, { ...body, notes: 'lain' }, 'booking-key-1')).status).toBe(422);
    expect(await taken(services.shared, start)).toBe(1);
  });

  it('a customer holds at most 3 unpaid prepaid bookings at once (409 for a fourth)', async () => {
    const held: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const booked = await book(crowd, {
        vendorId,
        serviceId: services.prepaid,
        petId: crowdPets[i],
        start: await freshSlot(services.prepaid, 20 + i),
      });
      expect(booked.status).toBe(201);
      held.push(booked.body.bookingId);
    }
    const fourthStart = await freshSlot(services.prepaid, 24);
    const fourth = await book(crowd, {
      vendorId,
      serviceId: services.prepaid,
      petId: crowdPets[3],
      start: fourthStart,
    });
    expect(fourth.status).toBe(409);
    expect(await taken(services.prepaid, fourthStart)).toBe(0);
    // Cancelling one frees a place.
    expect((await t.api.post(`/v1/bookings/${held[0]}/cancel`, {}, { token: crowd.accessToken })).status).toBe(200);
    expect(
      (await book(crowd, { vendorId, serviceId: services.prepaid, petId: crowdPets[3], start: fourthStart })).status,
    ).toBe(201);
  });

  it('refuses a time the service does not offer (422) and writes nothing', async () => {
    const offGrid = new Date(Date.parse(await freshSlot(services.shared, 13)) + 7 * 60_000).toISOString();
    const answer = await book(customer, { vendorId, serviceId: services.shared, petId: pets[42], start: offGrid });
    expect(answer.status).toBe(422);
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
    expect(await taken(services.shared, offGrid)).toBe(0);
  });
});

describe('the booking saga', () => {
  it('a service without prepayment is confirmed by the saga', async () => {
    const booked = await book(customer, {
      vendorId,
      serviceId: services.single,
      petId: pets[0],
      start: await freshSlot(services.single, 4),
    });
    expect(booked.status).toBe(201);
    await statusBecomes(booked.body.bookingId, 'confirmed');
  });

  it('prepaid: the answer carries the payment page; paying on the sandbox confirms the booking', async () => {
    const booked = await book(customer, {
      vendorId,
      serviceId: services.prepaid,
      petId: pets[1],
      start: await freshSlot(services.prepaid, 4),
    });
    expect(booked.status).toBe(201);
    expect(booked.body.payment?.redirectUrl).toContain('/sandbox/pay/');
    await t.platform.paymentSandbox.pay(booked.body.payment!.paymentId, 'pay');
    await statusBecomes(booked.body.bookingId, 'confirmed');
  });

  it('sandbox Expire: the booking expires and the slot is bookable again', async () => {
    const start = await freshSlot(services.prepaid, 5);
    const booked = await book(customer, { vendorId, serviceId: services.prepaid, petId: pets[2], start });
    await t.platform.paymentSandbox.pay(booked.body.payment!.paymentId, 'expire');
    await statusBecomes(booked.body.bookingId, 'expired');
    expect(await taken(services.prepaid, start)).toBe(0);
    expect((await book(otherCustomer, { vendorId, serviceId: services.prepaid, petId: otherPet, start })).status).toBe(
      201,
    );
  });

  it('the hold times out when nobody pays: the slot is released', async () => {
    const start = await freshSlot(services.prepaid, 6);
    const booked = await book(customer, { vendorId, serviceId: services.prepaid, petId: pets[3], start });
    expect(booked.status).toBe(201);
    await statusBecomes(booked.body.bookingId, 'expired', 40_000);
    expect(await taken(services.prepaid, start)).toBe(0);
  }, 60_000);

  const steps = [
    ['payments', 'startPayment'],
    ['booking', 'recordPayment'],
    ['payments', 'awaitPayment'],
    ['booking', 'confirm'],
  ] as const;
  it.each(steps)(
    'a failure of %s.%s once is retried: the paid booking ends confirmed',
    async (domain, task) => {
      t.platform.stepFunctions.injectFault(t.platform.taskFunctionArn(domain, task), { times: 1 });
      try {
        const start = await freshSlot(services.prepaid, 7);
        const booked = await book(customer, {
          vendorId,
          serviceId: services.prepaid,
          petId: pets[4 + steps.findIndex(([, name]) => name === task)],
          start,
        });
        const paymentId =
          booked.body.payment?.paymentId ??
          (await eventually(
            'the payment page',
            async () => (await bookingOf(booked.body.bookingId)).payment?.paymentId ?? undefined,
          ));
        await t.platform.paymentSandbox.pay(paymentId, 'pay');
        await statusBecomes(booked.body.bookingId, 'confirmed');
        expect(await taken(services.prepaid, start)).toBe(1);
      } finally {
        t.platform.stepFunctions.clearFaults();
      }
    },
    60_000,
  );

  it.each([
    ['payments', 'startPayment'],
    ['booking', 'recordPayment'],
  ] as const)(
    '%s.%s failing for good: the booking is fully compensated (expired, slot free)',
    async (domain, task) => {
      t.platform.stepFunctions.injectFault(t.platform.taskFunctionArn(domain, task), { times: 50 });
      try {
        const start = await freshSlot(services.prepaid, 8);
        const booked = await book(customer, {
          vendorId,
          serviceId: services.prepaid,
          petId: pets[10 + (task === 'startPayment' ? 0 : 1)],
          start,
        });
        expect(booked.status).toBe(201);
        await statusBecomes(booked.body.bookingId, 'expired', 40_000);
        expect(await taken(services.prepaid, start)).toBe(0);
      } finally {
        t.platform.stepFunctions.clearFaults();
      }
    },
    60_000,
  );
});

describe('cancel and reschedule', () => {
  async function paidBooking(petIndex: number, daysAhead: number, method: 'qris' | 'va' = 'va'): Promise<BookingBody> {
    const booked = await book(customer, {
      vendorId,
      serviceId: services.prepaid,
      petId: pets[petIndex],
      start: await freshSlot(services.prepaid, daysAhead),
    });
    await t.platform.paymentSandbox.pay(booked.body.payment!.paymentId, 'pay', { method });
    await statusBecomes(booked.body.bookingId, 'confirmed');
    return bookingOf(booked.body.bookingId);
  }

  it('the customer cancels before the cutoff: full refund through payments (QRIS: by the provider), slot free', async () => {
    const booking = await paidBooking(20, 3, 'qris');
    const cancelled = await t.api.post<BookingBody>(
      `/v1/bookings/${booking.bookingId}/cancel`,
      { reason: 'Kucing sakit' },
      { token: customer.accessToken },
    );
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', refundAmount: { amount: 150_000 } });
    expect(await taken(services.prepaid, booking.start)).toBe(0);
    await eventually('the refund', async () => {
      const payment = await t.api.get<{ refundedAmount: { amount: number } }>(
        `/v1/payments/${booking.payment!.paymentId}`,
        { token: customer.accessToken },
      );
      return payment.body.refundedAmount.amount === 150_000 ? true : undefined;
    });
  });

  it('after the cutoff the customer cannot cancel a paid booking (409, unchanged); the clinic can, with a full refund', async () => {
    await setPolicy(24 * 5);
    try {
      const booking = await paidBooking(21, 3);
      const refused = await t.api.post(`/v1/bookings/${booking.bookingId}/cancel`, {}, { token: customer.accessToken });
      expect(refused.status).toBe(409);
      expect((await bookingOf(booking.bookingId)).status).toBe('confirmed');
      const byClinic = await t.api.post<BookingBody>(
        `/v1/bookings/${booking.bookingId}/cancel`,
        { reason: 'Dokter berhalangan' },
        { token: owner.accessToken },
      );
      expect(byClinic.body).toMatchObject({ status: 'cancelled', refundAmount: { amount: 150_000 } });
      // Paid by bank transfer (VA): the provider cannot refund it by API, so admins get a refund task.
      await eventually('the manual refund task', async () => {
        const tasks = await t.api.get<{ items: { paymentId: string; amount: { amount: number } }[] }>(
          '/v1/admin/refund-tasks?limit=100',
          { token: admin.accessToken },
        );
        return tasks.body.items.some(
          (task) => task.paymentId === booking.payment!.paymentId && task.amount.amount === 150_000,
        )
          ? true
          : undefined;
      });
    } finally {
      await setPolicy(24);
    }
  });

  it('rescheduling into a full slot is 409 and leaves the booking and both counters untouched; into a free one it moves', async () => {
    const [first, second, third] = [
      await freshSlot(services.single, 9),
      await freshSlot(services.single, 9),
      await freshSlot(services.single, 9),
    ];
    const mine = await book(customer, { vendorId, serviceId: services.single, petId: pets[30], start: first });
    expect(
      (await book(otherCustomer, { vendorId, serviceId: services.single, petId: otherPet, start: second })).status,
    ).toBe(201);
    const refused = await t.api.post(
      `/v1/bookings/${mine.body.bookingId}/reschedule`,
      { start: second },
      { token: customer.accessToken },
    );
    expect(refused.status).toBe(409);
    expect((await bookingOf(mine.body.bookingId)).start).toBe(first);
    expect([await taken(services.single, first), await taken(services.single, second)]).toEqual([1, 1]);
    const moved = await t.api.post<BookingBody>(
      `/v1/bookings/${mine.body.bookingId}/reschedule`,
      { start: third },
      { token: customer.accessToken },
    );
    expect(moved.body.start).toBe(third);
    expect([await taken(services.single, first), await taken(services.single, third)]).toEqual([0, 1]);
  });

  it('40 reschedules of one booking at once: each is 200 or 409 (never a 5xx), and the booking holds exactly one slot', async () => {
    const targets: string[] = [];
    for (let i = 0; i < 5; i += 1) targets.push(await freshSlot(services.single, 11));
    const mine = await book(customer, { vendorId, serviceId: services.single, petId: pets[31], start: targets[0] });
    expect(mine.status).toBe(201);
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        t.api.post<BookingBody & { status: number; state?: string; type?: string }>(
          `/v1/bookings/${mine.body.bookingId}/reschedule`,
          { start: targets[(i % 4) + 1] },
          { token: customer.accessToken },
        ),
      ),
    );
    const statuses = answers.map((answer) => answer.status);
    expect(
      statuses.filter((status) => status !== 200 && status !== 409),
      JSON.stringify(statuses),
    ).toEqual([]);
    expect(statuses).toContain(200);
    for (const refused of answers.filter((answer) => answer.status === 409)) {
      // RFC 9457: `status` is the HTTP status; a resource state would be in `state`.
      expect(refused.body.status).toBe(409);
    }
    const final = await bookingOf(mine.body.bookingId);
    const counts = await Promise.all(targets.map((start) => taken(services.single, start)));
    expect(counts).toEqual(targets.map((start) => (start === final.start ? 1 : 0)));

    // A state refusal names the booking's state in its own member, not in `status`.
    expect(
      (await t.api.post(`/v1/bookings/${mine.body.bookingId}/cancel`, {}, { token: customer.accessToken })).status,
    ).toBe(200);
    const again = await t.api.post(`/v1/bookings/${mine.body.bookingId}/cancel`, {}, { token: customer.accessToken });
    expect(again.body).toMatchObject({
      status: 409,
      state: 'cancelled',
      type: expect.stringMatching(/booking-state$/),
    });
  });
});

describe('who may see and change a booking', () => {
  it('another customer and the staff of another vendor get 404 on every booking route', async () => {
    const booked = await book(customer, {
      vendorId,
      serviceId: services.shared,
      petId: pets[43],
      start: await freshSlot(services.shared, 14),
    });
    const id = booked.body.bookingId;
    for (const outsider of [otherCustomer, otherVendorAdmin]) {
      expect((await t.api.get(`/v1/bookings/${id}`, { token: outsider.accessToken })).status).toBe(404);
      expect((await t.api.post(`/v1/bookings/${id}/cancel`, {}, { token: outsider.accessToken })).status).toBe(404);
      expect(
        (
          await t.api.post(
            `/v1/bookings/${id}/reschedule`,
            { start: booked.body.start },
            { token: outsider.accessToken },
          )
        ).status,
      ).toBe(404);
      expect((await t.api.post(`/v1/bookings/${id}/check-in`, undefined, { token: outsider.accessToken })).status).toBe(
        404,
      );
      expect((await t.api.get(`/v1/bookings/${id}/calendar.ics`, { token: outsider.accessToken })).status).toBe(404);
    }
    expect(
      (
        await t.api.get(
          `/v1/vendors/${vendorId}/bookings?from=${new Date().toISOString()}&to=${new Date(Date.now() + 30 * 86_400_000).toISOString()}`,
          { token: otherVendorAdmin.accessToken },
        )
      ).status,
    ).toBe(404);
    expect((await t.api.get(`/v1/bookings/${id}`, { token: owner.accessToken })).status).toBe(200);
    // The customer sees it but does not run the clinic's day.
    expect((await t.api.post(`/v1/bookings/${id}/check-in`, undefined, { token: customer.accessToken })).status).toBe(
      403,
    );
    void otherVendorId;
  });
});

describe("the clinic's day, reviews and calendars", () => {
  it('calendar, check-in, complete, one review (the rating reaches the clinic); no-show only after the start', async () => {
    const booked = await book(customer, {
      vendorId,
      serviceId: services.shared,
      petId: pets[44],
      start: await freshSlot(services.shared, 15),
    });
    await statusBecomes(booked.body.bookingId, 'confirmed');
    const from = new Date(Date.now() + 14 * 86_400_000).toISOString();
    const to = new Date(Date.now() + 17 * 86_400_000).toISOString();
    const calendar = await t.api.get<{ items: { bookingId: string; customer: string }[] }>(
      `/v1/vendors/${vendorId}/bookings?from=${from}&to=${to}`,
      { token: owner.accessToken },
    );
    expect(calendar.body.items.map((item) => item.bookingId)).toContain(booked.body.bookingId);
    expect(
      (await t.api.post(`/v1/bookings/${booked.body.bookingId}/no-show`, undefined, { token: owner.accessToken }))
        .status,
    ).toBe(409);
    expect(
      (
        await t.api.post(
          `/v1/bookings/${booked.body.bookingId}/review`,
          { rating: 5, comment: 'Bagus' },
          { token: customer.accessToken },
        )
      ).status,
    ).toBe(409);
    expect(
      (
        await t.api.post<BookingBody>(`/v1/bookings/${booked.body.bookingId}/check-in`, undefined, {
          token: owner.accessToken,
        })
      ).body.status,
    ).toBe('checked_in');
    expect(
      (
        await t.api.post<BookingBody>(`/v1/bookings/${booked.body.bookingId}/complete`, undefined, {
          token: owner.accessToken,
        })
      ).body.status,
    ).toBe('completed');
    expect(
      (
        await t.api.post(
          `/v1/bookings/${booked.body.bookingId}/review`,
          { rating: 4, comment: 'Dokternya ramah' },
          { token: otherCustomer.accessToken },
        )
      ).status,
    ).toBe(404);
    expect(
      (
        await t.api.post(
          `/v1/bookings/${booked.body.bookingId}/review`,
          { rating: 4, comment: 'Dokternya ramah' },
          { token: customer.accessToken },
        )
      ).status,
    ).toBe(201);
    expect(
      (
        await t.api.post(
          `/v1/bookings/${booked.body.bookingId}/review`,
          { rating: 1, comment: 'lagi' },
          { token: customer.accessToken },
        )
      ).status,
    ).toBe(409);
    await eventually('the rating', async () => {
      const clinic = await t.api.get<{ rating: number | null; reviewCount: number }>(`/v1/clinics/${vendorId}`);
      return clinic.body.reviewCount === 1 && clinic.body.rating === 4 ? true : undefined;
    });
    // Public, anonymous: signed with the name the customer chose, shortened — never their account id.
    const reviews = await t.api.get<{ items: { authorName: string; comment: string }[] }>(
      `/v1/vendors/${vendorId}/reviews`,
    );
    expect(reviews.body.items).toEqual([
      expect.objectContaining({ authorName: 'Budi S.', comment: 'Dokternya ramah' }),
    ]);
    expect(reviews.text).not.toContain(customer.userId);
  });

  it('a secret, revocable iCalendar feed for the clinic, and an .ics for the customer', async () => {
    const booked = await book(crowd, {
      vendorId,
      serviceId: services.shared,
      petId: crowdPets[24],
      start: await freshSlot(services.shared, 16),
    });
    const issued = await t.api.post<{ url: string }>(`/v1/vendors/${vendorId}/calendar-token`, undefined, {
      token: owner.accessToken,
    });
    expect(issued.status).toBe(201);
    const feed = await fetch(issued.body.url);
    expect(feed.headers.get('content-type')).toContain('text/calendar');
    const text = await feed.text();
    expect(text).toContain('BEGIN:VCALENDAR');
    expect(text).toContain(`UID:${booked.body.bookingId}@petpro.id`);
    const own = await t.api.get(`/v1/bookings/${booked.body.bookingId}/calendar.ics`, { token: crowd.accessToken });
    expect(own.text).toContain(`UID:${booked.body.bookingId}@petpro.id`);
    expect(
      (await t.api.post(`/v1/vendors/${vendorId}/calendar-token`, undefined, { token: customer.accessToken })).status,
    ).toBe(404);
    expect((await t.api.delete(`/v1/vendors/${vendorId}/calendar-token`, { token: owner.accessToken })).status).toBe(
      204,
    );
    expect((await fetch(issued.body.url)).status).toBe(404);
  });
});

describe('reminders', () => {
  it('a confirmed booking gets reminders at H-1 day and 2 hours before; cancelling deletes them', async () => {
    const booked = await book(customer, {
      vendorId,
      serviceId: services.shared,
      petId: pets[35],
      start: await freshSlot(services.shared, 17),
    });
    await statusBecomes(booked.body.bookingId, 'confirmed');
    await t.platform.eventsIdle();
    const names = () =>
      t.platform.scheduler
        .list()
        .map((schedule) => schedule.Name)
        .filter((name) => name.includes(booked.body.bookingId))
        .sort();
    expect(names()).toEqual([
      `booking.${booked.body.bookingId}.day_before`,
      `booking.${booked.body.bookingId}.two_hours`,
    ]);
    const dayBefore = t.platform.scheduler
      .list()
      .find((schedule) => schedule.Name.endsWith(`${booked.body.bookingId}.day_before`));
    expect(JSON.stringify(dayBefore)).toContain(
      new Date(Date.parse(booked.body.start) - 86_400_000).toISOString().slice(0, 19),
    );
    expect(
      (await t.api.post(`/v1/bookings/${booked.body.bookingId}/cancel`, {}, { token: customer.accessToken })).status,
    ).toBe(200);
    await t.platform.eventsIdle();
    expect(names()).toEqual([]);
  });
});

describe('bad input', () => {
  it.each([
    [
      'a start that is not an instant',
      () => book(customer, { vendorId, serviceId: services.shared, petId: pets[0], start: 'besok jam 9' }),
    ],
    [
      'an unknown field',
      () =>
        book(customer, {
          vendorId,
          serviceId: services.shared,
          petId: pets[0],
          start: new Date().toISOString(),
          discount: 100,
        }),
    ],
    [
      'a pet id that is not an id',
      () => book(customer, { vendorId, serviceId: services.shared, petId: 'kucing', start: new Date().toISOString() }),
    ],
    [
      'an unknown payment provider',
      () =>
        book(customer, {
          vendorId,
          serviceId: services.prepaid,
          petId: pets[0],
          start: new Date().toISOString(),
          provider: 'paypal',
        }),
    ],
    [
      'a slots window of 40 days',
      () =>
        t.api.get(
          `/v1/clinics/${vendorId}/services/${services.shared}/slots?from=${new Date().toISOString()}&to=${new Date(Date.now() + 40 * 86_400_000).toISOString()}`,
        ),
    ],
    [
      'a slots window that ends before it starts',
      () =>
        t.api.get(
          `/v1/clinics/${vendorId}/services/${services.shared}/slots?from=${new Date(Date.now() + 86_400_000).toISOString()}&to=${new Date().toISOString()}`,
        ),
    ],
    [
      'a rating of 7',
      () =>
        t.api.post(
          `/v1/bookings/${'0'.repeat(26)}/review`,
          { rating: 7, comment: 'x' },
          { token: customer.accessToken },
        ),
    ],
    [
      'a reschedule without a start',
      () => t.api.post(`/v1/bookings/${'0'.repeat(26)}/reschedule`, {}, { token: customer.accessToken }),
    ],
    ['a feed token that is too short', () => t.api.get(`/v1/vendors/${vendorId}/calendar.ics?token=abc`)],
  ])('%s → 400 problem+json', async (_name, call) => {
    const before = (await t.api.get<{ items: unknown[] }>('/v1/me/bookings?limit=100', { token: customer.accessToken }))
      .body.items.length;
    const answer = await call();
    expect(answer.status).toBe(400);
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
    expect(
      (await t.api.get<{ items: unknown[] }>('/v1/me/bookings?limit=100', { token: customer.accessToken })).body.items
        .length,
    ).toBe(before);
  });
});

describe('every path that ends a hold closes its payment, and money for an ended booking goes back once (issue 11)', () => {
  type PaymentBody = { status: string; refundedAmount: { amount: number } };
  let late: TestUser;
  let latePets: string[] = [];
  /** Past the hold (15 minutes) and the sweeper's 10-minute margin. */
  const SWEEP_AHEAD_MS = (HOLD_MINUTES + 11) * 60_000;

  beforeAll(async () => {
    late = await signedUpUser(t.api, { name: 'Telat Bayar' });
    latePets = [];
    for (let i = 0; i < 4; i += 1)
      latePets.push(
        (
          await t.api.post<{ petId: string }>(
            '/v1/me/pets',
            { name: `Telat ${i}`, species: 'cat' },
            { token: late.accessToken },
          )
        ).body.petId,
      );
  }, 60_000);

  /** A prepaid hold with its payment page open (the saga is waiting for the payment). */
  async function heldWithPage(petIndex: number, daysAhead: number, provider: 'midtrans' | 'xendit') {
    const start = await freshSlot(services.prepaid, daysAhead);
    const booked = await book(late, {
      vendorId,
      serviceId: services.prepaid,
      petId: latePets[petIndex],
      start,
      provider,
    });
    expect(booked.status).toBe(201);
    const { bookingId } = booked.body;
    const paymentId =
      booked.body.payment?.paymentId ??
      (await eventually(
        'the payment page',
        async () => (await bookingOf(bookingId, late)).payment?.paymentId ?? undefined,
      ));
    return { bookingId, paymentId, start };
  }
  const paymentOf = async (paymentId: string) =>
    (await t.api.get<PaymentBody>(`/v1/payments/${paymentId}`, { token: late.accessToken })).body;
  const sandboxAttempt = (paymentId: string) =>
    t.platform.paymentSandbox.attempts().find((attempt) => attempt.paymentId === paymentId)!;
  async function eventTypesOf(bookingId: string): Promise<string[]> {
    return (await tableItems(t.platform))
      .filter((item) => String(item.pk).startsWith('OUTBOX#'))
      .map((item) => item.event as { type: string; data: { bookingId?: string } })
      .filter((event) => event.data.bookingId === bookingId)
      .map((event) => event.type);
  }
  async function refundedOnce(paymentId: string) {
    await eventually(
      'the refund',
      async () => {
        await t.platform.paymentSandbox.idle();
        const payment = await paymentOf(paymentId);
        return payment.status === 'refunded' && payment.refundedAmount.amount === 150_000 ? true : undefined;
      },
      30_000,
    );
    await t.platform.eventsIdle();
    expect(sandboxAttempt(paymentId).refunds?.map((refund) => refund.amount)).toEqual([150_000]);
  }

  it('the sweeper (saga lost): a payment made in time whose webhook comes late is found, refunded once, and no refund is asked before it', async () => {
    const { bookingId, paymentId, start } = await heldWithPage(0, 18, 'midtrans');
    expect(await loseSaga(t, 'booking.booking', bookingId)).toBe(true);
    // Paid on the page before its expiry; the webhook is lost for now.
    await t.platform.paymentSandbox.pay(paymentId, 'pay', { method: 'qris', times: 0 });
    expect(await sweepHoldsAt(SWEEP_AHEAD_MS)).toContain(bookingId);
    expect((await bookingOf(bookingId, late)).status).toBe('expired');
    expect(await taken(services.prepaid, start)).toBe(0);
    // The webhook arrives late (and again): the money still goes back, once.
    await t.platform.paymentSandbox.pay(paymentId, 'pay', { times: 2 });
    await refundedOnce(paymentId);
    expect((await bookingOf(bookingId, late)).status).toBe('expired');
    expect(await eventTypesOf(bookingId)).not.toContain('booking.refund_due');
  }, 60_000);

  it('the sweeper (saga lost): an unpaid Xendit invoice is closed at the provider and can no longer be paid', async () => {
    const { bookingId, paymentId } = await heldWithPage(1, 18, 'xendit');
    expect(await loseSaga(t, 'booking.booking', bookingId)).toBe(true);
    expect(await sweepHoldsAt(SWEEP_AHEAD_MS)).toContain(bookingId);
    await eventually('the attempt closed', async () =>
      (await paymentOf(paymentId)).status === 'cancelled' ? true : undefined,
    );
    await expect(t.platform.paymentSandbox.pay(paymentId, 'pay')).rejects.toMatchObject({ status: 409 });
    await t.platform.eventsIdle();
    expect(sandboxAttempt(paymentId).refunds ?? []).toEqual([]);
  }, 60_000);

  it('cancel before paying: the attempt is closed (a chosen Midtrans method can no longer be paid)', async () => {
    const { bookingId, paymentId } = await heldWithPage(2, 19, 'midtrans');
    expect(await loseSaga(t, 'booking.booking', bookingId)).toBe(true);
    await t.platform.paymentSandbox.pay(paymentId, 'pending');
    const cancelled = await t.api.post<BookingBody>(
      `/v1/bookings/${bookingId}/cancel`,
      { reason: 'Tidak jadi' },
      { token: late.accessToken },
    );
    expect(cancelled.body).toMatchObject({ status: 'cancelled', refundAmount: { amount: 0 } });
    await eventually('the attempt closed', async () =>
      (await paymentOf(paymentId)).status === 'cancelled' ? true : undefined,
    );
    await expect(t.platform.paymentSandbox.pay(paymentId, 'pay')).rejects.toMatchObject({ status: 409 });
  }, 60_000);

  it("the saga timing out on a Snap page nobody chose a method on: paid later within the page's expiry, the money goes back once", async () => {
    const { bookingId, paymentId } = await heldWithPage(3, 19, 'midtrans');
    await eventually(
      'the hold to time out',
      async () => ((await bookingOf(bookingId, late)).status === 'expired' ? true : undefined),
      40_000,
    );
    await t.platform.eventsIdle();
    // Snap cannot close a page without a transaction: it stays payable until it expires.
    expect((await paymentOf(paymentId)).status).toBe('pending');
    await t.platform.paymentSandbox.pay(paymentId, 'pay', { method: 'ewallet' });
    await refundedOnce(paymentId);
    expect((await bookingOf(bookingId, late)).status).toBe('expired');
  }, 60_000);
});

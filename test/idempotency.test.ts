import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiResponse } from '#local/api-client.ts';
import { seededRandom } from '#shared/lib/seeded-random.ts';
import {
  approvedVendor,
  bootPlatform,
  signedUpUser,
  tableItems,
  withGroup,
  type TestPlatform,
  type TestUser,
} from './support.ts';

/**
 * Idempotency-Key over the whole local platform (issue 11, item 3): POST /v1/me/pets and
 * POST /v1/bookings with parallel duplicates, other bodies under the same key and failed attempts
 * in between, in a seeded random mix (IDEMPOTENCY_SEED to replay one). Per key and caller: at most
 * one pet or booking, one idempotency record, and every 2xx the same answer.
 */
const SEED = Number(process.env.IDEMPOTENCY_SEED ?? 3);
const random = seededRandom(SEED);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const shuffled = <T>(items: T[]): T[] =>
  items
    .map((item) => [random(), item] as const)
    .sort(([a], [b]) => a - b)
    .map(([, item]) => item);

let t: TestPlatform;
let customer: TestUser;
let other: TestUser;
let owner: TestUser;
let vendorId = '';
let serviceId = '';
const customerPets: string[] = [];
let otherPet = '';

type Pet = { petId: string; name: string };
type Booking = { bookingId: string; petId: string; start: string; status: string };
type Problem = { type: string };
type Slot = { start: string };

const allDay = [{ open: '00:00', close: '24:00' }];
const openEveryDay = {
  timeZone: 'Asia/Jakarta',
  weekly: { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay },
  exceptions: [],
};

beforeAll(async () => {
  t = await bootPlatform();
  let admin: TestUser;
  [admin, owner, customer, other] = await Promise.all([
    signedUpUser(t.api),
    signedUpUser(t.api, { name: 'Drh. Rina' }),
    signedUpUser(t.api, { name: 'Sari' }),
    signedUpUser(t.api, { name: 'Tono' }),
  ]);
  admin = await withGroup(t, admin, 'platform_admin');
  vendorId = await approvedVendor(t, owner, admin, `Klinik Idempoten ${Date.now().toString(36)}`);
  expect((await t.api.put(`/v1/vendors/${vendorId}/schedule`, openEveryDay, { token: owner.accessToken })).status).toBe(
    200,
  );
  const service = await t.api.post<{ serviceId: string }>(
    `/v1/vendors/${vendorId}/services`,
    {
      name: 'Periksa',
      category: 'vet_consultation',
      species: ['cat', 'dog'],
      durationMin: 30,
      bufferMin: 0,
      price: { amount: 80_000, currency: 'IDR' },
      capacity: 1,
    },
    { token: owner.accessToken },
  );
  expect(service.status).toBe(201);
  serviceId = service.body.serviceId;
  await t.platform.eventsIdle();
  for (let i = 0; i < 8; i += 1) {
    const pet = await t.api.post<Pet>(
      '/v1/me/pets',
      { name: `Pasien ${i}`, species: 'cat' },
      { token: customer.accessToken },
    );
    expect(pet.status).toBe(201);
    customerPets.push(pet.body.petId);
  }
  otherPet = (await t.api.post<Pet>('/v1/me/pets', { name: 'Pesaing', species: 'dog' }, { token: other.accessToken }))
    .body.petId;
}, 180_000);

afterAll(async () => {
  await t?.stop();
});

const withKey = (user: TestUser, key: string) => ({ token: user.accessToken, headers: { 'idempotency-key': key } });
const addPet = (user: TestUser, key: string, body: unknown) =>
  t.api.post<Pet & Problem>('/v1/me/pets', body, withKey(user, key));
const book = (user: TestUser, body: unknown, key?: string) =>
  t.api.post<Booking & Problem>('/v1/bookings', body, key ? withKey(user, key) : { token: user.accessToken });

async function petsNamed(user: TestUser, names: string[]): Promise<Pet[]> {
  const listed = await t.api.get<{ items: Pet[] }>('/v1/me/pets?limit=100', { token: user.accessToken });
  expect(listed.status).toBe(200);
  return listed.body.items.filter((pet) => names.includes(pet.name));
}

async function bookingsOf(user: TestUser): Promise<Booking[]> {
  const listed = await t.api.get<{ items: Booking[] }>('/v1/me/bookings?limit=100', { token: user.accessToken });
  expect(listed.status).toBe(200);
  return listed.body.items;
}

const problemSlug = (answer: ApiResponse<Problem>) => String(answer.body?.type ?? '').replace(/^.*\//, '');

/** The records of one caller's keys that start with `prefix` (tests only: a Scan). */
async function records(user: TestUser, prefix: string) {
  return (await tableItems(t.platform)).filter((item) =>
    String(item.pk).startsWith(`IDEMPOTENCY#${user.userId}#${prefix}`),
  );
}

let slotDay = 2;
/** Two free slots of the service on a day no other test uses. */
async function freshSlots(): Promise<[string, string]> {
  slotDay += 1;
  const from = new Date(Date.now() + slotDay * 86_400_000);
  const answer = await t.api.get<{ items: Slot[] }>(
    `/v1/clinics/${vendorId}/services/${serviceId}/slots?from=${from.toISOString()}&to=${new Date(from.getTime() + 4 * 3_600_000).toISOString()}`,
  );
  expect(answer.status).toBe(200);
  expect(answer.body.items.length).toBeGreaterThan(2);
  return [answer.body.items[0]!.start, answer.body.items[2]!.start];
}

describe('POST /v1/me/pets with an Idempotency-Key', () => {
  it('K with X → 201; K with Y → 422; K with X again → the first answer, replayed (one pet)', async () => {
    const key = `pets-${randomUUID()}`;
    const X = { name: `Sekali ${SEED}`, species: 'cat' };
    const first = await addPet(customer, key, X);
    expect(first.status).toBe(201);
    expect((await addPet(customer, key, { ...X, name: 'Lain' })).status).toBe(422);
    const again = await addPet(customer, key, X);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await petsNamed(customer, [X.name])).toHaveLength(1);
  });

  it('a random mix of parallel duplicates, other bodies, invalid bodies and another caller: one pet and one record per key and caller', async () => {
    const prefix = `mix-${SEED}-${randomUUID().slice(0, 6)}-`;
    const rounds = 8;
    for (let round = 0; round < rounds; round += 1) {
      const key = `${prefix}${round}`;
      const X = { name: `Acak ${round} X`, species: 'cat' };
      const Y = { name: `Acak ${round} Y`, species: 'dog' };
      const BAD = { name: `Acak ${round} Z`, species: 'dragon' }; // 400 after the record was claimed: a failure in between
      const plan: [TestUser, unknown][] = [...Array(2 + Math.floor(random() * 5))].map(() => [customer, X]);
      if (random() < 0.5) plan.push([customer, Y]);
      if (random() < 0.5) plan.push([customer, BAD], [customer, BAD]);
      if (random() < 0.5) plan.push([other, X], [other, X]);
      const answers = await Promise.all(
        shuffled(plan).map(async ([user, body]) => {
          await sleep(Math.floor(random() * 15));
          return { user, body, answer: await addPet(user, key, body) };
        }),
      );
      const where = `seed ${SEED}, round ${round}`;
      for (const { answer } of answers) {
        expect([201, 400, 409, 422], `${where}: ${answer.status} ${answer.text}`).toContain(answer.status);
        if (answer.status === 409) expect(problemSlug(answer), where).toBe('request-in-progress');
        if (answer.status === 422) expect(problemSlug(answer), where).toBe('idempotency-key-reused');
      }
      for (const user of [customer, other]) {
        const created = answers.filter((entry) => entry.user === user && entry.answer.status === 201);
        expect(
          new Set(created.map((entry) => entry.answer.body.petId)).size,
          `${where}: one answer per caller`,
        ).toBeLessThanOrEqual(1);
        if (!plan.some(([who]) => who === user)) continue;
        // The retry: the body that won (or X if none did) gets the winner's answer, the other body 422.
        const winner = created[0];
        const body = winner?.body ?? X;
        const retry = await addPet(user, key, body);
        expect(retry.status, `${where}: ${retry.text}`).toBe(201);
        if (winner) {
          expect(retry.body, where).toEqual(winner.answer.body);
          expect(retry.headers.get('idempotent-replayed')).toBe('true');
        }
        expect((await addPet(user, key, body === X ? Y : X)).status, where).toBe(422);
        expect(await petsNamed(user, [X.name, Y.name, BAD.name]), where).toEqual([
          expect.objectContaining({ petId: retry.body.petId }),
        ]);
      }
    }
    const stored = await records(customer, prefix);
    expect(stored).toHaveLength(rounds);
    expect(stored.every((item) => item.status === 'completed' && item.sk === 'POST /v1/me/pets')).toBe(true);
  }, 60_000);
});

describe('POST /v1/bookings with an Idempotency-Key', () => {
  it("10 at once with one key, 10 more while it runs: one booking; the replay is the winner's 201; another body under the key is 422 and books nothing", async () => {
    const [start, otherStart] = await freshSlots();
    const key = `booking-${randomUUID()}`;
    const body = { vendorId, serviceId, petId: customerPets[0], start };
    const answers = await Promise.all(
      [...Array(20)].map(async (_, index) => {
        await sleep(index < 10 ? 0 : (index - 9) * 20);
        return book(customer, body, key);
      }),
    );
    const created = answers.filter((answer) => answer.status === 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(new Set(created.map((answer) => answer.body.bookingId)).size).toBe(1);
    // Everyone else was told the first one is still running; none of them ran (no slot-full).
    expect(answers.filter((answer) => answer.status !== 201).map(problemSlug)).toEqual(
      answers.filter((answer) => answer.status !== 201).map(() => 'request-in-progress'),
    );

    const replay = await book(customer, body, key);
    expect(replay.status).toBe(201);
    expect(replay.body).toEqual(created[0]!.body);
    expect(replay.headers.get('location')).toBe(`/v1/bookings/${created[0]!.body.bookingId}`);

    const otherBody = await book(customer, { ...body, petId: customerPets[1], start: otherStart }, key);
    expect(otherBody.status).toBe(422);
    expect(
      (await bookingsOf(customer)).filter((booking) => booking.start === start || booking.start === otherStart),
    ).toHaveLength(1);
  });

  it('a failed attempt (409 slot-full) frees the key: the retry runs, then its answer is replayed and the first body is refused', async () => {
    const [start, otherStart] = await freshSlots();
    expect((await book(other, { vendorId, serviceId, petId: otherPet, start })).status).toBe(201);
    const key = `booking-${randomUUID()}`;
    const full = { vendorId, serviceId, petId: customerPets[2], start };
    const refused = await book(customer, full, key);
    expect(refused.status).toBe(409);
    expect(problemSlug(refused)).toBe('slot-full');
    expect(problemSlug(await book(customer, full, key))).toBe('slot-full'); // ran again: not a stored answer
    const free = { ...full, start: otherStart };
    const booked = await book(customer, free, key);
    expect(booked.status).toBe(201);
    expect((await book(customer, full, key)).status).toBe(422);
    expect((await book(customer, free, key)).body).toEqual(booked.body);
  });

  it('a random mix: duplicates, a competitor for the slot, another body; one booking per key and the same answer replayed', async () => {
    const prefix = `bmix-${SEED}-${randomUUID().slice(0, 6)}-`;
    const rounds = 5;
    for (let round = 0; round < rounds; round += 1) {
      const [start, otherStart] = await freshSlots();
      const key = `${prefix}${round}`;
      const X = { vendorId, serviceId, petId: customerPets[3 + round], start };
      const Y = { ...X, start: otherStart };
      const plan: (() => Promise<{ mine: boolean; body: unknown; answer: ApiResponse<Booking & Problem> }>)[] = [
        ...Array(2 + Math.floor(random() * 6)),
      ].map(() => async () => ({ mine: true, body: X, answer: await book(customer, X, key) }));
      if (random() < 0.5) plan.push(async () => ({ mine: true, body: Y, answer: await book(customer, Y, key) }));
      // The competitor (no key) may take X's slot first: then the holder of the key fails with slot-full and frees it.
      if (random() < 0.5)
        plan.push(async () => ({ mine: false, body: X, answer: await book(other, { ...X, petId: otherPet }) }));
      const answers = await Promise.all(
        shuffled(plan).map(async (send) => {
          await sleep(Math.floor(random() * 15));
          return send();
        }),
      );
      const where = `seed ${SEED}, round ${round}`;
      const mine = answers.filter((entry) => entry.mine);
      for (const { answer } of mine) {
        expect([201, 409, 422], `${where}: ${answer.status} ${answer.text}`).toContain(answer.status);
        if (answer.status === 409) expect(['request-in-progress', 'slot-full'], where).toContain(problemSlug(answer));
      }
      const created = mine.filter((entry) => entry.answer.status === 201);
      expect(new Set(created.map((entry) => entry.answer.body.bookingId)).size, where).toBeLessThanOrEqual(1);
      // The retry: Y when X's slot went to the competitor and nothing of ours won.
      const winner = created[0];
      const body = winner?.body ?? (mine.some((entry) => problemSlug(entry.answer) === 'slot-full') ? Y : X);
      const retry = await book(customer, body, key);
      expect(retry.status, `${where}: ${retry.text}`).toBe(201);
      if (winner) expect(retry.body, where).toEqual(winner.answer.body);
      expect((await book(customer, body === X ? Y : X, key)).status, where).toBe(422);
      expect(
        (await bookingsOf(customer)).filter((booking) => booking.petId === X.petId),
        where,
      ).toEqual([expect.objectContaining({ bookingId: retry.body.bookingId })]);
    }
    const stored = await records(customer, prefix);
    expect(stored).toHaveLength(rounds);
    expect(stored.every((item) => item.status === 'completed' && item.sk === 'POST /v1/bookings')).toBe(true);
  }, 60_000);
});

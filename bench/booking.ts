/**
 * `node bench/booking.ts`: the create-booking handler (POST /v1/bookings) on DynamoDB Local, the
 * real engine. Measures
 *   1. throughput: 200 bookings at concurrency 32 on ONE hot slot, then 200 across 200 slots;
 *   2. the handler's own cost: median handler time / median time inside the DynamoDB calls it
 *      makes (sequential requests, after a warm-up), against handlerToDynamoBudgets.createBooking (budgets.ts),
 *      and / median time actually waiting on the wire (handlerToDynamoBudgets.wire);
 * and exits 1 when a budget is missed or a booking is not 201.
 *
 * The handler is the deployed one (middy, Powertools logger and idempotency, zod, the booking
 * rules, the store), invoked in-process with API Gateway v2 events as local/gateway.ts builds them.
 * DynamoDB call time comes from the call timer of bench/measure.ts on the shared client's stack: it
 * runs from the call's start to its end (marshalling, signing, HTTP, parsing: the call as the SDK
 * makes it).
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '#shared/table/client.ts';
import { tableName } from '#shared/table/definition.ts';
import { petKey } from '#shared/table/pets.ts';
import { newId } from '#shared/lib/ids.ts';
import { WEEKDAYS, type HoursRange, type Schedule, type Weekday } from '#shared/lib/opening-hours.ts';
import { handler as createBooking } from '../functions/booking/handlers/create-booking.ts';
import { manifest } from '../functions/booking/manifest.ts';
import { generateSlots, type Slot } from '../functions/booking/slots.ts';
import { dynamoBookingStore } from '../functions/booking/store.ts';
import type { VendorListing } from '../functions/booking/model.ts';
import {
  apiGatewayEvent,
  checkStacksShared,
  describeCounts,
  gapMedians,
  installCallTimer,
  invokeInProcess,
  maxOverlap,
  measureSequential,
  measureThroughput,
  median,
  mostCommon,
  onLocalDynamo,
  perCallMedians,
  refusalProblems,
  runIfMain,
  tally,
  throughputFigures,
  wireMedian,
  wireRatio,
  type BenchResult,
  type HandlerSample,
  type InProcessRoute,
  type Throughput,
} from './measure.ts';
import { handlerToDynamoBudgets } from './budgets.ts';

const THROUGHPUT_REQUESTS = 200;
const CONCURRENCY = 32;
const RATIO_WARM_UP = 50;
const RATIO_RUNS = 200;

// ---------------------------------------------------------------- fixtures

const TIME_ZONE = 'Asia/Jakarta';

function alwaysOpen(): Schedule {
  const allDay: HoursRange[] = [{ open: '00:00', close: '24:00' }];
  return {
    timeZone: TIME_ZONE,
    weekly: Object.fromEntries(WEEKDAYS.map((day) => [day, allDay])) as Record<Weekday, HoursRange[]>,
    exceptions: [],
  };
}

/** Pets per slot on the hot slot: everyone fits. */
const HOT_CAPACITY = 100_000;

function listing(vendorId: string, serviceId: string): VendorListing {
  return {
    vendorId,
    listingVersion: 1,
    listed: true,
    name: 'Klinik Hewan Bench',
    kind: 'clinic',
    description: null,
    address: 'Jl. Bench No. 1',
    city: 'Jakarta Selatan',
    province: 'DKI Jakarta',
    lat: -6.2615,
    lon: 106.8106,
    phone: '+628100000000',
    rating: null,
    reviewCount: 0,
    services: [
      {
        serviceId,
        name: 'Mandi Sehat',
        category: 'grooming',
        species: ['cat', 'dog'],
        durationMin: 30,
        price: { amount: 75_000, currency: 'IDR' },
        prepay: false,
        capacity: HOT_CAPACITY,
        bufferMin: 0,
      },
    ],
    schedule: alwaysOpen(),
    bookingPolicy: { leadTimeMin: 60, horizonDays: 60, cancelCutoffHours: 24 },
    updatedAt: new Date().toISOString(),
  };
}

interface Pet {
  customerId: string;
  petId: string;
}

/** Customers the pets are spread over: no customer item is hot, only the slot. */
const CUSTOMERS = 25;

async function seedPets(count: number): Promise<Pet[]> {
  const customers = Array.from({ length: CUSTOMERS }, () => randomUUID());
  const pets = Array.from({ length: count }, (_, i) => ({ customerId: customers[i % CUSTOMERS]!, petId: newId() }));
  const batches: Pet[][] = [];
  for (let i = 0; i < pets.length; i += 25) batches.push(pets.slice(i, i + 25));
  for (const batch of batches) {
    let requests: Record<
      string,
      NonNullable<ConstructorParameters<typeof BatchWriteCommand>[0]['RequestItems']>[string]
    > = {
      [tableName()]: batch.map(({ customerId, petId }) => ({
        PutRequest: { Item: { ...petKey(customerId, petId), name: `Kucing ${petId.slice(-4)}`, species: 'cat' } },
      })),
    };
    while (Object.keys(requests).length > 0) {
      const { UnprocessedItems } = await dynamo().send(new BatchWriteCommand({ RequestItems: requests }));
      requests = (UnprocessedItems ?? {}) as typeof requests;
    }
  }
  return pets;
}

// ---------------------------------------------------------------- requests

interface BookingRequest {
  pet: Pet;
  start: string;
}

/** POST /v1/bookings of one pet at one slot of the service. */
function bookingRoute(vendorId: string, serviceId: string): InProcessRoute<BookingRequest> {
  return {
    event: ({ pet, start }) =>
      apiGatewayEvent(manifest.routes.createBooking, pet.customerId, { vendorId, serviceId, petId: pet.petId, start }),
    invoke: invokeInProcess(createBooking, 'booking-createBooking'),
    expectedStatus: 201,
  };
}

/** The calls of a request in order, e.g. `GetItem GetItem TransactWriteItems PutItem`. */
const sequenceOf = (sample: HandlerSample) => sample.calls.map((call) => call.name).join(' ');

/**
 * Where the handler's own time goes: the gaps before the first call, between calls and after the
 * last one (median of each, for requests with the usual call sequence). In order: middy + logger +
 * idempotency key and hashing | body parse + zod + booking rules | ... | view + JSON + the response
 * record | middy after.
 */
function gaps(samples: readonly HandlerSample[], sequence: string): string[] {
  const called = sequence.split(' ');
  // A command called more than once gets its ordinal: GetItem#1, GetItem#2.
  const numbered = called.map((name, i) =>
    called.filter((other) => other === name).length > 1
      ? `${name}#${called.slice(0, i + 1).filter((other) => other === name).length}`
      : name,
  );
  return gapMedians(
    samples.filter((sample) => sequenceOf(sample) === sequence),
    numbered,
    (sample) => sample.calls,
  );
}

// ---------------------------------------------------------------- the bench

export function runBookingBench(): Promise<BenchResult> {
  const started = performance.now();
  return onLocalDynamo(async () => {
    const problems: string[] = [];
    installCallTimer();
    const notShared = checkStacksShared();
    if (notShared) problems.push(notShared);

    const vendorId = newId();
    const serviceId = newId();
    const vendor = listing(vendorId, serviceId);
    if ((await dynamoBookingStore().saveListing(vendor)) !== 'saved') throw new Error('listing not saved');
    const booking = bookingRoute(vendorId, serviceId);
    const ratioCount = RATIO_WARM_UP + RATIO_RUNS;
    const pets = await seedPets(2 * THROUGHPUT_REQUESTS + ratioCount);

    // Slots of the service's grid from now + lead time on; the hot slot and the ones after it are all distinct.
    const now = new Date();
    const service = vendor.services[0]!;
    const slots: Slot[] = generateSlots(
      vendor.schedule,
      { durationMin: service.durationMin, bufferMin: service.bufferMin, ...vendor.bookingPolicy },
      { from: now, to: new Date(now.getTime() + 20 * 86_400_000) },
      now,
    );
    // A few slots of margin after the lead time: the run takes a while.
    const usable = slots.slice(4);
    if (usable.length < 1 + THROUGHPUT_REQUESTS + ratioCount) throw new Error(`only ${usable.length} slots`);
    const hotSlot = usable[0]!.start;
    const manySlots = usable.slice(1, 1 + THROUGHPUT_REQUESTS).map((slot) => slot.start);
    const ratioSlots = usable.slice(1 + THROUGHPUT_REQUESTS).map((slot) => slot.start);

    // Warm the handler (module init, first connections) with a few bookings of their own.
    const warmPets = await seedPets(CONCURRENCY);
    const warmUp = await measureThroughput(
      warmPets.map((pet, i) => ({ pet, start: usable.at(-1 - i)!.start })),
      CONCURRENCY,
      booking,
    );

    const hot = await measureThroughput(
      pets.slice(0, THROUGHPUT_REQUESTS).map((pet) => ({ pet, start: hotSlot })),
      CONCURRENCY,
      booking,
    );
    const many = await measureThroughput(
      pets.slice(THROUGHPUT_REQUESTS, 2 * THROUGHPUT_REQUESTS).map((pet, i) => ({ pet, start: manySlots[i]! })),
      CONCURRENCY,
      booking,
    );
    const ratioRequests = pets.slice(2 * THROUGHPUT_REQUESTS).map((pet, i) => ({ pet, start: ratioSlots[i]! }));
    const warm = await measureSequential(ratioRequests.slice(0, RATIO_WARM_UP), booking);
    const measured = await measureSequential(ratioRequests.slice(RATIO_WARM_UP), booking);

    const counter = await dynamoBookingStore().counters(vendorId, serviceId, hotSlot, `${hotSlot}~`);
    const hotTaken = counter.find((entry) => entry.start === hotSlot)?.taken ?? 0;
    problems.push(
      ...refusalProblems(
        [
          ['warm-up', warmUp.refused],
          ['hot slot', hot.refused],
          ['many slots', many.refused],
          ['ratio', [...warm.refused, ...measured.refused]],
        ],
        booking.expectedStatus,
      ),
    );
    if (hotTaken !== THROUGHPUT_REQUESTS)
      problems.push(`hot slot counter at ${hotTaken}, expected ${THROUGHPUT_REQUESTS}`);

    const samples = measured.samples;
    const handlerMedian = median(samples.map((sample) => sample.handlerMs));
    // The calls never overlap here (checked below): their sum is the wall time inside DynamoDB.
    const dynamoMedian = median(samples.map((sample) => sample.sumMs));
    const ratio = handlerMedian / dynamoMedian;
    const overlap = maxOverlap(samples);
    if (overlap > 0)
      problems.push(`DynamoDB calls overlapped by up to ${overlap.toFixed(3)} ms: their sum is not wall time`);
    const ratioOk = ratio <= handlerToDynamoBudgets.createBooking;
    if (!ratioOk) problems.push(`handler/DynamoDB ${ratio.toFixed(2)}x > ${handlerToDynamoBudgets.createBooking}x`);
    const onWire = wireRatio(samples, handlerToDynamoBudgets.wire);
    if (!onWire.ok) problems.push(`handler/wire ${onWire.ratio.toFixed(2)}x > ${handlerToDynamoBudgets.wire}x`);

    const [usual, usualCount] = mostCommon(samples.map(sequenceOf));
    const perCall = perCallMedians(samples, [...new Set(usual.split(' '))]);
    const ownMs = samples.map((sample) => sample.handlerMs - sample.sumMs);

    const throughputLine = (name: string, run: Throughput) =>
      `  ${name.padEnd(36)} ${throughputFigures(run, 'req/s')}   calls: ${describeCounts(run.calls)}`;
    const lines = [
      `Create booking (handler in-process on DynamoDB Local), Node ${process.version}:`,
      throughputLine(`hot slot: ${THROUGHPUT_REQUESTS} on 1 slot, ×${CONCURRENCY}`, hot),
      throughputLine(`many slots: ${THROUGHPUT_REQUESTS} on ${THROUGHPUT_REQUESTS} slots, ×${CONCURRENCY}`, many),
      `  handler vs raw DynamoDB, ${RATIO_RUNS} sequential requests after ${RATIO_WARM_UP} warm-up: handler p50 ${handlerMedian.toFixed(2)} ms, ` +
        `DynamoDB calls p50 ${dynamoMedian.toFixed(2)} ms, own time p50 ${median(ownMs).toFixed(2)} ms → ` +
        `ratio ${ratio.toFixed(2)}x (budget ≤ ${handlerToDynamoBudgets.createBooking}x) ${ratioOk ? 'ok' : 'FAIL'}; Node CPU ${measured.cpuMsPerRequest.toFixed(1)} ms/req`,
      `  ${onWire.text} — against the time actually waiting on DynamoDB Local, the SDK's own work counted as the handler's`,
      `  calls per request (${usualCount}/${samples.length}): ${usual.split(' ').join(' → ')} = ${describeCounts(tally(samples.find((sample) => sequenceOf(sample) === usual)?.calls.map((call) => call.name) ?? []))}; ` +
        `max overlap between calls ${overlap.toFixed(3)} ms`,
      `  per call p50 ms, whole call (wire = request sent → response headers; the rest is the SDK in this process): ${perCall}; ` +
        `wire p50 per request ${wireMedian(samples).toFixed(2)} ms`,
      `  own time by gap p50 ms: ${gaps(samples, usual).join(', ')}`,
      `  ${((performance.now() - started) / 1000).toFixed(1)} s in all (DynamoDB Local start and seeding included)`,
    ];
    return { lines, problems };
  });
}

/** In its own process (for bench/run.ts): the shared DynamoDB client keeps the endpoint it was first created with. */
export function runBookingBenchInChild(): Promise<BenchResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const lines = out.split('\n').filter((line) => line.length > 0);
      if (code !== 0 && code !== 1)
        lines.push(`  FAIL: bench/booking.ts exited ${code}: ${err.trim().split('\n').slice(-5).join(' | ')}`);
      resolve({ ok: code === 0, lines });
    });
  });
}

runIfMain(import.meta.url, runBookingBench);

/**
 * `node bench/booking.ts`: the create-booking handler (POST /v1/bookings) on DynamoDB Local, the
 * real engine. Measures
 *   1. throughput: 200 bookings at concurrency 32 on ONE hot slot, then 200 across 200 slots;
 *   2. the handler's own cost: median handler time / median time inside the DynamoDB calls it
 *      makes (sequential requests, after a warm-up), against bookingBudgets;
 * and exits 1 when a budget is missed or a booking is not 201.
 *
 * The handler is the deployed one (middy, Powertools logger and idempotency, zod, the booking
 * rules, the store), invoked in-process with API Gateway v2 events as local/gateway.ts builds them.
 * DynamoDB call time comes from a middleware on the shared client's stack (`dynamoClient()`), which
 * the DocumentClient of the stores (`dynamo()`) and the Powertools idempotency layer both use: it
 * runs from the call's start to its end (marshalling, signing, HTTP, parsing: the call as the SDK
 * makes it).
 */
import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { dynamo, dynamoClient } from '#shared/table/client.ts';
import { tableName } from '#shared/table/definition.ts';
import { petKey } from '#shared/table/pets.ts';
import { newId } from '#shared/lib/ids.ts';
import { WEEKDAYS, type HoursRange, type Schedule, type Weekday } from '#shared/lib/opening-hours.ts';
import type { HttpEvent, HttpResult } from '#shared/http/route.ts';
import { startLocalDynamo, type LocalDynamo } from '../local/testing.ts';
import { lambdaContext } from '../local/lambda.ts';
import { handler as createBooking } from '../functions/booking/handlers/create-booking.ts';
import { manifest } from '../functions/booking/manifest.ts';
import { generateSlots, type Slot } from '../functions/booking/slots.ts';
import { dynamoBookingStore } from '../functions/booking/store.ts';
import type { VendorListing } from '../functions/booking/model.ts';

/**
 * The create-booking handler may cost at most this multiple of the raw DynamoDB calls it makes
 * (median handler time / median sum of its calls' times, sequential requests on DynamoDB Local).
 */
export const bookingBudgets = {
  maxHandlerToDynamoRatio: 1.5,
} as const;

const THROUGHPUT_REQUESTS = 200;
const CONCURRENCY = 32;
const RATIO_WARM_UP = 50;
const RATIO_RUNS = 200;
/** Customers the pets are spread over: no customer item is hot, only the slot. */
const CUSTOMERS = 25;
/** Pets per slot on the hot slot: everyone fits. */
const HOT_CAPACITY = 100_000;
const TIME_ZONE = 'Asia/Jakarta';
const MIDDLEWARE_NAME = 'benchDynamoCallTimer';
const WIRE_MIDDLEWARE_NAME = 'benchDynamoWireTimer';

// ---------------------------------------------------------------- recording DynamoDB calls

interface Call {
  name: string;
  start: number;
  end: number;
  /** Of which waiting on DynamoDB Local: request sent → response headers (the SDK's own work is the rest). */
  wire: number;
}

/** Where finished calls go; undefined: not recorded. */
let sink: Call[] | undefined;

/**
 * Times every call made through the shared client (and so the DocumentClient and Powertools
 * idempotency on it): outermost (initialize, high) from the call's start to its end, and innermost
 * (deserialize, low: around the HTTP handler, inside the retries) the time on the wire.
 */
function installCallTimer(): void {
  const stack = dynamoClient().middlewareStack;
  removeCallTimer();
  const wire = new WeakMap<object, number>();
  stack.add(
    (next, context) => async (args) => {
      const start = performance.now();
      try {
        return await next(args);
      } finally {
        sink?.push({ name: String(context.commandName ?? '?').replace(/Command$/, ''), start, end: performance.now(), wire: wire.get(context) ?? 0 });
      }
    },
    { step: 'initialize', priority: 'high', name: MIDDLEWARE_NAME },
  );
  stack.add(
    (next, context) => async (args) => {
      const start = performance.now();
      try {
        return await next(args);
      } finally {
        wire.set(context, (wire.get(context) ?? 0) + performance.now() - start);
      }
    },
    { step: 'deserialize', priority: 'low', name: WIRE_MIDDLEWARE_NAME },
  );
}

function removeCallTimer(): void {
  const stack = dynamoClient().middlewareStack;
  stack.remove(MIDDLEWARE_NAME);
  stack.remove(WIRE_MIDDLEWARE_NAME);
}

/** The DocumentClient the stores use must run on the stack the timer is on (lib-dynamodb shares it). */
function checkStacksShared(): string | undefined {
  if (dynamo().middlewareStack !== dynamoClient().middlewareStack) return 'the DocumentClient has its own middleware stack: its calls are not timed';
  const order = dynamoClient().middlewareStack.identify();
  if (!order[0]?.startsWith(MIDDLEWARE_NAME)) return `the call timer is not the outermost middleware (${order.join(', ')})`;
  if (!order.at(-1)?.startsWith(WIRE_MIDDLEWARE_NAME)) return `the wire timer is not the innermost middleware (${order.join(', ')})`;
  return undefined;
}

const countNames = (calls: readonly Call[]) => {
  const counts = new Map<string, number>();
  for (const call of calls) counts.set(call.name, (counts.get(call.name) ?? 0) + 1);
  return counts;
};
const describeCounts = (counts: Map<string, number>, per = 1) =>
  [...counts].map(([name, count]) => `${name} ×${Number.isInteger(count / per) ? count / per : (count / per).toFixed(2)}`).join(', ');

// ---------------------------------------------------------------- fixtures

function alwaysOpen(): Schedule {
  const allDay: HoursRange[] = [{ open: '00:00', close: '24:00' }];
  return { timeZone: TIME_ZONE, weekly: Object.fromEntries(WEEKDAYS.map((day) => [day, allDay])) as Record<Weekday, HoursRange[]>, exceptions: [] };
}

function listing(vendorId: string, serviceId: string): VendorListing {
  return {
    vendorId, listingVersion: 1, listed: true, name: 'Klinik Hewan Bench', kind: 'clinic', description: null,
    address: 'Jl. Bench No. 1', city: 'Jakarta Selatan', province: 'DKI Jakarta', lat: -6.2615, lon: 106.8106, phone: '+628100000000',
    rating: null, reviewCount: 0,
    services: [{
      serviceId, name: 'Mandi Sehat', category: 'grooming', species: ['cat', 'dog'], durationMin: 30,
      price: { amount: 75_000, currency: 'IDR' }, prepay: false, capacity: HOT_CAPACITY, bufferMin: 0,
    }],
    schedule: alwaysOpen(),
    bookingPolicy: { leadTimeMin: 60, horizonDays: 60, cancelCutoffHours: 24 },
    updatedAt: new Date().toISOString(),
  };
}

interface Pet {
  customerId: string;
  petId: string;
}

async function seedPets(count: number): Promise<Pet[]> {
  const customers = Array.from({ length: CUSTOMERS }, () => randomUUID());
  const pets = Array.from({ length: count }, (_, i) => ({ customerId: customers[i % CUSTOMERS]!, petId: newId() }));
  const batches: Pet[][] = [];
  for (let i = 0; i < pets.length; i += 25) batches.push(pets.slice(i, i + 25));
  for (const batch of batches) {
    let requests: Record<string, NonNullable<ConstructorParameters<typeof BatchWriteCommand>[0]['RequestItems']>[string]> = {
      [tableName()]: batch.map(({ customerId, petId }) => ({ PutRequest: { Item: { ...petKey(customerId, petId), name: `Kucing ${petId.slice(-4)}`, species: 'cat' } } })),
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

const route = manifest.routes.createBooking;
const routeKey = `${route.method} ${route.path}`;

/** POST /v1/bookings as API Gateway v2 passes it with the JWT authorizer's claims (see local/gateway.ts). */
function createEvent(vendorId: string, serviceId: string, { pet, start }: BookingRequest): HttpEvent {
  const body = JSON.stringify({ vendorId, serviceId, petId: pet.petId, start });
  return {
    version: '2.0',
    routeKey,
    rawPath: route.path,
    rawQueryString: '',
    headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID(), 'content-length': String(Buffer.byteLength(body)), 'user-agent': 'bench' },
    body,
    isBase64Encoded: false,
    requestContext: {
      accountId: '000000000000', apiId: 'local', domainName: 'localhost', domainPrefix: 'local',
      http: { method: route.method, path: route.path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'bench' },
      requestId: randomUUID(), routeKey, stage: '$default', time: new Date().toUTCString(), timeEpoch: Date.now(),
      authorizer: { jwt: { claims: { sub: pet.customerId, username: `${pet.customerId.slice(0, 8)}@bench.petpro.id`, 'cognito:groups': '[customer]' }, scopes: null } },
    },
  };
}

const invokeHandler = (event: HttpEvent): Promise<HttpResult> =>
  (createBooking as unknown as (event: HttpEvent, context: Context) => Promise<HttpResult>)(event, lambdaContext('booking-createBooking', 30_000));

/** Nearest-rank percentile of ascending samples. */
function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}
const median = (values: readonly number[]) => percentile([...values].sort((a, b) => a - b), 50);

interface Refusal {
  status: number;
  body: string;
}

interface Throughput {
  perSecond: number;
  p50: number;
  p95: number;
  refused: Refusal[];
  calls: Map<string, number>;
  /** This process's CPU time (user + system) per request: the handler's side of the work. */
  cpuMsPerRequest: number;
}

/** `requests` through the handler, `concurrency` at a time; latency per request, requests/s over the whole run. */
async function throughput(vendorId: string, serviceId: string, requests: BookingRequest[], concurrency: number): Promise<Throughput> {
  const latencies: number[] = [];
  const refused: Refusal[] = [];
  const calls: Call[] = [];
  sink = calls;
  let next = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < requests.length) {
        const request = requests[next++]!;
        const event = createEvent(vendorId, serviceId, request);
        const at = performance.now();
        const result = await invokeHandler(event);
        latencies.push(performance.now() - at);
        if (result.statusCode !== 201) refused.push({ status: result.statusCode ?? 0, body: String(result.body ?? '').slice(0, 200) });
      }
    }),
  );
  const elapsed = performance.now() - started;
  const { user, system } = process.cpuUsage(cpu);
  sink = undefined;
  latencies.sort((a, b) => a - b);
  return { perSecond: (requests.length / elapsed) * 1000, p50: percentile(latencies, 50), p95: percentile(latencies, 95), refused, calls: countNames(calls), cpuMsPerRequest: (user + system) / 1000 / requests.length };
}

interface RatioSample {
  handlerMs: number;
  dynamoMs: number;
  calls: Call[];
  handlerStart: number;
  handlerEnd: number;
}

interface Ratio {
  samples: RatioSample[];
  refused: Refusal[];
  /** This process's CPU time per request (the handler's own work and the SDK's side of the calls). */
  cpuMsPerRequest: number;
}

/** Sequential requests: each one's handler time and the DynamoDB calls made while it ran. */
async function sequential(vendorId: string, serviceId: string, requests: BookingRequest[]): Promise<Ratio> {
  const samples: RatioSample[] = [];
  const refused: Refusal[] = [];
  const cpu = process.cpuUsage();
  for (const request of requests) {
    const event = createEvent(vendorId, serviceId, request);
    const calls: Call[] = [];
    sink = calls;
    const handlerStart = performance.now();
    const result = await invokeHandler(event);
    const handlerEnd = performance.now();
    sink = undefined;
    if (result.statusCode !== 201) refused.push({ status: result.statusCode ?? 0, body: String(result.body ?? '').slice(0, 200) });
    calls.sort((a, b) => a.start - b.start);
    samples.push({ handlerMs: handlerEnd - handlerStart, dynamoMs: calls.reduce((sum, call) => sum + (call.end - call.start), 0), calls, handlerStart, handlerEnd });
  }
  const { user, system } = process.cpuUsage(cpu);
  return { samples, refused, cpuMsPerRequest: (user + system) / 1000 / requests.length };
}

/** Largest time two calls of one request ran at once (0: the calls never overlap, their sum is wall time). */
function maxOverlap(samples: readonly RatioSample[]): number {
  let worst = 0;
  for (const { calls } of samples) {
    let reach = -Infinity;
    for (const call of calls) {
      worst = Math.max(worst, Math.min(reach, call.end) - call.start);
      reach = Math.max(reach, call.end);
    }
  }
  return worst;
}

/**
 * Where the handler's own time goes: the gaps before the first call, between calls and after the
 * last one (median of each, for requests with the usual call sequence). In order: middy + logger +
 * idempotency key and hashing | body parse + zod + booking rules | ... | view + JSON + the response
 * record | middy after.
 */
function gaps(samples: readonly RatioSample[], sequence: string): string[] {
  const same = samples.filter((sample) => sample.calls.map((call) => call.name).join(' ') === sequence);
  if (same.length === 0) return [];
  const called = sequence.split(' ');
  const numbered = called.map((name, i) => (called.filter((other) => other === name).length > 1 ? `${name}#${called.slice(0, i + 1).filter((other) => other === name).length}` : name));
  const names = ['start', ...numbered];
  const columns = names.map((name, i) => ({ label: `${name}→${names[i + 1] ?? 'end'}`, values: [] as number[] }));
  for (const sample of same) {
    const edges = [sample.handlerStart, ...sample.calls.flatMap((call) => [call.start, call.end]), sample.handlerEnd];
    for (let i = 0; i < columns.length; i += 1) columns[i]!.values.push(edges[2 * i + 1]! - edges[2 * i]!);
  }
  return columns.map(({ label, values }) => `${label} ${median(values).toFixed(2)}`);
}

// ---------------------------------------------------------------- the bench

export async function runBookingBench(): Promise<{ ok: boolean; lines: string[] }> {
  const problems: string[] = [];
  const lines: string[] = [];
  const started = performance.now();
  let local: LocalDynamo | undefined;
  try {
    local = await startLocalDynamo({ tableName: 'petpro-bench' });
    // The shared client reads the endpoint from the environment when first created: it must find the bench's table.
    await dynamoClient().send(new DescribeTableCommand({ TableName: local.tableName })).catch((error: unknown) => {
      throw new Error('the shared DynamoDB client does not reach DynamoDB Local (created before it started?)', { cause: error });
    });
    installCallTimer();
    const notShared = checkStacksShared();
    if (notShared) problems.push(notShared);

    const vendorId = newId();
    const serviceId = newId();
    const vendor = listing(vendorId, serviceId);
    if ((await dynamoBookingStore().saveListing(vendor)) !== 'saved') throw new Error('listing not saved');
    const ratioCount = RATIO_WARM_UP + RATIO_RUNS;
    const pets = await seedPets(2 * THROUGHPUT_REQUESTS + ratioCount);

    // Slots of the service's grid from now + lead time on; the hot slot and the ones after it are all distinct.
    const now = new Date();
    const service = vendor.services[0]!;
    const slots: Slot[] = generateSlots(vendor.schedule, { durationMin: service.durationMin, bufferMin: service.bufferMin, ...vendor.bookingPolicy }, { from: now, to: new Date(now.getTime() + 20 * 86_400_000) }, now);
    // A few slots of margin after the lead time: the run takes a while.
    const usable = slots.slice(4);
    if (usable.length < 1 + THROUGHPUT_REQUESTS + ratioCount) throw new Error(`only ${usable.length} slots`);
    const hotSlot = usable[0]!.start;
    const manySlots = usable.slice(1, 1 + THROUGHPUT_REQUESTS).map((slot) => slot.start);
    const ratioSlots = usable.slice(1 + THROUGHPUT_REQUESTS).map((slot) => slot.start);

    // Warm the handler (module init, first connections) with a few bookings of their own.
    const warmPets = await seedPets(CONCURRENCY);
    const warmUp = await throughput(vendorId, serviceId, warmPets.map((pet, i) => ({ pet, start: usable.at(-1 - i)!.start })), CONCURRENCY);

    const hot = await throughput(vendorId, serviceId, pets.slice(0, THROUGHPUT_REQUESTS).map((pet) => ({ pet, start: hotSlot })), CONCURRENCY);
    const many = await throughput(
      vendorId, serviceId, pets.slice(THROUGHPUT_REQUESTS, 2 * THROUGHPUT_REQUESTS).map((pet, i) => ({ pet, start: manySlots[i]! })), CONCURRENCY,
    );
    const ratioRequests = pets.slice(2 * THROUGHPUT_REQUESTS).map((pet, i) => ({ pet, start: ratioSlots[i]! }));
    const warm = await sequential(vendorId, serviceId, ratioRequests.slice(0, RATIO_WARM_UP));
    const measured = await sequential(vendorId, serviceId, ratioRequests.slice(RATIO_WARM_UP));

    const counter = await dynamoBookingStore().counters(vendorId, serviceId, hotSlot, `${hotSlot}~`);
    const hotTaken = counter.find((entry) => entry.start === hotSlot)?.taken ?? 0;
    for (const [name, run] of [['warm-up', warmUp], ['hot slot', hot], ['many slots', many], ['ratio', { refused: [...warm.refused, ...measured.refused] }]] as const) {
      if (run.refused.length > 0) problems.push(`${name}: ${run.refused.length} not 201 (first: ${run.refused[0]!.status} ${run.refused[0]!.body})`);
    }
    if (hotTaken !== THROUGHPUT_REQUESTS) problems.push(`hot slot counter at ${hotTaken}, expected ${THROUGHPUT_REQUESTS}`);

    const samples = measured.samples;
    const handlerMedian = median(samples.map((sample) => sample.handlerMs));
    const dynamoMedian = median(samples.map((sample) => sample.dynamoMs));
    const ratio = handlerMedian / dynamoMedian;
    const overlap = maxOverlap(samples);
    if (overlap > 0) problems.push(`DynamoDB calls overlapped by up to ${overlap.toFixed(3)} ms: their sum is not wall time`);
    const ratioOk = ratio <= bookingBudgets.maxHandlerToDynamoRatio;
    if (!ratioOk) problems.push(`handler/DynamoDB ${ratio.toFixed(2)}x > ${bookingBudgets.maxHandlerToDynamoRatio}x`);

    const sequences = new Map<string, number>();
    for (const sample of samples) {
      const sequence = sample.calls.map((call) => call.name).join(' ');
      sequences.set(sequence, (sequences.get(sequence) ?? 0) + 1);
    }
    const [usual, usualCount] = [...sequences].sort((a, b) => b[1] - a[1])[0] ?? ['', 0];
    const callMedian = (name: string, of: (call: Call) => number) => median(samples.flatMap((sample) => sample.calls.filter((call) => call.name === name).map(of)));
    const perCall = [...new Set(usual.split(' '))]
      .map((name) => `${name} ${callMedian(name, (call) => call.end - call.start).toFixed(2)} (wire ${callMedian(name, (call) => call.wire).toFixed(2)})`)
      .join(', ');
    const wireMedian = median(samples.map((sample) => sample.calls.reduce((sum, call) => sum + call.wire, 0)));
    const ownMs = samples.map((sample) => sample.handlerMs - sample.dynamoMs);

    const throughputLine = (name: string, run: Throughput) =>
      `  ${name.padEnd(36)} ${run.perSecond.toFixed(0).padStart(5)} req/s   p50 ${run.p50.toFixed(1).padStart(6)} ms   p95 ${run.p95.toFixed(1).padStart(6)} ms   ` +
      `${THROUGHPUT_REQUESTS - run.refused.length}/${THROUGHPUT_REQUESTS} × 201   Node CPU ${run.cpuMsPerRequest.toFixed(1)} ms/req   calls: ${describeCounts(run.calls)}`;
    lines.push(
      `Create booking (handler in-process on DynamoDB Local), Node ${process.version}:`,
      throughputLine(`hot slot: ${THROUGHPUT_REQUESTS} on 1 slot, ×${CONCURRENCY}`, hot),
      throughputLine(`many slots: ${THROUGHPUT_REQUESTS} on ${THROUGHPUT_REQUESTS} slots, ×${CONCURRENCY}`, many),
      `  handler vs raw DynamoDB, ${RATIO_RUNS} sequential requests after ${RATIO_WARM_UP} warm-up: handler p50 ${handlerMedian.toFixed(2)} ms, ` +
        `DynamoDB calls p50 ${dynamoMedian.toFixed(2)} ms, own time p50 ${median(ownMs).toFixed(2)} ms → ` +
        `ratio ${ratio.toFixed(2)}x (budget ≤ ${bookingBudgets.maxHandlerToDynamoRatio}x) ${ratioOk ? 'ok' : 'FAIL'}; Node CPU ${measured.cpuMsPerRequest.toFixed(1)} ms/req`,
      `  calls per request (${usualCount}/${samples.length}): ${usual.split(' ').join(' → ')} = ${describeCounts(countNames(samples.find((sample) => sample.calls.map((call) => call.name).join(' ') === usual)?.calls ?? []))}; ` +
        `max overlap between calls ${overlap.toFixed(3)} ms`,
      `  per call p50 ms, whole call (wire = request sent → response headers; the rest is the SDK in this process): ${perCall}; ` +
        `wire p50 per request ${wireMedian.toFixed(2)} ms`,
      `  own time by gap p50 ms: ${gaps(samples, usual).join(', ')}`,
      `  ${((performance.now() - started) / 1000).toFixed(1)} s in all (DynamoDB Local start and seeding included)`,
    );
    for (const problem of problems) lines.push(`  FAIL: ${problem}`);
    return { ok: problems.length === 0, lines };
  } finally {
    sink = undefined;
    removeCallTimer();
    await local?.stop();
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runBookingBench().then(
    ({ ok, lines }) => {
      for (const text of lines) console.log(text);
      process.exitCode = ok ? 0 : 1;
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 2;
    },
  );
}

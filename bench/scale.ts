/**
 * `node bench/scale.ts`: the hot reads with 100 and with 10,000 existing records, on DynamoDB Local.
 *
 *   - slots for a day          GET /v1/clinics/{vendorId}/services/{serviceId}/slots (one day)
 *   - a vendor's bookings      GET /v1/vendors/{vendorId}/bookings (one week, as the clinic's admin)
 *   - my bookings              GET /v1/me/bookings (page 1)
 *   - my orders                GET /v1/me/orders (page 1)
 *
 * Two worlds in one table, alike but for their size: a clinic with one service, a customer with a
 * pet, and 100 (small) or 10,000 (large) bookings of that customer at that clinic; a shop and 100 or
 * 10,000 orders of that customer. In both, the 100 newest bookings are in the coming days (what the
 * day's slots, the week's calendar and page 1 show); the large world's other 9,900 are in the past,
 * and so are its other 9,900 orders — the history a busy clinic and a loyal customer build up.
 *
 * One booking and one order are made by the real code (create-booking handler; the orders service's
 * checkout); the others are copies of their items with new ids and times (the store writes nothing
 * else for them), written in batches. The reads are the deployed handlers, in-process, requests of
 * the two worlds alternating; for each read: the items DynamoDB returned and the calls made (must be
 * the same: ratio 1.00) and the handler time (median; large / small ≤ scaleBudgets.maxHandlerTimeRatio).
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { BatchWriteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '#shared/table/client.ts';
import { tableName } from '#shared/table/definition.ts';
import { petKey } from '#shared/table/pets.ts';
import { addressKey } from '#shared/table/addresses.ts';
import { createStockItem } from '#shared/table/stock.ts';
import { commitWithEvents } from '#shared/table/transact.ts';
import { vendorMemberKey } from '#shared/auth/vendor-staff.ts';
import { newId } from '#shared/lib/ids.ts';
import { WEEKDAYS, type HoursRange, type Schedule, type Weekday } from '#shared/lib/opening-hours.ts';
import { handler as createBooking } from '../functions/booking/handlers/create-booking.ts';
import { handler as slotsHandler } from '../functions/booking/handlers/slots.ts';
import { handler as vendorBookingsHandler } from '../functions/booking/handlers/vendor-bookings.ts';
import { handler as myBookingsHandler } from '../functions/booking/handlers/my-bookings.ts';
import { handler as myOrdersHandler } from '../functions/orders/handlers/my-orders.ts';
import { manifest as bookingManifest } from '../functions/booking/manifest.ts';
import { manifest as ordersManifest } from '../functions/orders/manifest.ts';
import { dynamoBookingStore } from '../functions/booking/store.ts';
import type { VendorListing as BookingListing } from '../functions/booking/model.ts';
import { checkoutService } from '../functions/orders/checkout.ts';
import { dynamoOrdersStore } from '../functions/orders/store.ts';
import { callerOf } from '#shared/auth/caller.ts';
import { orderPorts } from '../functions/orders/wiring.ts';
import type { ProductListing, VendorListing as OrdersVendorListing } from '../functions/orders/model.ts';
import {
  apiGatewayEvent,
  inParallel,
  installCallTimer,
  invokeInProcess,
  measureSequential,
  median,
  onLocalDynamo,
  runIfMain,
  tally,
  wireMedian,
  type BenchResult,
  type HandlerSample,
  type InProcessRoute,
} from './measure.ts';
import { scaleBudgets } from './budgets.ts';

const SMALL = 100;
const LARGE = 10_000;
/** Bookings in the coming days, in both worlds. */
const RECENT = 100;
const WARM_UP = 5;
const RUNS = 60;
const SLOT_MS = 30 * 60_000;
const DAY_MS = 86_400_000;
const TIME_ZONE = 'Asia/Jakarta';

function alwaysOpen(): Schedule {
  const allDay: HoursRange[] = [{ open: '00:00', close: '24:00' }];
  return {
    timeZone: TIME_ZONE,
    weekly: Object.fromEntries(WEEKDAYS.map((day) => [day, allDay])) as Record<Weekday, HoursRange[]>,
    exceptions: [],
  };
}

/** Midnight in Jakarta `days` from today. */
function jakartaMidnight(days: number): Date {
  const jakartaDate = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
  return new Date(new Date(`${jakartaDate}T00:00:00+07:00`).getTime() + days * DAY_MS);
}

type Item = Record<string, unknown>;

async function getItem(pk: string, sk: string): Promise<Item> {
  const { Item } = await dynamo().send(
    new GetCommand({ TableName: tableName(), Key: { pk, sk }, ConsistentRead: true }),
  );
  if (!Item) throw new Error(`no item ${pk} / ${sk}`);
  return Item;
}

/** The item with every occurrence of each `from` (ids, times) replaced by its `to`, keys and indexes included. */
function copyOf(item: Item, replacements: readonly (readonly [from: string, to: string])[]): Item {
  // Through placeholders: a new value may equal another old one (a slot's end is the next slot's start).
  let text = JSON.stringify(item);
  replacements.forEach(([from], i) => (text = text.split(from).join(`\u0000${i}\u0000`)));
  replacements.forEach(([, to], i) => (text = text.split(`\u0000${i}\u0000`).join(to)));
  return JSON.parse(text) as Item;
}

async function writeAll(items: readonly Item[]): Promise<void> {
  const batches: Item[][] = [];
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
  await inParallel(batches, 4, async (batch) => {
    let requests: Record<string, { PutRequest: { Item: Item } }[]> = {
      [tableName()]: batch.map((item) => ({ PutRequest: { Item: item } })),
    };
    while (Object.keys(requests).length > 0) {
      const { UnprocessedItems } = await dynamo().send(new BatchWriteCommand({ RequestItems: requests }));
      requests = (UnprocessedItems ?? {}) as typeof requests;
    }
  });
}

interface BookingWorld {
  vendorId: string;
  serviceId: string;
  customerId: string;
  ownerId: string;
  day: Date;
}

/** A clinic, its admin, a customer with a pet, and `count` bookings: RECENT from tomorrow on, the rest before today. */
async function bookingWorld(count: number): Promise<BookingWorld> {
  const vendorId = newId();
  const serviceId = newId();
  const customerId = randomUUID();
  const ownerId = randomUUID();
  const petId = newId();
  const listing: BookingListing = {
    vendorId,
    listingVersion: 1,
    listed: true,
    name: 'Klinik Skala',
    kind: 'clinic',
    description: null,
    address: 'Jl. Bench No. 2',
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
        name: 'Konsultasi',
        category: 'vet_consultation',
        species: ['cat', 'dog'],
        durationMin: 30,
        price: { amount: 90_000, currency: 'IDR' },
        prepay: false,
        capacity: 3,
        bufferMin: 0,
      },
    ],
    schedule: alwaysOpen(),
    bookingPolicy: { leadTimeMin: 60, horizonDays: 60, cancelCutoffHours: 24 },
    updatedAt: new Date().toISOString(),
  };
  if ((await dynamoBookingStore().saveListing(listing)) !== 'saved') throw new Error('listing not saved');
  await dynamo().send(
    new PutCommand({ TableName: tableName(), Item: { ...petKey(customerId, petId), name: 'Mochi', species: 'cat' } }),
  );
  await dynamo().send(
    new PutCommand({ TableName: tableName(), Item: { ...vendorMemberKey(vendorId, ownerId), role: 'clinic_admin' } }),
  );

  // The template: a real booking tomorrow at 00:00 Jakarta.
  const day = jakartaMidnight(1);
  const created = await invokeInProcess(
    createBooking,
    'booking-createBooking',
  )(
    apiGatewayEvent(bookingManifest.routes.createBooking, customerId, {
      vendorId,
      serviceId,
      petId,
      start: day.toISOString(),
    }),
  );
  if (created.statusCode !== 201)
    throw new Error(`template booking: ${created.statusCode} ${String(created.body).slice(0, 200)}`);
  const template = JSON.parse(String(created.body)) as { bookingId: string; start: string; end: string };
  const booking = await getItem(`BOOKING#${template.bookingId}`, 'BOOKING');
  const counter = await getItem(`SLOTS#${vendorId}#${serviceId}`, template.start);

  const copies: Item[] = [];
  for (let i = 1; i < count; i += 1) {
    // Recent ones on tomorrow's grid onwards; the others backwards from yesterday.
    const startMs = i < RECENT ? day.getTime() + i * SLOT_MS : day.getTime() - 2 * DAY_MS - (i - RECENT) * SLOT_MS;
    const start = new Date(startMs).toISOString();
    const end = new Date(startMs + SLOT_MS).toISOString();
    const replacements = [
      [template.bookingId, newId()],
      [template.start, start],
      [template.end, end],
    ] as const;
    copies.push(copyOf(booking, replacements), copyOf(counter, replacements));
  }
  await writeAll(copies);
  return { vendorId, serviceId, customerId, ownerId, day };
}

interface OrderWorld {
  customerId: string;
}

/** A shop, a customer with an address, one real order (checkout) and `count - 1` copies of it before it. */
async function orderWorld(count: number): Promise<OrderWorld> {
  const store = dynamoOrdersStore();
  const vendor: OrdersVendorListing = {
    vendorId: newId(),
    listingVersion: 1,
    listed: true,
    name: 'Toko Skala',
    kind: 'shop',
    description: null,
    address: 'Jl. Bench No. 3',
    city: 'Jakarta Selatan',
    province: 'DKI Jakarta',
    postalCode: '12730',
    lat: -6.2615,
    lon: 106.8106,
    phone: '+628100000000',
    rating: null,
    reviewCount: 0,
    services: [],
    schedule: alwaysOpen(),
    bookingPolicy: { leadTimeMin: 60, horizonDays: 60, cancelCutoffHours: 24 },
    updatedAt: new Date().toISOString(),
  };
  if ((await store.saveVendor(vendor)) !== 'saved') throw new Error('vendor not saved');
  const productId = newId();
  const product: ProductListing = {
    productId,
    vendorId: vendor.vendorId,
    vendorName: vendor.name,
    listingVersion: 1,
    listed: true,
    name: 'Makanan Kucing Skala',
    description: { id: 'Makanan kucing', en: null },
    category: 'food',
    subcategory: 'cat_food',
    price: { amount: 125_000, currency: 'IDR' },
    weightGrams: 1_500,
    taxCategory: 'standard',
    imageUrl: null,
    available: 50,
    inStock: true,
    updatedAt: new Date().toISOString(),
  };
  if ((await store.saveProduct(product)) !== 'saved') throw new Error('product not saved');
  await commitWithEvents([createStockItem(productId, 50, new Date().toISOString())]);
  const customerId = randomUUID();
  const addressId = newId();
  await dynamo().send(
    new PutCommand({
      TableName: tableName(),
      Item: {
        ...addressKey(customerId, addressId),
        addressId,
        recipientName: 'Pelanggan Skala',
        phone: '+6281200000000',
        line1: 'Jl. Kemang Raya No. 10',
        line2: null,
        city: 'Jakarta Selatan',
        province: 'DKI Jakarta',
        postalCode: '12730',
        lat: -6.2607,
        lon: 106.8137,
      },
    }),
  );
  const at = new Date().toISOString();
  await store.saveCart(
    {
      customerId,
      version: 1,
      updatedAt: at,
      lines: [{ productId, vendorId: vendor.vendorId, quantity: 1, unitPriceSeen: 125_000, addedAt: at }],
    },
    null,
  );
  const service = checkoutService(
    orderPorts({
      rateOffer: async (key) => ({
        ...key,
        price: 18_000,
        etaDays: { min: 1, max: 2 },
        weightGrams: 50_000,
        offeredAt: at,
        expiresAt: new Date(Date.now() + 30 * 60_000).toISOString(),
      }),
    }),
  );
  const who = callerOf({
    auth: { userId: customerId, username: `${customerId}@bench.id`, groups: ['customer'] },
    correlationId: 'bench-scale',
  } as never);
  const shipping = { [vendor.vendorId]: 'jne:reg' };
  await service.quote(who, { addressId, shipping });
  const { orders } = await service.checkout(who, { addressId, shipping } as never);
  const template = orders[0]!;
  const order = await getItem(`ORDER#${template.orderId}`, 'ORDER');
  const createdMs = new Date(template.createdAt).getTime();
  const copies: Item[] = [];
  for (let i = 1; i < count; i += 1) {
    // Older than the real one: a history of one order an hour.
    copies.push(
      copyOf(order, [
        [template.orderId, newId()],
        [template.createdAt, new Date(createdMs - i * 3_600_000).toISOString()],
      ]),
    );
  }
  await writeAll(copies);
  return { customerId };
}

interface Read {
  name: string;
  small: InProcessRoute<null>;
  large: InProcessRoute<null>;
}

const get = (
  handler: unknown,
  functionName: string,
  event: () => ReturnType<typeof apiGatewayEvent>,
): InProcessRoute<null> => ({
  event,
  invoke: invokeInProcess(handler, functionName),
  expectedStatus: 200,
});

function reads(
  small: { booking: BookingWorld; order: OrderWorld },
  large: { booking: BookingWorld; order: OrderWorld },
): Read[] {
  const { slots, vendorBookings, myBookings } = bookingManifest.routes;
  const dayRead = (world: BookingWorld) =>
    get(slotsHandler, 'booking-slots', () =>
      apiGatewayEvent(slots, world.customerId, undefined, {
        params: { vendorId: world.vendorId, serviceId: world.serviceId },
        query: { from: world.day.toISOString(), to: new Date(world.day.getTime() + DAY_MS).toISOString() },
      }),
    );
  const weekRead = (world: BookingWorld) =>
    get(vendorBookingsHandler, 'booking-vendorBookings', () =>
      apiGatewayEvent(vendorBookings, world.ownerId, undefined, {
        params: { vendorId: world.vendorId },
        query: { from: world.day.toISOString(), to: new Date(world.day.getTime() + 7 * DAY_MS).toISOString() },
        groups: '[customer clinic_admin]',
      }),
    );
  const mine = (world: BookingWorld) =>
    get(myBookingsHandler, 'booking-myBookings', () => apiGatewayEvent(myBookings, world.customerId, undefined));
  const orders = (world: OrderWorld) =>
    get(myOrdersHandler, 'orders-myOrders', () =>
      apiGatewayEvent(ordersManifest.routes.myOrders, world.customerId, undefined),
    );
  return [
    { name: 'slots for a day', small: dayRead(small.booking), large: dayRead(large.booking) },
    { name: "a vendor's bookings for a week", small: weekRead(small.booking), large: weekRead(large.booking) },
    { name: 'my bookings, page 1', small: mine(small.booking), large: mine(large.booking) },
    { name: 'my orders, page 1', small: orders(small.order), large: orders(large.order) },
  ];
}

const itemsOf = (sample: HandlerSample) => sample.calls.reduce((sum, call) => sum + call.items, 0);
const callsOf = (sample: HandlerSample) => sample.calls.map((call) => call.name).join(' ');

export function runScaleBench(): Promise<BenchResult> {
  const started = performance.now();
  return onLocalDynamo(async () => {
    const problems: string[] = [];
    const small = { booking: await bookingWorld(SMALL), order: await orderWorld(SMALL) };
    const large = { booking: await bookingWorld(LARGE), order: await orderWorld(LARGE) };
    const seeded = performance.now();
    installCallTimer();

    const lines = [
      `Hot reads with ${SMALL} and ${LARGE.toLocaleString('en')} existing records (bookings of one customer at one clinic; orders of one customer), handlers in-process on DynamoDB Local, Node ${process.version}:`,
      `  ${RUNS} requests per read and world after ${WARM_UP} warm-up, the two worlds alternating; items = what DynamoDB returned; time = handler wall time p50`,
    ];
    for (const read of reads(small, large)) {
      await measureSequential([null], read.small);
      await measureSequential([null], read.large);
      const smallSamples: HandlerSample[] = [];
      const largeSamples: HandlerSample[] = [];
      const refused: string[] = [];
      let smallCpu = 0;
      let largeCpu = 0;
      for (let i = 0; i < WARM_UP + RUNS; i += 1) {
        // Which world goes first alternates too: neither gets the other's warm caches every time.
        const first = await measureSequential([null], i % 2 === 0 ? read.small : read.large);
        const second = await measureSequential([null], i % 2 === 0 ? read.large : read.small);
        const [a, b] = i % 2 === 0 ? [first, second] : [second, first];
        for (const run of [a, b]) refused.push(...run.refused.map((refusal) => `${refusal.status} ${refusal.body}`));
        if (i < WARM_UP) continue;
        smallSamples.push(...a.samples);
        largeSamples.push(...b.samples);
        smallCpu += a.cpuMsPerRequest;
        largeCpu += b.cpuMsPerRequest;
      }
      if (refused.length > 0)
        problems.push(`${read.name}: ${refused.length} not 200 (first: ${refused[0]!.slice(0, 200)})`);
      const smallItems = median(smallSamples.map(itemsOf));
      const largeItems = median(largeSamples.map(itemsOf));
      const smallCalls = [...tally(smallSamples.map(callsOf))];
      const largeCalls = [...tally(largeSamples.map(callsOf))];
      const sameCalls = smallCalls.length === 1 && largeCalls.length === 1 && smallCalls[0]![0] === largeCalls[0]![0];
      const itemsRatio = largeItems / smallItems;
      const callsRatio =
        median(largeSamples.map((sample) => sample.calls.length)) /
        median(smallSamples.map((sample) => sample.calls.length));
      const smallMs = median(smallSamples.map((sample) => sample.handlerMs));
      const largeMs = median(largeSamples.map((sample) => sample.handlerMs));
      const timeRatio = largeMs / smallMs;
      const ok = itemsRatio === 1 && sameCalls && timeRatio <= scaleBudgets.maxHandlerTimeRatio;
      if (itemsRatio !== 1)
        problems.push(`${read.name}: ${largeItems} items read with ${LARGE} records, ${smallItems} with ${SMALL}`);
      if (!sameCalls)
        problems.push(
          `${read.name}: calls differ — ${SMALL}: ${smallCalls.map(([calls, n]) => `${calls} ×${n}`).join(' | ')}; ${LARGE}: ${largeCalls.map(([calls, n]) => `${calls} ×${n}`).join(' | ')}`,
        );
      if (timeRatio > scaleBudgets.maxHandlerTimeRatio)
        problems.push(`${read.name}: handler time ${timeRatio.toFixed(2)}x > ${scaleBudgets.maxHandlerTimeRatio}x`);
      lines.push(
        `  ${read.name.padEnd(31)} items ${String(smallItems).padStart(3)} → ${String(largeItems).padStart(3)} (${itemsRatio.toFixed(2)}x), ` +
          `calls ${smallCalls[0]?.[0] ?? '-'} → ${largeCalls[0]?.[0] ?? '-'} (${callsRatio.toFixed(2)}x), ` +
          `time p50 ${smallMs.toFixed(2)} → ${largeMs.toFixed(2)} ms = ${timeRatio.toFixed(2)}x (budget ≤ ${scaleBudgets.maxHandlerTimeRatio}x; ` +
          `of which on the wire ${wireMedian(smallSamples).toFixed(2)} → ${wireMedian(largeSamples).toFixed(2)} ms), ` +
          `Node CPU ${(smallCpu / RUNS).toFixed(1)} → ${(largeCpu / RUNS).toFixed(1)} ms/req ${ok ? 'ok' : 'FAIL'}`,
      );
    }
    lines.push(
      `  ${((performance.now() - started) / 1000).toFixed(1)} s in all (seeding ${((seeded - started) / 1000).toFixed(1)} s, DynamoDB Local start included)`,
    );
    return { lines, problems };
  });
}

/** In its own process (for bench/run.ts): the shared DynamoDB client keeps the endpoint it was first created with. */
export function runScaleBenchInChild(): Promise<BenchResult> {
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
        lines.push(`  FAIL: bench/scale.ts exited ${code}: ${err.trim().split('\n').slice(-5).join(' | ')}`);
      resolve({ ok: code === 0, lines });
    });
  });
}

runIfMain(import.meta.url, runScaleBench);

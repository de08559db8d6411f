/**
 * `node bench/checkout.ts`: checkout (POST /v1/checkout) on DynamoDB Local, the real engine. Measures
 *   1. throughput: 200 checkouts at concurrency 32 each buying 1 unit of ONE product (contention on
 *      its stock item), then 200 each on its own product; the stock items must end with exactly the
 *      units sold reserved;
 *   2. the handler's own cost: median handler time / median DynamoDB wall time of its calls
 *      (sequential requests, after a warm-up), against checkoutBudgets;
 * and exits 1 when a budget is missed, a checkout is not 201 or the stock does not add up.
 *
 * What runs: the checkout route's pipeline as handlers/checkout.ts builds it (idempotentHttpRoute:
 * middy, Powertools logger and idempotency, zod) around `ordersService(orderPorts({ shippingRate }))
 * .checkout()` and the 201 reply, invoked in-process with API Gateway v2 events. handlers/checkout.ts
 * itself takes no ports (its module-level `orders()` asks the real carrier through shipping's
 * vendor projection), so the bench builds the same handler with a stub carrier price — the table
 * work (cart, product and vendor projections, address, stock reservation, orders, checkout, outbox,
 * idempotency records) is all real. One difference: the deployed handler then waits for the order
 * saga's payment page (polling GET checkout every 100 ms, up to PAYMENT_PAGE_WAIT_MS); no saga runs
 * here, so the bench's handler answers at once with `payment: null` and that wait is not measured.
 *
 * DynamoDB call time comes from a middleware on the shared client's stack (`dynamoClient()`), which
 * the DocumentClient of the stores (`dynamo()`) and the Powertools idempotency layer both use (as in
 * bench/booking.ts). Checkout reads a cart's products and its vendors with Promise.all, so calls of
 * one request may overlap: the denominator is the union of the calls' intervals (wall time during
 * which at least one DynamoDB call was in flight), not their sum; both are reported.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { dynamo, dynamoClient } from '#shared/table/client.ts';
import { tableName } from '#shared/table/definition.ts';
import { addressKey } from '#shared/table/addresses.ts';
import { createStockItem, stockLevel } from '#shared/table/stock.ts';
import { commitWithEvents } from '#shared/table/transact.ts';
import { idempotentHttpRoute } from '#shared/http/idempotency.ts';
import { reply, type HttpEvent, type HttpResult } from '#shared/http/route.ts';
import { newId } from '#shared/lib/ids.ts';
import { WEEKDAYS, type HoursRange, type Schedule, type Weekday } from '#shared/lib/opening-hours.ts';
import { startLocalDynamo, type LocalDynamo } from '../local/testing.ts';
import { lambdaContext } from '../local/lambda.ts';
import { manifest } from '../functions/orders/manifest.ts';
import { ordersService } from '../functions/orders/orders.ts';
import { dynamoOrdersStore } from '../functions/orders/store.ts';
import { orderView } from '../functions/orders/view.ts';
import { caller, orderPorts } from '../functions/orders/wiring.ts';
import type { ProductListing, VendorListing } from '../functions/orders/model.ts';

/**
 * The checkout handler may cost at most this multiple of the DynamoDB calls it makes (median
 * handler time / median wall time inside its calls, sequential requests on DynamoDB Local).
 */
export const checkoutBudgets = {
  maxHandlerToDynamoRatio: 1.5,
} as const;

const THROUGHPUT_CHECKOUTS = 200;
const CONCURRENCY = 32;
/** Before the throughput runs (module init, idempotency layer, connections, DynamoDB Local's JIT on these transactions). */
const WARM_UP_CHECKOUTS = 2 * CONCURRENCY;
const RATIO_WARM_UP = 30;
const RATIO_RUNS = 150;
/** The multi-vendor cart (3 lines over 2 vendors: reads overlap), information beside the single-line run. */
const MULTI_WARM_UP = 10;
const MULTI_RUNS = 60;
/** The hot product's stock: more than the contention run sells, so every checkout can succeed. */
const HOT_ON_HAND = 500;
/** Every other product's stock. */
const OWN_ON_HAND = 20;
const VENDORS = 8;
const UNIT_PRICE = 125_000;
const SERVICE_CODE = 'jne:reg';
/** The carrier stub: what shipping would quote. */
const SHIPPING_PRICE = 18_000;
const SEED_CONCURRENCY = 16;
const TIME_ZONE = 'Asia/Jakarta';
const MIDDLEWARE_NAME = 'benchDynamoCallTimer';
const WIRE_MIDDLEWARE_NAME = 'benchDynamoWireTimer';

// ---------------------------------------------------------------- recording DynamoDB calls

interface Call {
  /** Command and the key's prefix: `GetItem CART`, `PutItem IDEMPOTENCY`, `TransactWriteItems`. */
  name: string;
  start: number;
  end: number;
  /** Of which waiting on DynamoDB Local: request sent → response headers (the SDK's own work is the rest). */
  wire: number;
}

/** Where finished calls go; undefined: not recorded. */
let sink: Call[] | undefined;

/** The call's Key or Item as `<pk prefix>` or `<pk prefix>/<sk prefix>` (marshalled or not). */
function keyPrefix(input: unknown): string | undefined {
  if (!input || typeof input !== 'object') return undefined;
  const { Key, Item } = input as { Key?: Record<string, unknown>; Item?: Record<string, unknown> };
  const text = (value: unknown) => (typeof value === 'string' ? value : value && typeof value === 'object' && 'S' in value ? String(value.S) : undefined);
  const pk = text((Key ?? Item)?.pk);
  const sk = text((Key ?? Item)?.sk);
  if (pk === undefined) return undefined;
  // USER#<id> / ADDRESS#<id> → USER/ADDRESS; CART#<id> / CART → CART.
  const skPrefix = sk?.includes('#') ? sk.split('#')[0] : undefined;
  return skPrefix && /^[A-Z_]+$/.test(skPrefix) ? `${pk.split('#')[0]}/${skPrefix}` : pk.split('#')[0];
}

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
      const command = String(context.commandName ?? '?').replace(/Command$/, '');
      const prefix = keyPrefix((args as { input?: unknown }).input);
      try {
        return await next(args);
      } finally {
        sink?.push({ name: prefix ? `${command} ${prefix}` : command, start, end: performance.now(), wire: wire.get(context) ?? 0 });
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

/** The calls' intervals merged: wall time with at least one call in flight, and which calls each stretch held. */
function segments(calls: readonly Call[]): { start: number; end: number; names: string[] }[] {
  const merged: { start: number; end: number; names: string[] }[] = [];
  for (const call of [...calls].sort((a, b) => a.start - b.start)) {
    const last = merged.at(-1);
    if (last && call.start < last.end) {
      last.end = Math.max(last.end, call.end);
      last.names.push(call.name);
    } else {
      merged.push({ start: call.start, end: call.end, names: [call.name] });
    }
  }
  return merged;
}

// ---------------------------------------------------------------- fixtures

function alwaysOpen(): Schedule {
  const allDay: HoursRange[] = [{ open: '00:00', close: '24:00' }];
  return { timeZone: TIME_ZONE, weekly: Object.fromEntries(WEEKDAYS.map((day) => [day, allDay])) as Record<Weekday, HoursRange[]>, exceptions: [] };
}

function vendorListing(vendorId: string, index: number): VendorListing {
  return {
    vendorId, listingVersion: 1, listed: true, name: `Toko Hewan Bench ${index + 1}`, kind: 'shop', description: null,
    address: `Jl. Bench No. ${index + 1}`, city: 'Jakarta Selatan', province: 'DKI Jakarta', postalCode: '12730', lat: -6.2615, lon: 106.8106, phone: '+628100000000',
    rating: null, reviewCount: 0, services: [], schedule: alwaysOpen(),
    bookingPolicy: { leadTimeMin: 60, horizonDays: 60, cancelCutoffHours: 24 },
    updatedAt: new Date().toISOString(),
  };
}

/** product.listing_updated as orders keeps it: listed, plenty available. */
function productListing(productId: string, vendor: VendorListing, available: number): ProductListing {
  return {
    productId, vendorId: vendor.vendorId, vendorName: vendor.name, listingVersion: 1, listed: true,
    name: `Makanan Kucing Bench ${productId.slice(-4)}`, description: { id: 'Makanan kucing untuk bench', en: null },
    category: 'food', subcategory: 'cat_food', price: { amount: UNIT_PRICE, currency: 'IDR' }, weightGrams: 1_500, taxCategory: 'standard',
    imageUrl: null, available, inStock: available > 0, updatedAt: new Date().toISOString(),
  };
}

/** `work` over `items`, `limit` at a time. */
async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++]!);
  }));
}

interface Product {
  productId: string;
  vendorId: string;
}

/** Orders' product projection and the catalog's stock item of one product per entry of `sellers` (its vendor). */
async function seedProducts(sellers: readonly VendorListing[], onHand: number): Promise<Product[]> {
  const products = sellers.map((vendor) => ({ productId: newId(), vendor }));
  const store = dynamoOrdersStore();
  await inParallel(products, SEED_CONCURRENCY, async ({ productId, vendor }) => {
    if ((await store.saveProduct(productListing(productId, vendor, onHand))) !== 'saved') throw new Error(`product ${productId} not saved`);
    await commitWithEvents([createStockItem(productId, onHand, new Date().toISOString())]);
  });
  return products.map(({ productId, vendor }) => ({ productId, vendorId: vendor.vendorId }));
}

interface Customer {
  customerId: string;
  addressId: string;
  /** Vendors in the cart: each gets a courier choice. */
  vendorIds: string[];
}

/** One customer per checkout (a customer has one cart): a saved address and a cart of `lines`, 1 unit each. */
async function seedCustomers(carts: readonly (readonly Product[])[]): Promise<Customer[]> {
  const store = dynamoOrdersStore();
  const customers: Customer[] = carts.map((lines) => ({ customerId: randomUUID(), addressId: newId(), vendorIds: [...new Set(lines.map((line) => line.vendorId))] }));
  await inParallel(carts.map((lines, i) => ({ lines, customer: customers[i]! })), SEED_CONCURRENCY, async ({ lines, customer }) => {
    const at = new Date().toISOString();
    await dynamo().send(new PutCommand({
      TableName: tableName(),
      Item: {
        ...addressKey(customer.customerId, customer.addressId),
        addressId: customer.addressId, recipientName: 'Pelanggan Bench', phone: '+6281200000000', line1: 'Jl. Kemang Raya No. 10', line2: null,
        city: 'Jakarta Selatan', province: 'DKI Jakarta', postalCode: '12730', lat: -6.2607, lon: 106.8137,
      },
    }));
    await store.saveCart({
      customerId: customer.customerId, version: 1, updatedAt: at,
      lines: lines.map(({ productId, vendorId }) => ({ productId, vendorId, quantity: 1, unitPriceSeen: UNIT_PRICE, addedAt: at })),
    }, null);
    // Checkout charges the quote's shipping: quote first, as the app does (not measured).
    await service.quote(caller({ auth: { userId: customer.customerId, username: `${customer.customerId}@bench.id`, groups: ['customer'] }, correlationId: 'bench-quote' } as never),
      { addressId: customer.addressId, shipping: Object.fromEntries(customer.vendorIds.map((vendorId) => [vendorId, SERVICE_CODE])) });
  });
  return customers;
}

// ---------------------------------------------------------------- the handler

const route = manifest.routes.checkout;
const routeKey = `${route.method} ${route.path}`;

/** The carrier stub: a fixed price for any parcel (shipping's vendor projection and the carrier are not part of this bench). */
const service = ordersService(orderPorts({ shippingRate: async () => ({ price: SHIPPING_PRICE, etaDays: { min: 1, max: 2 } }) }));

/** handlers/checkout.ts with the stub carrier, less its wait for the saga's payment page (see the top). */
const checkoutHandler = idempotentHttpRoute(route, async (request) => {
  const { checkout, orders: created } = await service.checkout(caller(request), request.body);
  return reply.created({
    checkoutId: checkout.checkoutId, status: checkout.status, total: { amount: checkout.total, currency: 'IDR' }, orders: created.map(orderView), payment: checkout.payment,
  }, `/v1/checkouts/${checkout.checkoutId}`);
});

/** POST /v1/checkout as API Gateway v2 passes it with the JWT authorizer's claims (see local/gateway.ts). */
function createEvent({ customerId, addressId, vendorIds }: Customer): HttpEvent {
  const body = JSON.stringify({ addressId, shipping: Object.fromEntries(vendorIds.map((vendorId) => [vendorId, SERVICE_CODE])) });
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
      authorizer: { jwt: { claims: { sub: customerId, username: `${customerId.slice(0, 8)}@bench.petpro.id`, 'cognito:groups': '[customer]' }, scopes: null } },
    },
  };
}

const invokeHandler = (event: HttpEvent): Promise<HttpResult> =>
  (checkoutHandler as unknown as (event: HttpEvent, context: Context) => Promise<HttpResult>)(event, lambdaContext('orders-checkout', 30_000));

/** Nearest-rank percentile of ascending samples. */
function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}
const median = (values: readonly number[]) => percentile([...values].sort((a, b) => a - b), 50);

interface Refusal {
  status: number;
  body: string;
}

const refusal = (result: HttpResult): Refusal | undefined =>
  result.statusCode === 201 ? undefined : { status: result.statusCode ?? 0, body: String(result.body ?? '').slice(0, 200) };

interface Throughput {
  perSecond: number;
  p50: number;
  p95: number;
  refused: Refusal[];
  calls: Map<string, number>;
  /** This process's CPU time (user + system) per checkout: the handler's side of the work. */
  cpuMsPerRequest: number;
}

/** The customers' checkouts through the handler, `concurrency` at a time; latency per checkout, checkouts/s over the whole run. */
async function throughput(customers: readonly Customer[], concurrency: number): Promise<Throughput> {
  const latencies: number[] = [];
  const refused: Refusal[] = [];
  const calls: Call[] = [];
  sink = calls;
  let next = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < customers.length) {
        const event = createEvent(customers[next++]!);
        const at = performance.now();
        const result = await invokeHandler(event);
        latencies.push(performance.now() - at);
        const refusedAs = refusal(result);
        if (refusedAs) refused.push(refusedAs);
      }
    }),
  );
  const elapsed = performance.now() - started;
  const { user, system } = process.cpuUsage(cpu);
  sink = undefined;
  latencies.sort((a, b) => a - b);
  return { perSecond: (customers.length / elapsed) * 1000, p50: percentile(latencies, 50), p95: percentile(latencies, 95), refused, calls: countNames(calls), cpuMsPerRequest: (user + system) / 1000 / customers.length };
}

interface RatioSample {
  handlerMs: number;
  /** Sum of the calls' durations (wall time only when they never overlap). */
  sumMs: number;
  /** Union of the calls' intervals: wall time with at least one call in flight. */
  unionMs: number;
  calls: Call[];
  handlerStart: number;
  handlerEnd: number;
}

interface Ratio {
  samples: RatioSample[];
  refused: Refusal[];
  /** This process's CPU time per checkout (the handler's own work and the SDK's side of the calls). */
  cpuMsPerRequest: number;
}

/** Sequential checkouts: each one's handler time and the DynamoDB calls made while it ran. */
async function sequential(customers: readonly Customer[]): Promise<Ratio> {
  const samples: RatioSample[] = [];
  const refused: Refusal[] = [];
  const cpu = process.cpuUsage();
  for (const customer of customers) {
    const event = createEvent(customer);
    const calls: Call[] = [];
    sink = calls;
    const handlerStart = performance.now();
    const result = await invokeHandler(event);
    const handlerEnd = performance.now();
    sink = undefined;
    const refusedAs = refusal(result);
    if (refusedAs) refused.push(refusedAs);
    calls.sort((a, b) => a.start - b.start);
    samples.push({
      handlerMs: handlerEnd - handlerStart,
      sumMs: calls.reduce((sum, call) => sum + (call.end - call.start), 0),
      unionMs: segments(calls).reduce((sum, segment) => sum + (segment.end - segment.start), 0),
      calls, handlerStart, handlerEnd,
    });
  }
  const { user, system } = process.cpuUsage(cpu);
  return { samples, refused, cpuMsPerRequest: (user + system) / 1000 / customers.length };
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

/** A request's shape: its stretches of DynamoDB time in order, overlapping calls joined with ` + `. */
const shapeOf = (sample: RatioSample) => segments(sample.calls).map((segment) => [...countNames(segment.names.map((name) => ({ name, start: 0, end: 0, wire: 0 })))]
  .map(([name, count]) => (count > 1 ? `${name} ×${count}` : name)).join(' + ')).join(' → ');

/**
 * Where the handler's own time goes: the gaps before the first stretch of DynamoDB time, between
 * stretches and after the last (median of each, for requests of the usual shape). In order: middy +
 * logger + idempotency key and hashing | ... | the use case between reads (pricing, orders) | view +
 * JSON + the response record | middy after.
 */
function gaps(samples: readonly RatioSample[], shape: string): string[] {
  const same = samples.filter((sample) => shapeOf(sample) === shape);
  if (same.length === 0) return [];
  const names = ['start', ...shape.split(' → ')];
  const columns = names.map((name, i) => ({ label: `${name}→${names[i + 1] ?? 'end'}`, values: [] as number[] }));
  for (const sample of same) {
    const edges = [sample.handlerStart, ...segments(sample.calls).flatMap((segment) => [segment.start, segment.end]), sample.handlerEnd];
    for (let i = 0; i < columns.length; i += 1) columns[i]!.values.push(edges[2 * i + 1]! - edges[2 * i]!);
  }
  return columns.map(({ label, values }) => `${label} ${median(values).toFixed(2)}`);
}

interface RatioSummary {
  ok: boolean;
  lines: string[];
  overlap: number;
}

function summarise(title: string, budgeted: boolean, { samples, cpuMsPerRequest }: Ratio): RatioSummary {
  const handlerMedian = median(samples.map((sample) => sample.handlerMs));
  const unionMedian = median(samples.map((sample) => sample.unionMs));
  const sumMedian = median(samples.map((sample) => sample.sumMs));
  const ratio = handlerMedian / unionMedian;
  const overlap = maxOverlap(samples);
  const ok = !budgeted || ratio <= checkoutBudgets.maxHandlerToDynamoRatio;

  const shapes = new Map<string, number>();
  for (const sample of samples) shapes.set(shapeOf(sample), (shapes.get(shapeOf(sample)) ?? 0) + 1);
  const [usual, usualCount] = [...shapes].sort((a, b) => b[1] - a[1])[0] ?? ['', 0];
  const names = [...new Set(samples.flatMap((sample) => sample.calls.map((call) => call.name)))];
  const callMedian = (name: string, of: (call: Call) => number) => median(samples.flatMap((sample) => sample.calls.filter((call) => call.name === name).map(of)));
  const perCall = names.map((name) => `${name} ${callMedian(name, (call) => call.end - call.start).toFixed(2)} (wire ${callMedian(name, (call) => call.wire).toFixed(2)})`).join(', ');
  const wireMedian = median(samples.map((sample) => sample.calls.reduce((sum, call) => sum + call.wire, 0)));
  const ownMs = samples.map((sample) => sample.handlerMs - sample.unionMs);
  const overlapping = samples.filter((sample) => sample.sumMs - sample.unionMs > 0.001).length;
  const first = samples.find((sample) => shapeOf(sample) === usual);

  return {
    ok,
    overlap,
    lines: [
      `  ${title}: handler p50 ${handlerMedian.toFixed(2)} ms, DynamoDB wall (union of calls) p50 ${unionMedian.toFixed(2)} ms ` +
        `(sum of calls p50 ${sumMedian.toFixed(2)} ms), own time p50 ${median(ownMs).toFixed(2)} ms → ratio ${ratio.toFixed(2)}x ` +
        `${budgeted ? `(budget ≤ ${checkoutBudgets.maxHandlerToDynamoRatio}x) ${ok ? 'ok' : 'FAIL'}` : '(information)'}; Node CPU ${cpuMsPerRequest.toFixed(1)} ms/req`,
      `    calls per checkout: ${describeCounts(countNames(first?.calls ?? []))}; ${overlapping}/${samples.length} checkouts had overlapping calls, ` +
        `max overlap ${overlap.toFixed(3)} ms${overlap > 0 ? ' (so the union, not the sum, is the denominator)' : ' (union = sum)'}`,
      `    usual shape (${usualCount}/${samples.length}): ${usual}`,
      `    per call p50 ms, whole call (wire = request sent → response headers; the rest is the SDK in this process): ${perCall}; wire p50 per checkout ${wireMedian.toFixed(2)} ms`,
      `    own time by gap p50 ms: ${gaps(samples, usual).join(', ')}`,
    ],
  };
}

// ---------------------------------------------------------------- the bench

export async function runCheckoutBench(): Promise<{ ok: boolean; lines: string[] }> {
  const problems: string[] = [];
  const lines: string[] = [];
  const started = performance.now();
  let local: LocalDynamo | undefined;
  try {
    local = await startLocalDynamo({ tableName: 'petpro-bench' });
    // The shared client reads the endpoint from the environment when first created: it must find the bench's table.
    await dynamoClient().send(new DescribeTableCommand({ TableName: local.tableName })).catch((error: unknown) => {
      throw new Error('the shared DynamoDB client does not reach DynamoDB Local (created before it started? run this bench in its own process)', { cause: error });
    });

    // Seed: vendors, the hot product, one product per other checkout, one customer (address + cart) per checkout.
    const store = dynamoOrdersStore();
    const vendors = Array.from({ length: VENDORS }, (_, i) => vendorListing(newId(), i));
    await inParallel(vendors, SEED_CONCURRENCY, async (vendor) => {
      if ((await store.saveVendor(vendor)) !== 'saved') throw new Error(`vendor ${vendor.vendorId} not saved`);
    });
    const seller = (i: number) => vendors[i % VENDORS]!;
    const singles = (count: number) => seedProducts(Array.from({ length: count }, (_, i) => seller(i)), OWN_ON_HAND);
    const [hotProduct] = await seedProducts([seller(0)], HOT_ON_HAND);
    const ratioCount = RATIO_WARM_UP + RATIO_RUNS;
    const multiCount = MULTI_WARM_UP + MULTI_RUNS;
    const warmCustomers = await seedCustomers((await singles(WARM_UP_CHECKOUTS)).map((product) => [product]));
    const hotCustomers = await seedCustomers(Array.from({ length: THROUGHPUT_CHECKOUTS }, () => [hotProduct!]));
    const ownProducts = await singles(THROUGHPUT_CHECKOUTS);
    const ownCustomers = await seedCustomers(ownProducts.map((product) => [product]));
    const ratioCustomers = await seedCustomers((await singles(ratioCount)).map((product) => [product]));
    // 3 lines over 2 vendors: vendor A, vendor B, vendor A again.
    const multiProducts = await seedProducts(Array.from({ length: multiCount }, (_, i) => [seller(i), seller(i + 1), seller(i)]).flat(), OWN_ON_HAND);
    const multiCarts = Array.from({ length: multiCount }, (_, i) => multiProducts.slice(3 * i, 3 * i + 3));
    const multiCustomers = await seedCustomers(multiCarts);
    const seeded = performance.now();

    installCallTimer();
    const notShared = checkStacksShared();
    if (notShared) problems.push(notShared);

    // Warm the handler and DynamoDB Local with checkouts of their own.
    const warmUp = await throughput(warmCustomers, CONCURRENCY);
    const hot = await throughput(hotCustomers, CONCURRENCY);
    const many = await throughput(ownCustomers, CONCURRENCY);
    const ratioWarm = await sequential(ratioCustomers.slice(0, RATIO_WARM_UP));
    const ratio = await sequential(ratioCustomers.slice(RATIO_WARM_UP));
    const multiWarm = await sequential(multiCustomers.slice(0, MULTI_WARM_UP));
    const multi = await sequential(multiCustomers.slice(MULTI_WARM_UP));
    sink = undefined;

    // The stock adds up: the hot item has exactly the units sold reserved, every own product one.
    for (const [name, run] of [
      ['warm-up', warmUp], ['contention', hot], ['no contention', many],
      ['ratio', { refused: [...ratioWarm.refused, ...ratio.refused] }], ['multi-vendor ratio', { refused: [...multiWarm.refused, ...multi.refused] }],
    ] as const) {
      if (run.refused.length > 0) problems.push(`${name}: ${run.refused.length} not 201 (first: ${run.refused[0]!.status} ${run.refused[0]!.body})`);
    }
    const hotStock = await stockLevel(hotProduct!.productId);
    const hotSold = THROUGHPUT_CHECKOUTS - hot.refused.length;
    if (hotStock?.reserved !== THROUGHPUT_CHECKOUTS || hotStock.available !== HOT_ON_HAND - THROUGHPUT_CHECKOUTS || hotStock.onHand !== HOT_ON_HAND) {
      problems.push(`hot product stock onHand ${hotStock?.onHand} reserved ${hotStock?.reserved} available ${hotStock?.available}, expected ${HOT_ON_HAND} / ${THROUGHPUT_CHECKOUTS} / ${HOT_ON_HAND - THROUGHPUT_CHECKOUTS}`);
    }
    if (hotStock && hotStock.reserved !== hotSold) problems.push(`hot product: ${hotStock.reserved} reserved but ${hotSold} checkouts answered 201`);
    const ownLevels = await Promise.all(ownProducts.map((product) => stockLevel(product.productId)));
    const ownWrong = ownLevels.filter((level) => level?.reserved !== 1 || level.available !== OWN_ON_HAND - 1).length;
    if (ownWrong > 0) problems.push(`no contention: ${ownWrong}/${ownProducts.length} products without exactly 1 reserved`);

    const single = summarise(`single-line carts, ${RATIO_RUNS} sequential after ${RATIO_WARM_UP} warm-up`, true, ratio);
    const multiVendor = summarise(`3 lines / 2 vendors, ${MULTI_RUNS} sequential after ${MULTI_WARM_UP} warm-up`, true, multi);
    if (!single.ok) problems.push(`single-line handler/DynamoDB ratio above ${checkoutBudgets.maxHandlerToDynamoRatio}x (see its gaps)`);
    if (!multiVendor.ok) problems.push(`multi-vendor handler/DynamoDB ratio above ${checkoutBudgets.maxHandlerToDynamoRatio}x (see its gaps)`);

    const throughputLine = (name: string, run: Throughput) =>
      `  ${name.padEnd(44)} ${run.perSecond.toFixed(0).padStart(5)} checkouts/s   p50 ${run.p50.toFixed(1).padStart(6)} ms   p95 ${run.p95.toFixed(1).padStart(6)} ms   ` +
      `${THROUGHPUT_CHECKOUTS - run.refused.length}/${THROUGHPUT_CHECKOUTS} × 201   Node CPU ${run.cpuMsPerRequest.toFixed(1)} ms/req   calls: ${describeCounts(run.calls, THROUGHPUT_CHECKOUTS)} per checkout`;
    lines.push(
      `Checkout (POST /v1/checkout in-process on DynamoDB Local), Node ${process.version}:`,
      '  handler = the route\'s idempotentHttpRoute pipeline (middy, logger, Powertools idempotency, zod) around ordersService(orderPorts({ shippingRate: stub ' +
        `${SHIPPING_PRICE} IDR })).checkout() + the 201 reply; handlers/checkout.ts takes no ports, so the bench builds the same handler with the carrier stubbed ` +
        '(all table work real) and without its wait for the saga\'s payment page (no saga here; deployed, it polls GET checkout every 100 ms, up to 4 s)',
      throughputLine(`contention: ${THROUGHPUT_CHECKOUTS} × 1 unit of 1 product, ×${CONCURRENCY}`, hot),
      throughputLine(`no contention: ${THROUGHPUT_CHECKOUTS} on ${THROUGHPUT_CHECKOUTS} products, ×${CONCURRENCY}`, many),
      `  stock after: hot product onHand ${hotStock?.onHand} reserved ${hotStock?.reserved} available ${hotStock?.available} (from ${HOT_ON_HAND}); ` +
        `${ownProducts.length - ownWrong}/${ownProducts.length} own products with exactly 1 reserved`,
      '  handler vs raw DynamoDB (ratio = median handler / median union of the call intervals; timer on dynamoClient()\'s stack, initialize step):',
      ...single.lines,
      ...multiVendor.lines,
      `  ${((performance.now() - started) / 1000).toFixed(1)} s in all (seeding ${((seeded - started) / 1000).toFixed(1)} s, DynamoDB Local start included)`,
    );
    for (const problem of problems) lines.push(`  FAIL: ${problem}`);
    return { ok: problems.length === 0, lines };
  } finally {
    sink = undefined;
    removeCallTimer();
    await local?.stop();
  }
}

/**
 * The bench in a child process (for bench/run.ts): the shared DynamoDB client keeps the endpoint
 * it was created with, and another bench in the same process has already bound it to its own
 * DynamoDB Local (stopped by now).
 */
export function runCheckoutBenchInChild(): Promise<{ ok: boolean; lines: string[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const lines = out.split('\n').filter((line) => line.length > 0);
      if (code !== 0 && code !== 1) lines.push(`  FAIL: bench/checkout.ts exited ${code}: ${err.trim().split('\n').slice(-5).join(' | ')}`);
      resolve({ ok: code === 0, lines });
    });
  });
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runCheckoutBench().then(
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

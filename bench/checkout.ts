/**
 * `node bench/checkout.ts`: checkout (POST /v1/checkout) on DynamoDB Local, the real engine. Measures
 *   1. throughput: 200 checkouts at concurrency 32 each buying 1 unit of ONE product (contention on
 *      its stock item), then 200 each on its own product; the stock items must end with exactly the
 *      units sold reserved;
 *   2. the handler's own cost: median handler time / median DynamoDB wall time of its calls
 *      (sequential requests, after a warm-up), against handlerToDynamoBudgets.checkout (budgets.ts), and
 *      / median time actually waiting on the wire (handlerToDynamoBudgets.wire);
 * and exits 1 when a budget is missed, a checkout is not 201 or the stock does not add up.
 *
 * What runs: the checkout route's pipeline as handlers/checkout.ts builds it (idempotentHttpRoute:
 * middy, Powertools logger and idempotency, zod) around `checkoutService(orderPorts({ rateOffer }))
 * .checkout()` and the 201 reply, invoked in-process with API Gateway v2 events. Checkout itself
 * charges the quote's shipping; the quote (set up first, not measured) prices it from shipping's
 * published rate offer, which the bench stubs (no rates were asked here) — the table
 * work (cart, product and vendor projections, address, stock reservation, orders, checkout, outbox,
 * idempotency records) is all real. One difference: the deployed handler then waits for the order
 * saga's payment page (polling GET checkout every 250 ms, up to PAYMENT_PAGE_WAIT_MS); no saga runs
 * here, so the bench's handler answers at once with `payment: null` and that wait is not measured.
 *
 * DynamoDB call time comes from the call timer of bench/measure.ts on the shared client's stack (as
 * in bench/booking.ts), each call named by its command and key prefix. Checkout reads a cart's
 * products and its vendors with Promise.all, so calls of one request may overlap: the denominator
 * is the union of the calls' intervals (wall time during which at least one DynamoDB call was in
 * flight), not their sum; both are reported.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '#shared/table/client.ts';
import { tableName } from '#shared/table/definition.ts';
import { addressKey } from '#shared/table/addresses.ts';
import { createStockItem, stockLevel } from '#shared/table/stock.ts';
import { commitWithEvents } from '#shared/table/transact.ts';
import { idempotentHttpRoute } from '#shared/http/idempotency.ts';
import { reply } from '#shared/http/route.ts';
import { newId } from '#shared/lib/ids.ts';
import { WEEKDAYS, type HoursRange, type Schedule, type Weekday } from '#shared/lib/opening-hours.ts';
import { manifest } from '../functions/orders/manifest.ts';
import { checkoutService } from '../functions/orders/checkout.ts';
import { dynamoOrdersStore } from '../functions/orders/store.ts';
import { toOrderView } from '../functions/orders/view.ts';
import { callerOf } from '#shared/auth/caller.ts';
import { orderPorts } from '../functions/orders/wiring.ts';
import type { ProductListing, VendorListing } from '../functions/orders/model.ts';
import {
  apiGatewayEvent,
  callStretches,
  checkStacksShared,
  describeCounts,
  gapMedians,
  inParallel,
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
  type SequentialRun,
  type Throughput,
} from './measure.ts';
import { handlerToDynamoBudgets } from './budgets.ts';

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
/** The stubbed rate offer's price: what shipping would quote. */
const SHIPPING_PRICE = 18_000;
const SEED_CONCURRENCY = 16;
const TIME_ZONE = 'Asia/Jakarta';

// ---------------------------------------------------------------- naming DynamoDB calls

/** The call's Key or Item as `<pk prefix>` or `<pk prefix>/<sk prefix>` (marshalled or not). */
function keyPrefix(input: unknown): string | undefined {
  if (!input || typeof input !== 'object') return undefined;
  const { Key, Item } = input as { Key?: Record<string, unknown>; Item?: Record<string, unknown> };
  const text = (value: unknown) =>
    typeof value === 'string'
      ? value
      : value && typeof value === 'object' && 'S' in value
        ? String(value.S)
        : undefined;
  const pk = text((Key ?? Item)?.pk);
  const sk = text((Key ?? Item)?.sk);
  if (pk === undefined) return undefined;
  // USER#<id> / ADDRESS#<id> → USER/ADDRESS; CART#<id> / CART → CART.
  const skPrefix = sk?.includes('#') ? sk.split('#')[0] : undefined;
  return skPrefix && /^[A-Z_]+$/.test(skPrefix) ? `${pk.split('#')[0]}/${skPrefix}` : pk.split('#')[0];
}

/** `GetItem CART`, `PutItem IDEMPOTENCY`, `TransactWriteItems`: the command and, where it has one, the key's prefix. */
function callName(command: string, input: unknown): string {
  const prefix = keyPrefix(input);
  return prefix ? `${command} ${prefix}` : command;
}

// ---------------------------------------------------------------- fixtures

function alwaysOpen(): Schedule {
  const allDay: HoursRange[] = [{ open: '00:00', close: '24:00' }];
  return {
    timeZone: TIME_ZONE,
    weekly: Object.fromEntries(WEEKDAYS.map((day) => [day, allDay])) as Record<Weekday, HoursRange[]>,
    exceptions: [],
  };
}

function vendorListing(vendorId: string, index: number): VendorListing {
  return {
    vendorId,
    listingVersion: 1,
    listed: true,
    name: `Toko Hewan Bench ${index + 1}`,
    kind: 'shop',
    description: null,
    address: `Jl. Bench No. ${index + 1}`,
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
}

/** product.listing_updated as orders keeps it: listed, plenty available. */
function productListing(productId: string, vendor: VendorListing, available: number): ProductListing {
  return {
    productId,
    vendorId: vendor.vendorId,
    vendorName: vendor.name,
    listingVersion: 1,
    listed: true,
    name: `Makanan Kucing Bench ${productId.slice(-4)}`,
    description: { id: 'Makanan kucing untuk bench', en: null },
    category: 'food',
    subcategory: 'cat_food',
    price: { amount: UNIT_PRICE, currency: 'IDR' },
    weightGrams: 1_500,
    taxCategory: 'standard',
    imageUrl: null,
    available,
    inStock: available > 0,
    updatedAt: new Date().toISOString(),
  };
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
    if ((await store.saveProduct(productListing(productId, vendor, onHand))) !== 'saved')
      throw new Error(`product ${productId} not saved`);
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
  const customers: Customer[] = carts.map((lines) => ({
    customerId: randomUUID(),
    addressId: newId(),
    vendorIds: [...new Set(lines.map((line) => line.vendorId))],
  }));
  await inParallel(
    carts.map((lines, i) => ({ lines, customer: customers[i]! })),
    SEED_CONCURRENCY,
    async ({ lines, customer }) => {
      const at = new Date().toISOString();
      await dynamo().send(
        new PutCommand({
          TableName: tableName(),
          Item: {
            ...addressKey(customer.customerId, customer.addressId),
            addressId: customer.addressId,
            recipientName: 'Pelanggan Bench',
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
      await store.saveCart(
        {
          customerId: customer.customerId,
          version: 1,
          updatedAt: at,
          lines: lines.map(({ productId, vendorId }) => ({
            productId,
            vendorId,
            quantity: 1,
            unitPriceSeen: UNIT_PRICE,
            addedAt: at,
          })),
        },
        null,
      );
      // Checkout charges the quote's shipping: quote first, as the app does (not measured).
      await service.quote(
        callerOf({
          auth: { userId: customer.customerId, username: `${customer.customerId}@bench.id`, groups: ['customer'] },
          correlationId: 'bench-quote',
        } as never),
        {
          addressId: customer.addressId,
          shipping: Object.fromEntries(customer.vendorIds.map((vendorId) => [vendorId, SERVICE_CODE])),
        },
      );
    },
  );
  return customers;
}

// ---------------------------------------------------------------- the handler

const route = manifest.routes.checkout;

/** A rate offer for any shop and service (shipping's rates route, which publishes them, is not part of this bench): the quote's shipping. */
const service = checkoutService(
  orderPorts({
    rateOffer: async (key) => ({
      ...key,
      price: SHIPPING_PRICE,
      etaDays: { min: 1, max: 2 },
      weightGrams: 50_000,
      offeredAt: new Date().toISOString(),
      expiresAt: new Date(Date.now() + 30 * 60_000).toISOString(),
    }),
  }),
);

/** handlers/checkout.ts on that service, less its wait for the saga's payment page (see the top). */
const checkoutHandler = idempotentHttpRoute(route, async (request) => {
  const { checkout, orders: created } = await service.checkout(callerOf(request), request.body);
  return reply.created(
    {
      checkoutId: checkout.checkoutId,
      status: checkout.status,
      total: { amount: checkout.total, currency: 'IDR' },
      orders: created.map(toOrderView),
      payment: checkout.payment,
    },
    `/v1/checkouts/${checkout.checkoutId}`,
  );
});

/** POST /v1/checkout of the customer's cart to their address, with the quoted courier for each vendor. */
const checkoutRoute: InProcessRoute<Customer> = {
  event: ({ customerId, addressId, vendorIds }) =>
    apiGatewayEvent(route, customerId, {
      addressId,
      shipping: Object.fromEntries(vendorIds.map((vendorId) => [vendorId, SERVICE_CODE])),
    }),
  invoke: invokeInProcess(checkoutHandler, 'orders-checkout'),
  expectedStatus: 201,
};

/** A request's shape: its stretches of DynamoDB time in order, overlapping calls joined with ` + `. */
const shapeOf = (sample: HandlerSample) =>
  callStretches(sample.calls)
    .map((stretch) =>
      [...tally(stretch.names)].map(([name, count]) => (count > 1 ? `${name} ×${count}` : name)).join(' + '),
    )
    .join(' → ');

/**
 * Where the handler's own time goes: the gaps before the first stretch of DynamoDB time, between
 * stretches and after the last (median of each, for requests of the usual shape). In order: middy +
 * logger + idempotency key and hashing | ... | the use case between reads (pricing, orders) | view +
 * JSON + the response record | middy after.
 */
function gaps(samples: readonly HandlerSample[], shape: string): string[] {
  return gapMedians(
    samples.filter((sample) => shapeOf(sample) === shape),
    shape.split(' → '),
    (sample) => callStretches(sample.calls),
  );
}

interface RatioSummary {
  ok: boolean;
  lines: string[];
  overlap: number;
}

function summarise(title: string, budgeted: boolean, { samples, cpuMsPerRequest }: SequentialRun): RatioSummary {
  const handlerMedian = median(samples.map((sample) => sample.handlerMs));
  const unionMedian = median(samples.map((sample) => sample.unionMs));
  const sumMedian = median(samples.map((sample) => sample.sumMs));
  const ratio = handlerMedian / unionMedian;
  const overlap = maxOverlap(samples);
  const onWire = wireRatio(samples, handlerToDynamoBudgets.wire);
  const ok = !budgeted || (ratio <= handlerToDynamoBudgets.checkout && onWire.ok);

  const [usual, usualCount] = mostCommon(samples.map(shapeOf));
  const perCall = perCallMedians(samples, [
    ...new Set(samples.flatMap((sample) => sample.calls.map((call) => call.name))),
  ]);
  const ownMs = samples.map((sample) => sample.handlerMs - sample.unionMs);
  const overlapping = samples.filter((sample) => sample.sumMs - sample.unionMs > 0.001).length;
  const first = samples.find((sample) => shapeOf(sample) === usual);

  return {
    ok,
    overlap,
    lines: [
      `  ${title}: handler p50 ${handlerMedian.toFixed(2)} ms, DynamoDB wall (union of calls) p50 ${unionMedian.toFixed(2)} ms ` +
        `(sum of calls p50 ${sumMedian.toFixed(2)} ms), own time p50 ${median(ownMs).toFixed(2)} ms → ratio ${ratio.toFixed(2)}x ` +
        `${budgeted ? `(budget ≤ ${handlerToDynamoBudgets.checkout}x) ${ratio <= handlerToDynamoBudgets.checkout ? 'ok' : 'FAIL'}` : '(information)'}; Node CPU ${cpuMsPerRequest.toFixed(1)} ms/req`,
      `    ${onWire.text} — against the time actually waiting on DynamoDB Local (union of the calls' wire intervals)`,
      `    calls per checkout: ${describeCounts(tally(first?.calls.map((call) => call.name) ?? []))}; ${overlapping}/${samples.length} checkouts had overlapping calls, ` +
        `max overlap ${overlap.toFixed(3)} ms${overlap > 0 ? ' (so the union, not the sum, is the denominator)' : ' (union = sum)'}`,
      `    usual shape (${usualCount}/${samples.length}): ${usual}`,
      `    per call p50 ms, whole call (wire = request sent → response headers; the rest is the SDK in this process): ${perCall}; wire p50 per checkout ${wireMedian(samples).toFixed(2)} ms`,
      `    own time by gap p50 ms: ${gaps(samples, usual).join(', ')}`,
    ],
  };
}

// ---------------------------------------------------------------- the bench

export function runCheckoutBench(): Promise<BenchResult> {
  const started = performance.now();
  return onLocalDynamo(async () => {
    const problems: string[] = [];

    // Seed: vendors, the hot product, one product per other checkout, one customer (address + cart) per checkout.
    const store = dynamoOrdersStore();
    const vendors = Array.from({ length: VENDORS }, (_, i) => vendorListing(newId(), i));
    await inParallel(vendors, SEED_CONCURRENCY, async (vendor) => {
      if ((await store.saveVendor(vendor)) !== 'saved') throw new Error(`vendor ${vendor.vendorId} not saved`);
    });
    const seller = (i: number) => vendors[i % VENDORS]!;
    const singles = (count: number) =>
      seedProducts(
        Array.from({ length: count }, (_, i) => seller(i)),
        OWN_ON_HAND,
      );
    const [hotProduct] = await seedProducts([seller(0)], HOT_ON_HAND);
    const ratioCount = RATIO_WARM_UP + RATIO_RUNS;
    const multiCount = MULTI_WARM_UP + MULTI_RUNS;
    const warmCustomers = await seedCustomers((await singles(WARM_UP_CHECKOUTS)).map((product) => [product]));
    const hotCustomers = await seedCustomers(Array.from({ length: THROUGHPUT_CHECKOUTS }, () => [hotProduct!]));
    const ownProducts = await singles(THROUGHPUT_CHECKOUTS);
    const ownCustomers = await seedCustomers(ownProducts.map((product) => [product]));
    const ratioCustomers = await seedCustomers((await singles(ratioCount)).map((product) => [product]));
    // 3 lines over 2 vendors: vendor A, vendor B, vendor A again.
    const multiProducts = await seedProducts(
      Array.from({ length: multiCount }, (_, i) => [seller(i), seller(i + 1), seller(i)]).flat(),
      OWN_ON_HAND,
    );
    const multiCarts = Array.from({ length: multiCount }, (_, i) => multiProducts.slice(3 * i, 3 * i + 3));
    const multiCustomers = await seedCustomers(multiCarts);
    const seeded = performance.now();

    installCallTimer(callName);
    const notShared = checkStacksShared();
    if (notShared) problems.push(notShared);

    // Warm the handler and DynamoDB Local with checkouts of their own.
    const warmUp = await measureThroughput(warmCustomers, CONCURRENCY, checkoutRoute);
    const hot = await measureThroughput(hotCustomers, CONCURRENCY, checkoutRoute);
    const many = await measureThroughput(ownCustomers, CONCURRENCY, checkoutRoute);
    const ratioWarm = await measureSequential(ratioCustomers.slice(0, RATIO_WARM_UP), checkoutRoute);
    const ratio = await measureSequential(ratioCustomers.slice(RATIO_WARM_UP), checkoutRoute);
    const multiWarm = await measureSequential(multiCustomers.slice(0, MULTI_WARM_UP), checkoutRoute);
    const multi = await measureSequential(multiCustomers.slice(MULTI_WARM_UP), checkoutRoute);

    problems.push(
      ...refusalProblems(
        [
          ['warm-up', warmUp.refused],
          ['contention', hot.refused],
          ['no contention', many.refused],
          ['ratio', [...ratioWarm.refused, ...ratio.refused]],
          ['multi-vendor ratio', [...multiWarm.refused, ...multi.refused]],
        ],
        checkoutRoute.expectedStatus,
      ),
    );
    // The stock adds up: the hot item has exactly the units sold reserved, every own product one.
    const hotStock = await stockLevel(hotProduct!.productId);
    const hotSold = THROUGHPUT_CHECKOUTS - hot.refused.length;
    if (
      hotStock?.reserved !== THROUGHPUT_CHECKOUTS ||
      hotStock.available !== HOT_ON_HAND - THROUGHPUT_CHECKOUTS ||
      hotStock.onHand !== HOT_ON_HAND
    ) {
      problems.push(
        `hot product stock onHand ${hotStock?.onHand} reserved ${hotStock?.reserved} available ${hotStock?.available}, expected ${HOT_ON_HAND} / ${THROUGHPUT_CHECKOUTS} / ${HOT_ON_HAND - THROUGHPUT_CHECKOUTS}`,
      );
    }
    if (hotStock && hotStock.reserved !== hotSold)
      problems.push(`hot product: ${hotStock.reserved} reserved but ${hotSold} checkouts answered 201`);
    const ownLevels = await Promise.all(ownProducts.map((product) => stockLevel(product.productId)));
    const ownWrong = ownLevels.filter((level) => level?.reserved !== 1 || level.available !== OWN_ON_HAND - 1).length;
    if (ownWrong > 0)
      problems.push(`no contention: ${ownWrong}/${ownProducts.length} products without exactly 1 reserved`);

    const single = summarise(`single-line carts, ${RATIO_RUNS} sequential after ${RATIO_WARM_UP} warm-up`, true, ratio);
    const multiVendor = summarise(
      `3 lines / 2 vendors, ${MULTI_RUNS} sequential after ${MULTI_WARM_UP} warm-up`,
      true,
      multi,
    );
    if (!single.ok)
      problems.push(
        `single-line handler/DynamoDB or handler/wire ratio above ${handlerToDynamoBudgets.checkout}x (see its gaps)`,
      );
    if (!multiVendor.ok)
      problems.push(
        `multi-vendor handler/DynamoDB or handler/wire ratio above ${handlerToDynamoBudgets.checkout}x (see its gaps)`,
      );

    const throughputLine = (name: string, run: Throughput) =>
      `  ${name.padEnd(44)} ${throughputFigures(run, 'checkouts/s')}   calls: ${describeCounts(run.calls, run.requests)} per checkout`;
    const lines = [
      `Checkout (POST /v1/checkout in-process on DynamoDB Local), Node ${process.version}:`,
      "  handler = the route's idempotentHttpRoute pipeline (middy, logger, the idempotency record, zod) around checkoutService(orderPorts({ rateOffer: stub " +
        `${SHIPPING_PRICE} IDR })).checkout() + the 201 reply (the quote set up before prices shipping from a stubbed rate offer; all table work real), ` +
        "without the handler's wait for the saga's payment page (no saga here; deployed, it polls GET checkout every 250 ms, up to 4 s)",
      throughputLine(`contention: ${THROUGHPUT_CHECKOUTS} × 1 unit of 1 product, ×${CONCURRENCY}`, hot),
      throughputLine(
        `no contention: ${THROUGHPUT_CHECKOUTS} on ${THROUGHPUT_CHECKOUTS} products, ×${CONCURRENCY}`,
        many,
      ),
      `  stock after: hot product onHand ${hotStock?.onHand} reserved ${hotStock?.reserved} available ${hotStock?.available} (from ${HOT_ON_HAND}); ` +
        `${ownProducts.length - ownWrong}/${ownProducts.length} own products with exactly 1 reserved`,
      "  handler vs raw DynamoDB (ratio = median handler / median union of the call intervals; timer on dynamoClient()'s stack, initialize step):",
      ...single.lines,
      ...multiVendor.lines,
      `  ${((performance.now() - started) / 1000).toFixed(1)} s in all (seeding ${((seeded - started) / 1000).toFixed(1)} s, DynamoDB Local start included)`,
    ];
    return { lines, problems };
  });
}

/**
 * The bench in a child process (for bench/run.ts): the shared DynamoDB client keeps the endpoint
 * it was created with, and another bench in the same process has already bound it to its own
 * DynamoDB Local (stopped by now).
 */
export function runCheckoutBenchInChild(): Promise<BenchResult> {
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
        lines.push(`  FAIL: bench/checkout.ts exited ${code}: ${err.trim().split('\n').slice(-5).join(' | ')}`);
      resolve({ ok: code === 0, lines });
    });
  });
}

runIfMain(import.meta.url, runCheckoutBench);

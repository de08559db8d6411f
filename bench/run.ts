/**
 * `npm run bench`: bundle size and init + first call (CPU time, fresh process, deployed flags) of
 * every deployed handler against the budgets in budgets.ts (decision 0005), then the search,
 * booking, checkout and scale benches. Writes bench/.out/report.json and exits non-zero when a
 * budget is missed. Last, the customer app's first load in Chromium (bench/customer-app.ts).
 *
 *   npm run bench                     every handler in the domain manifests + the outbox forwarder
 *   BENCH_RUNS=7 npm run bench        more samples per handler (default 5, plus one warm-up round)
 *   BENCH_MAP_RUNS=0 npm run bench    skip the rounds without source maps (default 1)
 *   BENCH_ONLY='^payments/' npm run bench   only the handlers whose id matches (and the references); no other benches
 *   BENCH_ONLY='customer-app' npm run bench only the customer app bench (a BENCH_ONLY matching 'customer-app' runs it)
 *   node bench/run.ts --fixtures      the self-test handlers in bench/fixtures/ instead (init only, no platform)
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import { runBookingBenchInChild } from './booking.ts';
import { runCheckoutBenchInChild } from './checkout.ts';
import { runScaleBenchInChild } from './scale.ts';
import { runSearchBench } from './search.ts';
import { runFirstStartBench } from './first-start.ts';
import { runCustomerAppBench } from './customer-app.ts';
import {
  loadManifests,
  manifestHandlers,
  OUTBOX_FORWARDER_ENTRY,
  REPO_ROOT,
  type HandlerKind,
  type LoadedManifest,
} from '#shared/manifest/registry.ts';
import {
  bundleHandler,
  deployedSourceMaps,
  lambdaBundleOptions,
  otherAwsClientBytes,
  topInputs,
  topPackages,
  type BundleResult,
  type SizeShare,
} from './bundle.ts';
import { budgetProblems, budgets, customerAppBudgets, kb } from './budgets.ts';
import {
  InitError,
  median,
  removeScratch,
  sampleFirstCall,
  type CallSample,
  type SampleOptions,
} from './first-call.ts';
import { buildWorld, firstCalls, httpEvent, type FirstCall } from './first-calls.ts';

const BENCH_DIR = fileURLToPath(new URL('.', import.meta.url));
const OUT_DIR = join(BENCH_DIR, '.out');
const FIXTURES_DIR = join(BENCH_DIR, 'fixtures');
/** Not deployed: what the mandated packages alone cost, printed for comparison; platform-floor is the budgets' denominator. */
const REFERENCE_DIR = join(BENCH_DIR, 'reference');
const BARE_HANDLER = join(BENCH_DIR, 'baseline', 'bare-handler.ts');
const FLOOR_ID = 'reference/platform-floor';
const DYNAMO_CLIENT_ID = 'reference/dynamodb-client';
/** A floor sample (the denominator) every this many handler samples, so it spreads over the same moments. */
const FLOOR_EVERY = 4;
/** What BENCH_ONLY is matched against to run bench/customer-app.ts. */
const CUSTOMER_APP_BENCH = 'customer-app';

type Kind = HandlerKind | 'stream' | 'fixture' | 'reference';

interface Target {
  /** `<domain>/<name>`, also the output folder under bench/.out/. */
  id: string;
  kind: Kind;
  /** Absolute path of the handler source. */
  file: string;
}

interface Row {
  id: string;
  kind: Kind;
  file: string;
  ok: boolean;
  problems: string[];
  bytes?: number;
  /** Of `bytes`, the AWS service clients other than DynamoDB's (not counted against the reference). */
  otherClientBytes?: number;
  mapBytes?: number;
  /** What the first call is (none: init only). */
  firstCall?: string;
  /** What it answered, over the samples (`200 ×3`). */
  outcomes?: string;
  initCpuMs?: number;
  totalCpuMs?: number;
  totalWallMs?: number;
  /** total CPU / the floor's total CPU: the budget. */
  floorRatio?: number;
  /** total CPU with source maps (as deployed) / without: what they cost. */
  sourceMapRatio?: number;
  samples?: CallSample[];
  noMapSamples?: CallSample[];
  topInputs?: SizeShare[];
  topPackages?: SizeShare[];
}

function parseCount(name: string, fallback: number): number {
  const value = process.env[name];
  if (value === undefined || value === '') return fallback;
  const runs = Number(value);
  if (!Number.isInteger(runs) || runs < 0) throw new Error(`${name} must be a non-negative integer, got '${value}'`);
  return runs;
}

async function manifestTargets(manifests: LoadedManifest[]): Promise<Target[]> {
  const targets: Target[] = manifestHandlers(manifests).map(({ domain, name, kind, file }) => ({
    id: `${domain}/${name}`,
    kind,
    file,
  }));
  targets.push({ id: 'shared/outbox-forwarder', kind: 'stream', file: OUTBOX_FORWARDER_ENTRY });
  return uniqueIds(targets);
}

function filesIn(dir: string, kind: 'fixture' | 'reference', prefix: string): Target[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.ts'))
    .sort()
    .map((name) => ({ id: `${prefix}/${basename(name, '.ts')}`, kind, file: join(dir, name) }));
}

const fixtureTargets = () => filesIn(FIXTURES_DIR, 'fixture', 'fixtures');
const referenceTargets = () => filesIn(REFERENCE_DIR, 'reference', 'reference');

/** A route and a subscription may share a name; keep output folders apart. */
function uniqueIds(targets: Target[]): Target[] {
  const seen = new Set<string>();
  return targets.map((target) => {
    const id = seen.has(target.id) ? `${target.id}-${target.kind}` : target.id;
    seen.add(id);
    return { ...target, id };
  });
}

function errorMessage(error: unknown): string {
  if (
    error &&
    typeof error === 'object' &&
    'errors' in error &&
    Array.isArray(error.errors) &&
    error.errors.length > 0
  ) {
    // esbuild BuildFailure: name the first unresolved import / syntax error.
    const [first] = error.errors as { text: string; location?: { file: string; line: number } | null }[];
    if (first) return `${first.text}${first.location ? ` (${first.location.file}:${first.location.line})` : ''}`;
  }
  return error instanceof Error ? error.message : String(error);
}

interface Bundled {
  target: Target;
  bundle: BundleResult;
}

/** The references' first calls: what each one's handler does with a request. */
function referenceCalls(): Map<string, FirstCall> {
  return new Map<string, FirstCall>([
    [
      FLOOR_ID,
      {
        what: 'GET /read/{id}: one GetItem on the table',
        event: () => httpEvent({ method: 'GET', path: '/read/{id}', auth: 'public' }, { params: { id: randomUUID() } }),
      },
    ],
    [DYNAMO_CLIENT_ID, { what: 'one GetItem on the table', event: () => ({}) }],
    [
      'reference/http-wrapper',
      {
        what: 'POST /echo with a body',
        event: () => httpEvent({ method: 'POST', path: '/echo', auth: 'public' }, { body: { name: 'Mochi' } }),
      },
    ],
    ['reference/zod-schema', { what: 'one parse', event: () => ({ name: 'Mochi' }) }],
  ]);
}

const tally = (values: readonly string[]) => {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts].map(([value, count]) => `${value} ×${count}`).join(', ');
};

const badOutcome = (outcome: string | undefined) =>
  outcome !== undefined && (/^5\d\d$/.test(outcome) || outcome.startsWith('threw'));

async function main(): Promise<number> {
  const started = performance.now();
  const useFixtures = process.argv.includes('--fixtures');
  const runs = Math.max(1, parseCount('BENCH_RUNS', 5));
  const mapRuns = parseCount('BENCH_MAP_RUNS', 1);
  rmSync(OUT_DIR, { recursive: true, force: true });
  mkdirSync(OUT_DIR, { recursive: true });

  const manifests = await loadManifests();
  const only = process.env.BENCH_ONLY ? new RegExp(process.env.BENCH_ONLY) : undefined;
  const customerAppOnly =
    only?.test(CUSTOMER_APP_BENCH) &&
    !useFixtures &&
    !(await manifestTargets(manifests)).some((target) => only.test(target.id));
  if (customerAppOnly) {
    // BENCH_ONLY names the app bench and no handler: no handler section, no platform for it.
    writeFileSync(
      join(OUT_DIR, 'report.json'),
      `${JSON.stringify({ generatedAt: new Date().toISOString(), node: process.version, mode: 'customer-app' }, null, 2)}\n`,
    );
    const customerApp = await customerAppSection(runs);
    return customerApp.ok ? 0 : 1;
  }
  const targets = [
    ...(useFixtures ? fixtureTargets() : await manifestTargets(manifests)).filter(
      (target) => !only || only.test(target.id),
    ),
    ...referenceTargets(),
  ];
  const rows = new Map<string, Row>(
    targets.map((target) => [
      target.id,
      { id: target.id, kind: target.kind, file: relative(REPO_ROOT, target.file), ok: false, problems: [] },
    ]),
  );

  // 1. Bundle, all at once (esbuild runs them in parallel), with the deployed source maps.
  const bare = await bundleHandler(BARE_HANDLER, join(OUT_DIR, '_baseline', 'bare'));
  const bundled: Bundled[] = [];
  await Promise.all(
    targets.map(async (target) => {
      const row = rows.get(target.id)!;
      if (!existsSync(target.file)) {
        row.problems.push('missing handler file');
        return;
      }
      try {
        const bundle = await bundleHandler(target.file, join(OUT_DIR, target.id));
        row.bytes = bundle.bytes;
        row.otherClientBytes = otherAwsClientBytes(bundle.metafile);
        row.mapBytes = bundle.mapBytes;
        if (bundle.bytes > budgets.analyseAboveBytes) {
          row.topInputs = topInputs(bundle.metafile);
          row.topPackages = topPackages(bundle.metafile);
        }
        bundled.push({ target, bundle });
      } catch (error) {
        row.problems.push(`bundle failed: ${errorMessage(error)}`);
      }
    }),
  );
  bundled.sort((a, b) => a.target.id.localeCompare(b.target.id));
  process.stderr.write(`bundled ${bundled.length} in ${((performance.now() - started) / 1000).toFixed(0)} s\n`);

  // 2. The world the first calls act on (the local platform, fixtures through the API).
  const world = useFixtures ? undefined : await buildWorld({ samples: runs + 1 });
  process.stderr.write(`platform and world ready at ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
  let exitCode: number;
  try {
    const calls = world
      ? new Map([...firstCalls(world, manifests), ...referenceCalls()])
      : new Map<string, FirstCall>();
    const env = world?.env;
    for (const { target } of bundled) {
      const call = calls.get(target.id);
      if (call) rows.get(target.id)!.firstCall = call.what;
    }

    // 3. Samples. One discarded warm-up round (file cache, DynamoDB Local's first queries), then `runs`
    // rounds through every handler, each a fresh process doing init + its first call; the floor is
    // sampled every FLOOR_EVERY handlers and a bare init-only process each round, so the denominators
    // spread over the same moments as the numerators. Then `mapRuns` rounds without source maps.
    const samples = new Map<string, CallSample[]>(bundled.map(({ target }) => [target.id, []]));
    /** Each kept handler sample's position in the run, and the floor's, to pair a sample with the floor samples around it. */
    const positions = new Map<CallSample, number>();
    const floorTimeline: { at: number; totalCpuMs: number }[] = [];
    let position = 0;
    const noMapSamples = new Map<string, CallSample[]>(bundled.map(({ target }) => [target.id, []]));
    const floorSamples: CallSample[] = [];
    const floorNoMapSamples: CallSample[] = [];
    const bareSamples: CallSample[] = [];
    const broken = new Set<string>();
    const floor = bundled.find(({ target }) => target.id === FLOOR_ID);
    const sampleOne = async (
      target: Target,
      file: string,
      sample: number,
      sourceMaps: boolean,
    ): Promise<CallSample | undefined> => {
      const call = calls.get(target.id);
      await call?.prepare?.(sample);
      const options: SampleOptions = {
        ...(call ? { event: call.event(sample) } : {}),
        ...(env ? { env: { ...env, POWERTOOLS_SERVICE_NAME: target.id.split('/')[0]! } } : {}),
        functionName: target.id.replace('/', '-'),
        sourceMaps,
      };
      try {
        const taken = await sampleFirstCall(file, options);
        if (taken.handlerType !== 'function') {
          rows.get(target.id)!.problems.push(`exports no handler function (handler is ${taken.handlerType})`);
          broken.add(target.id);
          return undefined;
        }
        return taken;
      } catch (error) {
        if (!(error instanceof InitError)) throw error;
        rows.get(target.id)!.problems.push(`init threw: ${error.message}`);
        broken.add(target.id);
        return undefined;
      }
    };
    const rounds: { sourceMaps: boolean; keep: boolean }[] = [
      { sourceMaps: true, keep: false },
      ...Array.from({ length: runs }, () => ({ sourceMaps: true, keep: true })),
      ...Array.from({ length: mapRuns }, () => ({ sourceMaps: false, keep: true })),
    ];
    for (const [round, { sourceMaps, keep }] of rounds.entries()) {
      const sampleFloor = async () => {
        if (!floor) return;
        const taken = await sampleOne(floor.target, floor.bundle.outfile, round, sourceMaps);
        if (taken && keep) (sourceMaps ? floorSamples : floorNoMapSamples).push(taken);
        if (taken && keep && sourceMaps) floorTimeline.push({ at: (position += 1), totalCpuMs: taken.totalCpuMs });
      };
      if (keep && sourceMaps) bareSamples.push(await sampleFirstCall(bare.outfile, { sourceMaps }));
      await sampleFloor();
      for (const [index, { target, bundle }] of bundled.entries()) {
        if (broken.has(target.id)) continue;
        if (index > 0 && index % FLOOR_EVERY === 0) await sampleFloor();
        const taken = await sampleOne(target, bundle.outfile, round, sourceMaps);
        if (taken && keep) (sourceMaps ? samples : noMapSamples).get(target.id)!.push(taken);
        if (taken && keep && sourceMaps) positions.set(taken, (position += 1));
      }
      process.stderr.write(
        `${round === 0 ? 'warm-up' : sourceMaps ? `run ${round}/${runs}` : `run without source maps ${round - runs}/${mapRuns}`} done at ${((performance.now() - started) / 1000).toFixed(0)} s\n`,
      );
    }

    // 4. Budgets. A handler sample is divided by the mean of the floor samples just before and after it
    // (at most FLOOR_EVERY handlers away): load on this shared machine drifts over a run by tens of
    // percent, and a ratio of neighbours cancels the drift a ratio of whole-run medians keeps.
    const floorAround = (sample: CallSample): number => {
      const at = positions.get(sample)!;
      const before = floorTimeline.findLast((floorSample) => floorSample.at < at);
      const after = floorTimeline.find((floorSample) => floorSample.at > at);
      const around = [before, after].filter((floorSample) => floorSample !== undefined);
      return around.reduce((sum, floorSample) => sum + floorSample.totalCpuMs, 0) / around.length;
    };
    const floorTotal = median(floorSamples.map((sample) => sample.totalCpuMs));
    const floorNoMapTotal = median(floorNoMapSamples.map((sample) => sample.totalCpuMs));
    const bareInit = median(bareSamples.map((sample) => sample.initCpuMs));
    for (const { target, bundle } of bundled) {
      const row = rows.get(target.id)!;
      if (broken.has(target.id)) continue;
      const taken = samples.get(target.id)!;
      const plain = noMapSamples.get(target.id)!;
      row.samples = taken;
      row.noMapSamples = plain;
      row.initCpuMs = median(taken.map((sample) => sample.initCpuMs));
      row.totalCpuMs = median(taken.map((sample) => sample.totalCpuMs));
      row.totalWallMs = median(taken.map((sample) => sample.totalWallMs));
      if (plain.length > 0) row.sourceMapRatio = row.totalCpuMs / median(plain.map((sample) => sample.totalCpuMs));
      const called = row.firstCall !== undefined;
      if (called) {
        row.outcomes = tally(taken.map((sample) => sample.outcome ?? '-'));
        row.floorRatio = median(taken.map((sample) => sample.totalCpuMs / floorAround(sample)));
        const bad = taken.find((sample) => badOutcome(sample.outcome));
        if (bad && target.kind !== 'fixture')
          row.problems.push(`first call answered ${bad.outcome}: not a real first use`);
      } else if (target.kind !== 'fixture' && target.kind !== 'reference' && !useFixtures) {
        row.problems.push('no first call defined (bench/first-calls.ts)');
      }
      if (target.kind !== 'reference')
        row.problems.push(
          ...budgetProblems({ bytes: bundle.bytes, ...(called ? { floorRatio: row.floorRatio! } : {}) }),
        );
    }
    // The SDK tripwire and the largest bundle, against the dynamodb-client reference.
    const dynamoRow = rows.get(DYNAMO_CLIENT_ID);
    const sdkInitRatio = dynamoRow?.initCpuMs === undefined ? undefined : dynamoRow.initCpuMs / bareInit;
    if (dynamoRow && sdkInitRatio !== undefined && sdkInitRatio > budgets.maxDynamoClientInitToBare) {
      dynamoRow.problems.push(
        `SDK tripwire: init ${sdkInitRatio.toFixed(2)}x bare > ${budgets.maxDynamoClientInitToBare}x`,
      );
    }
    const counted = (row: Row) => row.bytes! - (row.otherClientBytes ?? 0);
    const deployed = [...rows.values()].filter((row) => row.kind !== 'reference' && row.bytes !== undefined);
    const largest = deployed.sort((a, b) => counted(b) - counted(a))[0];
    const largestRatio = largest && dynamoRow?.bytes ? counted(largest) / dynamoRow.bytes : undefined;
    if (dynamoRow?.bytes) {
      for (const row of deployed) {
        const ratio = counted(row) / dynamoRow.bytes;
        if (ratio > budgets.maxLargestToDynamoClientBundle) {
          row.problems.push(
            `bundle without other AWS clients ${kb(counted(row))} KB = ${ratio.toFixed(2)}x the dynamodb-client reference > ${budgets.maxLargestToDynamoClientBundle}x`,
          );
        }
      }
    }
    for (const row of rows.values()) row.ok = row.problems.length === 0;
    const mapRatios = [...rows.values()]
      .filter((row) => row.kind !== 'reference' && row.sourceMapRatio !== undefined)
      .map((row) => row.sourceMapRatio!);
    const mapCost = mapRatios.length ? median(mapRatios) - 1 : undefined;
    const mapCostMax = mapRatios.length ? Math.max(...mapRatios) - 1 : undefined;

    const ordered = [...rows.values()];
    const summary = {
      runs,
      mapRuns,
      bareBytes: bare.bytes,
      bareInit,
      bareSamples: bareSamples.length,
      floorTotal,
      floorNoMapTotal,
      floorSamples: floorSamples.length,
      sdkInitRatio,
      largest: largest
        ? { id: largest.id, bytes: largest.bytes!, counted: counted(largest), ratio: largestRatio }
        : undefined,
      dynamoBytes: dynamoRow?.bytes,
      mapCost,
      mapCostMax,
      floorMapCost: floorNoMapTotal ? floorTotal / floorNoMapTotal - 1 : undefined,
    };
    printTable(ordered, summary);
    const report = {
      generatedAt: new Date().toISOString(),
      node: process.version,
      mode: useFixtures ? 'fixtures' : 'manifests',
      budgets,
      bundleOptions: lambdaBundleOptions,
      sourceMaps: deployedSourceMaps,
      method:
        'each sample = a fresh Node process that imports the bundle (with its source map, NODE_OPTIONS as deployed) and invokes the handler once ' +
        'with its first call (bench/first-calls.ts) against the local platform; CPU = process.cpuUsage() of the child at the end of the call; ' +
        'ratio = median over the samples of (handler sample / mean of the reference/platform-floor samples just before and after it), sampled every ' +
        `${FLOOR_EVERY} handlers in the same rounds`,
      summary,
      bare: { samples: bareSamples },
      floor: { samples: floorSamples, noMapSamples: floorNoMapSamples },
      ok: ordered.every((row) => row.ok),
      handlers: ordered,
    };
    writeFileSync(join(OUT_DIR, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
    console.log(
      `\nreport: ${relative(process.cwd(), join(OUT_DIR, 'report.json'))} (${((performance.now() - started) / 1000).toFixed(0)} s so far)`,
    );
    exitCode = report.ok ? 0 : 1;
  } finally {
    await world?.stop();
    removeScratch();
  }
  if (useFixtures) return exitCode;
  if (only) {
    if (!only.test(CUSTOMER_APP_BENCH)) return exitCode;
    const customerApp = await customerAppSection(runs);
    return exitCode === 0 && customerApp.ok ? 0 : 1;
  }

  console.log('\nSearch (embedded engine, the local platform and tests):');
  const search = await runSearchBench();
  for (const searchLine of search.lines) console.log(searchLine);

  console.log('\nBooking (create-booking handler on DynamoDB Local):');
  const booking = await runBookingBenchInChild();
  for (const bookingLine of booking.lines) console.log(bookingLine);

  // Their own processes: the shared DynamoDB client is bound to the booking bench's DynamoDB Local by now.
  console.log('\nCheckout (checkout handler on DynamoDB Local):');
  const checkout = await runCheckoutBenchInChild();
  for (const checkoutLine of checkout.lines) console.log(checkoutLine);

  console.log('\nScale (the hot reads with 100 and with 10,000 existing records, DynamoDB Local):');
  const scale = await runScaleBenchInChild();
  for (const scaleLine of scale.lines) console.log(scaleLine);

  console.log('\nFirst start (npm run dev, fresh data folder to "running", budget 120 s):');
  const firstStart = await runFirstStartBench();
  for (const line of firstStart.lines) console.log(line);

  const customerApp = await customerAppSection(runs);
  console.log(`\nnpm run bench: ${((performance.now() - started) / 1000).toFixed(0)} s`);
  return exitCode === 0 && search.ok && booking.ok && checkout.ok && scale.ok && firstStart.ok && customerApp.ok
    ? 0
    : 1;
}

/** bench/customer-app.ts: printed, and kept in report.json as `customerApp`. */
async function customerAppSection(runs: number): Promise<{ ok: boolean }> {
  console.log(
    `\nCustomer app (first load in Chromium, signed out, to the first clinic list; initial JS <= ${kb(customerAppBudgets.maxInitialJsGzipBytes)} KB gzip):`,
  );
  const customerApp = await runCustomerAppBench({ runs });
  for (const line of customerApp.lines) console.log(line);
  const reportFile = join(OUT_DIR, 'report.json');
  const report = existsSync(reportFile)
    ? (JSON.parse(readFileSync(reportFile, 'utf8')) as Record<string, unknown>)
    : {};
  report.customerApp = customerApp.report;
  writeFileSync(reportFile, `${JSON.stringify(report, null, 2)}\n`);
  return customerApp;
}

interface Summary {
  runs: number;
  mapRuns: number;
  bareBytes: number;
  bareInit: number;
  bareSamples: number;
  floorTotal: number;
  floorNoMapTotal: number;
  floorSamples: number;
  sdkInitRatio: number | undefined;
  largest: { id: string; bytes: number; counted: number; ratio: number | undefined } | undefined;
  dynamoBytes: number | undefined;
  mapCost: number | undefined;
  mapCostMax: number | undefined;
  floorMapCost: number | undefined;
}

function printTable(rows: Row[], summary: Summary): void {
  const header = [
    'handler',
    'KB (other AWS clients)',
    'init CPU',
    'total CPU',
    'wall',
    'vs floor',
    'maps',
    'result',
    'first call → answered',
    'why',
  ];
  const body = rows.map((row) => [
    row.id,
    row.bytes === undefined ? '-' : `${kb(row.bytes)}${row.otherClientBytes ? ` (${kb(row.otherClientBytes)})` : ''}`,
    row.initCpuMs === undefined ? '-' : row.initCpuMs.toFixed(1),
    row.totalCpuMs === undefined ? '-' : row.totalCpuMs.toFixed(1),
    row.totalWallMs === undefined ? '-' : row.totalWallMs.toFixed(0),
    row.floorRatio === undefined ? '-' : `${row.floorRatio.toFixed(2)}x`,
    row.sourceMapRatio === undefined
      ? '-'
      : `${row.sourceMapRatio >= 1 ? '+' : ''}${((row.sourceMapRatio - 1) * 100).toFixed(0)}%`,
    row.kind === 'reference' ? (row.ok ? 'ref' : 'FAIL') : row.ok ? 'ok' : 'FAIL',
    row.firstCall ? `${row.firstCall} → ${row.outcomes ?? '?'}` : 'init only',
    row.problems.join('; '),
  ]);
  const numeric = new Set([1, 2, 3, 4, 5, 6]);
  const widths = header.map((title, column) => Math.max(title.length, ...body.map((cells) => cells[column]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => (numeric.has(column) ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!)))
      .join('  ')
      .trimEnd();
  const pct = (value: number | undefined) =>
    value === undefined ? '-' : `${value >= 0 ? '+' : ''}${(value * 100).toFixed(1)}%`;

  console.log(
    `Node ${process.version}; ${summary.runs} fresh processes per handler (+1 warm-up), each: init + its first call against the local platform, ` +
      `built and run with the deployed source maps (${deployedSourceMaps.nodeOptions}). CPU = process.cpuUsage() of the child, ms.`,
  );
  console.log(
    `Budgets: bundle <= ${kb(budgets.maxBundleBytes)} KB, and without AWS clients other than DynamoDB's <= ${budgets.maxLargestToDynamoClientBundle}x reference/dynamodb-client; ` +
      `init + first call <= ${budgets.maxFirstCallToFloor}x ${FLOOR_ID} (CPU); SDK tripwire: ${DYNAMO_CLIENT_ID} init <= ${budgets.maxDynamoClientInitToBare}x bare (CPU).`,
  );
  console.log(
    `Floor (${FLOOR_ID}): init + first call ${summary.floorTotal.toFixed(1)} ms CPU, median of ${summary.floorSamples}; ` +
      `bare handler: ${kb(summary.bareBytes)} KB, init ${summary.bareInit.toFixed(1)} ms CPU, median of ${summary.bareSamples}.`,
  );
  console.log(
    'init CPU = process start -> module initialised; total CPU = -> first call answered; wall = the same in wall ms (information);',
  );
  console.log(
    `vs floor = median of (each sample's total CPU / the floor samples' around it) (the budget); maps = total CPU with source maps / without - 1 (${summary.mapRuns} run${summary.mapRuns === 1 ? '' : 's'} without).\n`,
  );
  console.log(line(header));
  console.log(line(widths.map((width) => '-'.repeat(width))));
  for (const cells of body) console.log(line(cells));

  const heavy = rows.filter((row) => row.topInputs);
  if (heavy.length > 0) {
    console.log(
      `\nLargest contributors to bundles over ${kb(budgets.analyseAboveBytes)} KB (KB in the minified output):`,
    );
    const shares = (list: SizeShare[] | undefined) =>
      (list ?? []).map((share) => `${share.name.replace(/^.*node_modules\//, '')} ${kb(share.bytes)}`).join(', ');
    for (const row of heavy) {
      console.log(`${row.id} (${kb(row.bytes!)} KB)`);
      console.log(`  packages: ${shares(row.topPackages)}`);
      console.log(`  inputs:   ${shares(row.topInputs)}`);
    }
  }
  const budgeted = rows.filter((row) => row.kind !== 'reference');
  const failed = budgeted.filter((row) => !row.ok).length;
  const ratios = budgeted.filter((row) => row.floorRatio !== undefined).map((row) => row.floorRatio!);
  console.log('');
  console.log(
    `SDK tripwire: ${DYNAMO_CLIENT_ID} init ${summary.sdkInitRatio?.toFixed(2) ?? '-'}x bare (budget <= ${budgets.maxDynamoClientInitToBare}x).`,
  );
  console.log(
    `Largest bundle without other AWS clients: ${summary.largest ? `${summary.largest.id} ${kb(summary.largest.counted)} KB (${kb(summary.largest.bytes)} KB in all) = ${summary.largest.ratio?.toFixed(2) ?? '-'}x` : '-'} ` +
      `${DYNAMO_CLIENT_ID} (${summary.dynamoBytes === undefined ? '-' : kb(summary.dynamoBytes)} KB; budget <= ${budgets.maxLargestToDynamoClientBundle}x).`,
  );
  if (ratios.length)
    console.log(
      `init + first call vs floor: ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}x, median ${median(ratios).toFixed(2)}x (budget <= ${budgets.maxFirstCallToFloor}x).`,
    );
  console.log(
    `Source maps (deployed) cost: median ${pct(summary.mapCost)} of init + first call CPU over the handlers (largest ${pct(summary.mapCostMax)}), ` +
      `floor ${pct(summary.floorMapCost)}; over ${budgets.sourceMapCostNoted * 100}% needs the decision recorded in docs/decisions/0005 (production keeps them).`,
  );
  console.log(
    'reference/* rows are not deployed: what the mandated packages alone cost (platform-floor is the denominator).',
  );
  console.log(
    `${budgeted.length - failed}/${budgeted.length} handlers within budget${failed ? `, ${failed} FAIL` : ''}.`,
  );
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 2;
  },
);

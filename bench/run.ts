/**
 * `npm run bench`: bundle size and init time of every deployed handler, against the budgets in
 * budgets.ts. Writes bench/.out/report.json and exits non-zero when a budget is missed.
 *
 *   npm run bench                     every handler in the domain manifests + the outbox forwarder
 *   BENCH_RUNS=15 npm run bench       more samples per handler (default 7)
 *   node bench/run.ts --fixtures      the self-test handlers in bench/fixtures/ instead
 */
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runBookingBench } from './booking.ts';
import { runCheckoutBenchInChild } from './checkout.ts';
import { runSearchBench } from './search.ts';
import { loadManifests, manifestHandlers, OUTBOX_FORWARDER_ENTRY, REPO_ROOT, type HandlerKind } from '#shared/manifest/registry.ts';
import { bundleHandler, lambdaBundleOptions, topInputs, topPackages, type BundleResult, type SizeShare } from './bundle.ts';
import { budgetProblems, budgets, kb } from './budgets.ts';
import { InitError, measureInit, median, type InitSample } from './init-time.ts';

const BENCH_DIR = fileURLToPath(new URL('.', import.meta.url));
const OUT_DIR = join(BENCH_DIR, '.out');
const FIXTURES_DIR = join(BENCH_DIR, 'fixtures');
/** Not deployed: what the mandated packages alone cost at init, printed for comparison, no budget. */
const REFERENCE_DIR = join(BENCH_DIR, 'reference');
const BARE_HANDLER = join(BENCH_DIR, 'baseline', 'bare-handler.ts');

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
  initMs?: number;
  totalMs?: number;
  initRatio?: number;
  /** total / total of reference/platform-floor (information: what domain code adds to the platform). */
  floorRatio?: number;
  samples?: InitSample[];
  topInputs?: SizeShare[];
  topPackages?: SizeShare[];
}

function parseRuns(value: string | undefined): number {
  if (value === undefined || value === '') return 7;
  const runs = Number(value);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`BENCH_RUNS must be a positive integer, got '${value}'`);
  return runs;
}

async function manifestTargets(): Promise<Target[]> {
  const targets: Target[] = manifestHandlers(await loadManifests()).map(({ domain, name, kind, file }) => ({ id: `${domain}/${name}`, kind, file }));
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
  if (error && typeof error === 'object' && 'errors' in error && Array.isArray(error.errors) && error.errors.length > 0) {
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

async function main(): Promise<number> {
  const useFixtures = process.argv.includes('--fixtures');
  const runs = parseRuns(process.env.BENCH_RUNS);
  rmSync(OUT_DIR, { recursive: true, force: true });
  mkdirSync(OUT_DIR, { recursive: true });

  const targets = [...(useFixtures ? fixtureTargets() : await manifestTargets()), ...referenceTargets()];
  const rows = new Map<string, Row>(
    targets.map((target) => [target.id, { id: target.id, kind: target.kind, file: relative(REPO_ROOT, target.file), ok: false, problems: [] }]),
  );

  // 1. Bundle, all at once (esbuild runs them in parallel).
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

  // 2. Init time. One discarded warm-up round (file cache), then `runs` rounds through every
  // handler in turn. A bare sample is taken right before every handler sample (and at least once
  // per round), so the denominator has many samples spread over the same moments as the
  // numerators: slow drift on the machine (other processes, thermal) lands on both alike, and
  // median(bare) is stable even when median(handler) rests on only `runs` samples.
  const bareSamples: InitSample[] = [];
  const samples = new Map<string, InitSample[]>(bundled.map(({ target }) => [target.id, []]));
  const broken = new Set<string>();
  const sampleBare = async (keep: boolean) => {
    const sample = await measureInit(bare.outfile);
    if (keep) bareSamples.push(sample);
  };
  for (let round = 0; round <= runs; round += 1) {
    const warmUp = round === 0;
    await sampleBare(!warmUp);
    for (const { target, bundle } of bundled) {
      if (broken.has(target.id)) continue;
      await sampleBare(!warmUp);
      try {
        const sample = await measureInit(bundle.outfile);
        if (!warmUp) samples.get(target.id)!.push(sample);
        if (sample.handlerType !== 'function') {
          rows.get(target.id)!.problems.push(`exports no handler function (handler is ${sample.handlerType})`);
          broken.add(target.id);
        }
      } catch (error) {
        if (!(error instanceof InitError)) throw error;
        rows.get(target.id)!.problems.push(`init threw: ${error.message}`);
        broken.add(target.id);
      }
    }
    process.stderr.write(warmUp ? 'warm-up done\n' : `run ${round}/${runs} done\n`);
  }

  // 3. Budgets.
  const bareTotalMs = median(bareSamples.map((sample) => sample.totalMs));
  const bareImportMs = median(bareSamples.map((sample) => sample.importMs));
  for (const { target, bundle } of bundled) {
    const row = rows.get(target.id)!;
    if (broken.has(target.id)) continue;
    const taken = samples.get(target.id)!;
    row.samples = taken;
    row.initMs = median(taken.map((sample) => sample.importMs));
    row.totalMs = median(taken.map((sample) => sample.totalMs));
    row.initRatio = row.totalMs / bareTotalMs;
    if (target.kind !== 'reference') row.problems.push(...budgetProblems({ bytes: bundle.bytes, initRatio: row.initRatio }));
  }
  const floor = rows.get('reference/platform-floor')?.totalMs;
  for (const row of rows.values()) {
    if (floor && row.totalMs !== undefined) row.floorRatio = row.totalMs / floor;
    row.ok = row.problems.length === 0;
  }

  const ordered = [...rows.values()];
  printTable(ordered, { runs, bareBytes: bare.bytes, bareTotalMs, bareImportMs, bareSamples: bareSamples.length });
  const report = {
    generatedAt: new Date().toISOString(),
    node: process.version,
    runs,
    mode: useFixtures ? 'fixtures' : 'manifests',
    budgets,
    bundleOptions: lambdaBundleOptions,
    method:
      'init = median over fresh processes of performance.now() after `await import(bundle)` (time from process start); ratio = median(handler) / median(bare handler)',
    baseline: { bytes: bare.bytes, totalMs: bareTotalMs, importMs: bareImportMs, samples: bareSamples },
    ok: ordered.every((row) => row.ok || row.kind === 'reference'),
    handlers: ordered,
  };
  writeFileSync(join(OUT_DIR, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nreport: ${relative(process.cwd(), join(OUT_DIR, 'report.json'))}`);

  console.log('\nSearch (embedded engine, the local platform and tests):');
  const search = await runSearchBench();
  for (const searchLine of search.lines) console.log(searchLine);

  console.log('\nBooking (create-booking handler on DynamoDB Local):');
  const booking = await runBookingBench();
  for (const bookingLine of booking.lines) console.log(bookingLine);

  // Its own process: the shared DynamoDB client is bound to the booking bench's DynamoDB Local by now.
  console.log('\nCheckout (checkout handler on DynamoDB Local):');
  const checkout = await runCheckoutBenchInChild();
  for (const checkoutLine of checkout.lines) console.log(checkoutLine);
  return report.ok && search.ok && booking.ok && checkout.ok ? 0 : 1;
}

function printTable(rows: Row[], baseline: { runs: number; bareBytes: number; bareTotalMs: number; bareImportMs: number; bareSamples: number }): void {
  const header = ['handler', 'KB', 'init ms', 'total ms', 'ratio', 'vs floor', 'result', 'why'];
  const body = rows.map((row) => [
    row.id,
    row.bytes === undefined ? '-' : kb(row.bytes),
    row.initMs === undefined ? '-' : row.initMs.toFixed(1),
    row.totalMs === undefined ? '-' : row.totalMs.toFixed(1),
    row.initRatio === undefined ? '-' : `${row.initRatio.toFixed(2)}x`,
    row.floorRatio === undefined ? '-' : `${row.floorRatio.toFixed(2)}x`,
    row.kind === 'reference' ? (row.ok ? 'ref' : 'FAIL') : row.ok ? 'ok' : 'FAIL',
    row.problems.join('; '),
  ]);
  const numeric = new Set([1, 2, 3, 4, 5]);
  const widths = header.map((title, column) => Math.max(title.length, ...body.map((cells) => cells[column]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => (numeric.has(column) ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!)))
      .join('  ')
      .trimEnd();

  console.log(
    `Node ${process.version}, ${baseline.runs} fresh processes per handler. ` +
      `Budgets: bundle <= ${kb(budgets.maxBundleBytes)} KB, init <= ${budgets.maxInitRatio}x bare.`,
  );
  console.log(
    `Bare handler: ${kb(baseline.bareBytes)} KB, total ${baseline.bareTotalMs.toFixed(1)} ms from process start ` +
      `(import ${baseline.bareImportMs.toFixed(1)} ms), median of ${baseline.bareSamples} samples.`,
  );
  console.log('init ms = await import(bundle) alone; total ms = process start -> module initialised; ratio = total / bare total;');
  console.log('vs floor = total / total of reference/platform-floor (information only: what domain code adds to the platform).\n');
  console.log(line(header));
  console.log(line(widths.map((width) => '-'.repeat(width))));
  for (const cells of body) console.log(line(cells));

  const heavy = rows.filter((row) => row.topInputs);
  if (heavy.length > 0) {
    console.log(`\nLargest contributors to bundles over ${kb(budgets.analyseAboveBytes)} KB (KB in the minified output):`);
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
  console.log('\nreference/* rows are not deployed: they show what the mandated packages alone cost at init (no budget).');
  console.log(`${budgeted.length - failed}/${budgeted.length} handlers within budget${failed ? `, ${failed} FAIL` : ''}.`);
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

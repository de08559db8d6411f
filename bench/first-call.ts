/**
 * Init + first call of a handler bundle, in a fresh Node process, measured in CPU time.
 *
 * A Lambda cold start loads the module once in a new process and then handles its first request;
 * what the user waits for is both. So each sample is one child of the current Node binary
 * (Node 22, the Lambda runtime) that imports the bundle and then, when given an event, invokes the
 * handler once with a Lambda-shaped context and waits for its answer. The child reports
 * `process.cpuUsage()` (user + system, from its own start: Node's bootstrap, the module's init,
 * then the call) after the import and after the call, with the wall times beside them.
 *
 * Why CPU time: the machine this runs on has 2 cores and other work on it; wall time of a child
 * moves by tens of percent with the load, CPU time of the same work much less, and the time a
 * handler waits on DynamoDB Local (another process) is not its own cost.
 *
 * The children run with the deployed flags: the bundle carries its source map (bench/bundle.ts)
 * and NODE_OPTIONS is infra's (`--enable-source-maps`), unless a sample asks for none (to measure
 * what source maps cost).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { deployedSourceMaps } from './bundle.ts';

export interface CallSample {
  /** CPU ms of the child from its start to the module initialised. */
  initCpuMs: number;
  /** CPU ms from its start to the first call answered (= initCpuMs without an event). */
  totalCpuMs: number;
  initWallMs: number;
  totalWallMs: number;
  /** typeof the module's `handler` export. */
  handlerType: string;
  /** What the first call answered: the HTTP status, `ok`, `1 batch item failure`, `threw: …`. */
  outcome?: string;
}

/** Harmless values so module-level code of a bundle loaded without a platform (init-only samples) does not throw. */
export const BENCH_ENV: Readonly<Record<string, string>> = {
  TABLE_NAME: 'bench',
  EVENT_BUS_NAME: 'bench',
  UPLOADS_BUCKET: 'bench',
  USER_POOL_ID: 'ap-southeast-3_bench0000',
  USER_POOL_CLIENT_ID: 'bench',
  AWS_REGION: 'ap-southeast-3',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  POWERTOOLS_SERVICE_NAME: 'bench',
};

const CHILD_SOURCE = `
import { readFileSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
const env = process.env;
const event = env.BENCH_EVENT_FILE ? JSON.parse(readFileSync(env.BENCH_EVENT_FILE, 'utf8')) : undefined;
const cpuMs = () => { const { user, system } = process.cpuUsage(); return (user + system) / 1000; };
const module = await import(env.BENCH_MODULE_URL);
const out = { initCpuMs: cpuMs(), initWallMs: performance.now(), handlerType: typeof module.handler };
out.totalCpuMs = out.initCpuMs;
out.totalWallMs = out.initWallMs;
if (event !== undefined && typeof module.handler === 'function') {
  const name = env.BENCH_FUNCTION_NAME;
  const deadline = Date.now() + 30000;
  const context = {
    callbackWaitsForEmptyEventLoop: true, functionName: name, functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:ap-southeast-3:000000000000:function:' + name, memoryLimitInMB: '1024',
    awsRequestId: randomUUID(), logGroupName: '/aws/lambda/' + name, logStreamName: 'bench',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()), done() {}, fail() {}, succeed() {},
  };
  try {
    const result = await module.handler(event, context);
    out.outcome = result && typeof result === 'object' && 'statusCode' in result ? String(result.statusCode)
      : result && typeof result === 'object' && Array.isArray(result.batchItemFailures) && result.batchItemFailures.length > 0 ? result.batchItemFailures.length + ' batch item failure(s)'
      : 'ok';
  } catch (error) {
    out.outcome = 'threw: ' + String(error && error.message || error).slice(0, 160);
  }
  out.totalCpuMs = cpuMs();
  out.totalWallMs = performance.now();
}
writeFileSync(env.BENCH_RESULT_FILE, JSON.stringify(out));
process.exit(0);
`;

export class InitError extends Error {}

let scratch: string | undefined;
let sequence = 0;

function scratchFile(name: string): string {
  scratch ??= mkdtempSync(join(tmpdir(), 'petpro-bench-'));
  sequence += 1;
  return join(scratch, `${sequence}-${name}`);
}

export function removeScratch(): void {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
  scratch = undefined;
}

export interface SampleOptions {
  /** The event of the first call; none: init only. */
  event?: unknown;
  functionName?: string;
  /** The environment of the child (the platform's); BENCH_ENV when none. */
  env?: Readonly<Record<string, string>>;
  /** NODE_OPTIONS as deployed (`--enable-source-maps`); false: none. */
  sourceMaps?: boolean;
}

/** One fresh child: imports `file` and, given an event, invokes its handler once. */
export function sampleFirstCall(file: string, options: SampleOptions = {}): Promise<CallSample> {
  const resultFile = scratchFile('result.json');
  const eventFile = options.event === undefined ? undefined : scratchFile('event.json');
  if (eventFile) writeFileSync(eventFile, JSON.stringify(options.event));
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TZ: process.env.TZ,
    LANG: process.env.LANG,
    ...(options.env ?? BENCH_ENV),
    BENCH_MODULE_URL: pathToFileURL(file).href,
    BENCH_RESULT_FILE: resultFile,
    BENCH_FUNCTION_NAME: options.functionName ?? 'bench',
    ...(eventFile ? { BENCH_EVENT_FILE: eventFile } : {}),
  };
  if (options.sourceMaps ?? true) env.NODE_OPTIONS = deployedSourceMaps.nodeOptions;
  else delete env.NODE_OPTIONS;
  for (const [key, value] of Object.entries(env)) if (value === undefined) delete env[key];
  return new Promise((resolve, reject) => {
    // BENCH_CPU_PROFILE_DIR=<dir>: each child also writes a V8 CPU profile there (open it in Chrome DevTools).
    const profileDir = process.env.BENCH_CPU_PROFILE_DIR;
    const profile = profileDir
      ? [
          '--cpu-prof',
          `--cpu-prof-dir=${profileDir}`,
          `--cpu-prof-name=${env.BENCH_FUNCTION_NAME}-${sequence}.cpuprofile`,
        ]
      : [];
    const child = spawn(process.execPath, [...profile, '--input-type=module', '-e', CHILD_SOURCE], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    // The handler's logs go to stdout, as in Lambda; read and dropped.
    child.stdout.resume();
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      if (stderr.length < 20_000) stderr += chunk;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      try {
        const sample = JSON.parse(readFileSync(resultFile, 'utf8')) as CallSample;
        rmSync(resultFile, { force: true });
        if (eventFile) rmSync(eventFile, { force: true });
        resolve(sample);
      } catch {
        reject(new InitError(firstErrorLine(stderr) ?? `child exited ${code} without a result`));
      }
    });
  });
}

function firstErrorLine(stderr: string): string | undefined {
  const lines = stderr
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  return lines.find((line) => /^\w*Error\b|^Error:/.test(line)) ?? lines[0];
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

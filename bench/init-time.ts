import { execFile } from 'node:child_process';
import { pathToFileURL } from 'node:url';

/**
 * Module init time of a bundle, measured in a fresh Node process (a Lambda cold start loads the
 * module once, in a new process).
 *
 * What is measured: `performance.now()` right after `await import(bundle)` inside the child.
 * performance.now() counts from the child's process start, so each sample is
 * "process start → handler module initialised" — Node's own bootstrap plus our module init, not
 * invocation. The budget is a ratio against the same measurement of a bare
 * `export const handler = async () => ({})` bundle.
 *
 * Why the total and not just the import: the bare import alone takes ~1-3 ms, so a ratio over it
 * would be dominated by timer and scheduler noise (a 1 ms hiccup doubles it) and every real
 * handler would "fail". Measuring both from process start puts the same process-level cost and
 * noise in the numerator and the denominator, which keeps the ratio stable from run to run and
 * from machine to machine. The import-only time is recorded too, for reading, not for the budget.
 */
export interface InitSample {
  /** ms from child process start to after the import resolved. */
  totalMs: number;
  /** ms spent in `await import(bundle)` alone. */
  importMs: number;
  /** typeof the module's `handler` export. */
  handlerType: string;
}

/** Harmless values so module-level code (clients, env reads) does not throw. */
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
const start = performance.now();
const module = await import(process.env.BENCH_MODULE_URL);
const end = performance.now();
process.stdout.write(JSON.stringify({ totalMs: end, importMs: end - start, handlerType: typeof module.handler }));
`;

function childEnv(moduleUrl: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...BENCH_ENV, BENCH_MODULE_URL: moduleUrl };
  // Same flags for every child, and none the Lambda runtime would not have.
  delete env.NODE_OPTIONS;
  return env;
}

export class InitError extends Error {}

/** Imports `file` once in a fresh child of the current Node binary. */
export function measureInit(file: string): Promise<InitSample> {
  const moduleUrl = pathToFileURL(file).href;
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--input-type=module', '-e', CHILD_SOURCE],
      { env: childEnv(moduleUrl), timeout: 60_000, maxBuffer: 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) {
          reject(new InitError(firstErrorLine(stderr) ?? error.message));
          return;
        }
        try {
          resolve(JSON.parse(stdout) as InitSample);
        } catch {
          reject(new InitError(`unreadable child output: ${stdout.slice(0, 200)}`));
        }
      },
    );
  });
}

function firstErrorLine(stderr: string): string | undefined {
  const lines = stderr.split('\n').map((line) => line.trim()).filter(Boolean);
  return lines.find((line) => /^\w*Error\b|^Error:/.test(line)) ?? lines[0];
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

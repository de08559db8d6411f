import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { REPO_ROOT } from '#shared/manifest/registry.ts';
import { startCustomerApp, type CustomerApp } from './customer-app.ts';
import { startPlatform } from './platform.ts';

/**
 * `npm run dev`: the whole platform on this machine. Data persists in .local/ (git-ignored);
 * `npm run dev -- --reset` (or `npm run dev:reset`) starts from scratch. The first start seeds the
 * demo data; stopped at any moment (Ctrl-C, kill -9), the next start completes it. With `--app` (what
 * `npm run dev` passes) it also builds and serves the customer app on APP_PORT (default 5173); the
 * tests and benches that start the platform run the API alone.
 */
const dataDir = resolve(process.env.PETPRO_DATA_DIR ?? join(REPO_ROOT, '.local'));
const port = Number(process.env.PORT ?? 3000);
const began = Date.now();
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

claimDataDir();
if (process.argv.includes('--reset')) {
  rmSync(dataDir, { recursive: true, force: true });
  console.log(`reset: removed ${dataDir}`);
  claimDataDir();
}

console.log('Starting PetPro locally…');
// DynamoDB Local's JVM with the C1 compiler only and the serial collector: it compiles less and runs no GC
// threads beside the requests — about 30 % less JVM CPU over a first start on 2 cores (decision 0025).
process.env.JAVA_TOOL_OPTIONS ??= '-XX:TieredStopAtLevel=1 -XX:+UseSerialGC';
const since = new Date().toISOString();
const seeding = new AbortController();
let seeded: Promise<unknown> = Promise.resolve();
let stopping = false;
let stopPlatform: () => Promise<void> = async () => undefined;
const running: { customerApp?: CustomerApp | undefined } = {};
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping…`);
  // The seeding stops between steps; whatever it did stays done, and the next start continues it.
  seeding.abort();
  await Promise.race([seeded.catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 10_000))]);
  running.customerApp?.stop();
  await stopPlatform();
  rmSync(pidFile(), { force: true });
  console.log('stopped.');
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

const withApp = process.argv.includes('--app');
const appPort = Number(process.env.APP_PORT ?? 5173);
const platform = await startPlatform({
  dataDir,
  port,
  // The payment page's "back to the app" opens the served app on the payment (its /payments/{id} route).
  ...(withApp ? { paymentReturnUrl: `http://localhost:${appPort}/payments/{paymentId}` } : {}),
  onComponent: (component, ms) => console.log(`  ✓ ${component.padEnd(46)} ${seconds(ms)}`),
  // Until the demo data is in (or, on a restart, the search index is rebuilt) /v1/health says "starting".
  beforeServing: async () =>
    (await import('../functions/platform/readiness.ts')).markStarting({ step: 'starting', since }),
}).catch((error: NodeJS.ErrnoException) => {
  if (error.code === 'EADDRINUSE') console.error(`Port ${port} is in use. Start on another one: PORT=3001 npm run dev`);
  else console.error(`PetPro could not start: ${error.stack ?? String(error)}`);
  rmSync(pidFile(), { force: true });
  process.exit(1);
});
stopPlatform = () => platform.stop();
// Ctrl-C while the platform was starting: stop what started.
if (stopping) await platform.stop().finally(() => process.exit(0));
console.log(
  `  API answers at ${platform.url} after ${seconds(Date.now() - began)} (GET /v1/health: 503 "starting" until ready)`,
);

// The app builds while the demo data goes in.
const appStarted = withApp
  ? startCustomerApp({
      apiUrl: platform.url,
      port: appPort,
      log: (line) => console.log(line),
    }).catch((error: unknown) => {
      console.error(`the customer app could not start: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    })
  : Promise.resolve(undefined);

try {
  // Imported once the platform has set the environment: the domains' logger reads its level at import.
  const { seedDemoData } = await import('./seed.ts');
  const seeding$ = seedDemoData({
    dataDir,
    userPoolId: platform.userPoolId,
    messages: () => platform.messages(),
    eventsIdle: (ms) => platform.eventsIdle(ms),
    log: (line) => console.log(line),
    signal: seeding.signal,
  });
  seeded = seeding$;
  platform.accounts = await seeding$;
} catch (error) {
  if (stopping) await new Promise(() => undefined); // shutdown() exits
  console.error(`seeding failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  console.error('Start again to continue it (npm run dev), or start from scratch (npm run dev -- --reset).');
  await platform.stop();
  rmSync(pidFile(), { force: true });
  process.exit(1);
}

running.customerApp = await appStarted;
const customerApp = running.customerApp;
if (stopping) await new Promise(() => undefined); // shutdown() exits

console.log(`
PetPro is running (started in ${seconds(Date.now() - began)}).${customerApp ? `\n  Customer app   ${customerApp.url}   (sign in with a demo login below)` : ''}
  API            ${platform.url}/v1/health
  API reference  ${platform.url}/docs   (OpenAPI: ${platform.url}/v1/openapi.json)
  Messages sent  ${platform.url}/dev/outbox   (verification codes are here)
  Demo accounts  ${platform.url}/dev/accounts   (what each one owns)
  Dead letters   ${platform.url}/dev/dead-letters
  Pay sandbox    ${platform.url}/sandbox/pay   (Midtrans/Xendit stand-in: Pay / Fail / Expire)
  Shipments      ${platform.url}/dev/shipping   (Biteship stand-in; POST /dev/shipping/{waybill}/advance moves tracking on)
  Data folder    ${dataDir}

Demo logins:
${platform.accounts.map((a) => `  ${a.username.padEnd(26)} ${a.password.padEnd(16)} ${a.owns}`).join('\n')}

Ctrl-C stops everything.`);

function pidFile(): string {
  return join(dataDir, 'dev.pid');
}

/**
 * One `npm run dev` per data folder. A run that was killed (kill -9) leaves DynamoDB Local running
 * on the folder: stop it, or the new one would share its files.
 */
function claimDataDir(): void {
  const running = existsSync(pidFile()) ? Number(readFileSync(pidFile(), 'utf8')) : undefined;
  if (running && running !== process.pid && alive(running) && commandOf(running).includes('local/main.ts')) {
    console.error(
      `PetPro is already running on ${dataDir} (pid ${running}). Stop it first, or use another folder: PETPRO_DATA_DIR=… npm run dev`,
    );
    process.exit(1);
  }
  const dynamoDir = join(dataDir, 'dynamodb');
  for (const line of processes()) {
    const [pid, ...args] = line.trim().split(/\s+/);
    const command = args.join(' ');
    if (command.includes('DynamoDBLocal.jar') && command.includes(`-dbPath ${dynamoDir} `)) {
      console.log(`stopping DynamoDB Local left running by a stopped run (pid ${pid})`);
      try {
        process.kill(Number(pid), 'SIGKILL');
      } catch {
        // gone meanwhile
      }
      for (const deadline = Date.now() + 5_000; alive(Number(pid)) && Date.now() < deadline;)
        execFileSync('sleep', ['0.1']);
    }
  }
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(pidFile(), String(process.pid));
}

function processes(): string[] {
  try {
    return execFileSync('ps', ['-e', '-o', 'pid=,args='], { encoding: 'utf8' }).split('\n').filter(Boolean);
  } catch {
    return [];
  }
}

function commandOf(pid: number): string {
  return processes().find((line) => line.trim().split(/\s+/)[0] === String(pid)) ?? '';
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

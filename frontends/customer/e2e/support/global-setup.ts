import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { API_URL, APP_URL } from './ports';

/**
 * The platform the browser tests run against: `npm run dev`'s own start (local/main.ts --app) on a
 * fresh data folder — DynamoDB Local, the Cognito stand-in, the payment and shipping sandboxes, the
 * demo data — with the customer app built for it and served. Nothing is stubbed. Returns the teardown.
 */
export default async function globalSetup(): Promise<(() => Promise<void>) | undefined> {
  if (process.env.E2E_BASE_URL) return undefined;
  const repo = resolve(import.meta.dirname, '..', '..', '..', '..');
  const dataDir = mkdtempSync(join(tmpdir(), 'petpro-e2e-'));
  const began = Date.now();
  const child = spawn(process.execPath, ['local/main.ts', '--app'], {
    cwd: repo,
    env: {
      ...process.env,
      PORT: new URL(API_URL).port,
      APP_PORT: new URL(APP_URL).port,
      PETPRO_DATA_DIR: dataDir,
      // Its own build: the shared dist/ stays npm run dev's (built for its API on :3000).
      PETPRO_APP_DIST: process.env.PETPRO_APP_DIST ?? join(tmpdir(), 'petpro-e2e-dist'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));

  const ready = await Promise.race([
    (async () => {
      while (!output.includes('PetPro is running')) await new Promise((r) => setTimeout(r, 250));
      return true;
    })(),
    exited.then(() => false),
    new Promise<false>((r) => setTimeout(() => r(false), 10 * 60_000)),
  ]);
  if (!ready || !output.includes('Customer app')) {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
    throw new Error(`the platform did not start for the browser tests:\n${output.slice(-4000)}`);
  }
  console.log(`platform and customer app up in ${((Date.now() - began) / 1000).toFixed(0)} s (${API_URL}, ${APP_URL})`);

  return async () => {
    // local/main.ts stops DynamoDB Local and the stand-ins on SIGTERM.
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 20_000))]);
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // stopped cleanly
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
}

import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { REPO_ROOT } from '#shared/manifest/registry.ts';

/**
 * `npm run dev` serves the customer app's web build beside the API, on a port the API's CORS allows
 * (5173). The app is an HTTP client like any other: it is built (`expo export`, in its own workspace)
 * with the API's URL inlined, then served by its own static server; nothing of it is imported here.
 * The build is reused while it is newer than the app's sources and was made for this API URL.
 * PETPRO_APP_DIST builds and serves it from another folder (the app bench, so it never rebuilds the
 * shared dist/ under a browser test serving it).
 */
const APP_DIR = join(REPO_ROOT, 'frontends', 'customer');
const DIST = process.env.PETPRO_APP_DIST ? resolve(process.env.PETPRO_APP_DIST) : join(APP_DIR, 'dist');
const STAMP = join(DIST, '.built-for');

export interface CustomerApp {
  url: string;
  stop(): void;
}

export async function startCustomerApp(options: {
  apiUrl: string;
  port?: number;
  log: (line: string) => void;
}): Promise<CustomerApp | undefined> {
  const port = options.port ?? 5173;
  if (!existsSync(join(REPO_ROOT, 'frontends', 'node_modules'))) {
    options.log('  customer app: not installed (npm ci --prefix frontends); API only');
    return undefined;
  }
  if (isStale(options.apiUrl)) {
    const began = Date.now();
    options.log('  customer app: building the web app (expo export)…');
    // Metro's transform cache (in the temp folder) is keyed by the sources, not by the EXPO_PUBLIC_*
    // values Babel inlines: a build for another API URL would reuse the last one's. One cache per URL.
    const metroTmp = join(
      tmpdir(),
      `petpro-metro-${createHash('sha256').update(options.apiUrl).digest('hex').slice(0, 12)}`,
    );
    mkdirSync(metroTmp, { recursive: true });
    await run('npm', ['run', 'build:web'], { EXPO_PUBLIC_API_URL: options.apiUrl, DIST, TMPDIR: metroTmp });
    writeFileSync(STAMP, options.apiUrl);
    options.log(`  ✓ ${'customer app built'.padEnd(46)} ${((Date.now() - began) / 1000).toFixed(1)} s`);
  }
  const server = spawn(process.execPath, ['scripts/serve.ts'], {
    cwd: APP_DIR,
    env: { ...process.env, PORT: String(port), DIST },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.once('exit', (code) =>
      reject(new Error(`the customer app's server exited (${code}); is port ${port} in use?`)),
    );
    waitForPort(`http://localhost:${port}/`, resolve);
  });
  return { url: `http://localhost:${port}`, stop: () => server.kill('SIGTERM') };
}

/** No build, one for another API, or sources changed since. */
function isStale(apiUrl: string): boolean {
  if (!existsSync(STAMP) || readFileSync(STAMP, 'utf8') !== apiUrl) return true;
  const built = statSync(STAMP).mtimeMs;
  const sources = [
    join(APP_DIR, 'src'),
    join(APP_DIR, 'index.ts'),
    join(APP_DIR, 'app.json'),
    join(APP_DIR, 'package.json'),
  ];
  return sources.some((path) => newestChange(path) > built);
}

function newestChange(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newestChange(join(path, name))));
}

function run(command: string, args: string[], env: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(command, args, {
      cwd: APP_DIR,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let errors = '';
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      errors = (errors + chunk).slice(-4000);
    });
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} failed (${code}):\n${errors}`)),
    );
  });
}

function waitForPort(url: string, ready: () => void): void {
  const attempt = () =>
    fetch(url)
      .then(() => ready())
      .catch(() => setTimeout(attempt, 100));
  attempt();
}

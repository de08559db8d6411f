/**
 * `node bench/customer-app.ts`: the customer app's first load in Chromium (issue 14). The platform
 * starts as `npm run dev` starts it (local/main.ts --app, fresh data folder, free API port, the app
 * built for that API into a folder of its own and served on a port the API's CORS allows); then, in
 * fresh browser contexts (no cache, service workers blocked, 360×760), loads alternate between
 *
 *   (a) a blank page of the same server (/metadata.json, 49 bytes), timed to its `load`, and
 *   (b) the app at / signed out: its first screen is sign-in; "Cari klinik tanpa masuk" opens Find
 *       care, timed from navigation start to the first clinic of the API's answer shown,
 *
 * and records the JavaScript shipped (every JS response body gzipped at level 9: the local server
 * does not compress): the initial JS (the scripts index.html references) and all JS received until
 * the list is shown. Budget: initial JS ≤ customerAppBudgets.maxInitialJsGzipBytes. The time is
 * recorded as a ratio to the blank page (median of each app load / the blank load before it), no
 * budget: wall time in the page, which the load on a shared machine moves (the ratio takes out some).
 *
 *   node bench/customer-app.ts               5 loads each (+1 warm-up pair)
 *   BENCH_RUNS=9 node bench/customer-app.ts  more
 *   CHROMIUM_PATH=…                          another Chromium (default /usr/bin/chromium-headless-shell)
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { freePort } from '#local/ports.ts';
import { customerAppBudgets, kb } from './budgets.ts';
import { median, runIfMain, type BenchResult } from './measure.ts';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const MAIN = join(REPO, 'local', 'main.ts');
const PLAYWRIGHT = join(REPO, 'frontends', 'node_modules', 'playwright-core', 'index.mjs');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium-headless-shell';
/** The dev origins the local API's CORS allows (shared/config/limits.ts DEV_WEB_ORIGINS). */
const APP_PORTS = [5173, 5174, 5175, 5176, 5177, 5178, 5179];
/** The blank page: the smallest static file the app's server serves (frontends/customer/scripts/serve.ts). */
const BLANK_PATH = '/metadata.json';
/** The sign-in screen's way to the clinic list without an account (features/auth/messages.ts, Indonesian). */
const BROWSE_LABEL = 'Cari klinik tanpa masuk';
const START_TIMEOUT_MS = 10 * 60_000;
const STEP_TIMEOUT_MS = 60_000;

// ---------------------------------------------------------------- the few playwright-core types used

interface PwResponse {
  url(): string;
  status(): number;
  headers(): Record<string, string>;
  body(): Promise<Buffer>;
  request(): { method(): string; resourceType(): string };
}
interface PwHandle {
  jsonValue(): Promise<unknown>;
}
interface PwPage {
  addInitScript(script: { content: string }): Promise<void>;
  goto(url: string, options: { waitUntil: 'load' | 'commit'; timeout: number }): Promise<unknown>;
  on(event: 'response', listener: (response: PwResponse) => void): void;
  getByRole(
    role: 'link',
    options: { name: string; exact: boolean },
  ): { click(options: { timeout: number }): Promise<void> };
  evaluate(expression: string): Promise<unknown>;
  waitForFunction(expression: string, arg: undefined, options: { polling: 'raf'; timeout: number }): Promise<PwHandle>;
}
interface PwContext {
  newPage(): Promise<PwPage>;
  close(): Promise<void>;
}
interface PwBrowser {
  version(): string;
  newContext(options: {
    viewport: { width: number; height: number };
    serviceWorkers: 'block';
    locale: string;
    timezoneId: string;
  }): Promise<PwContext>;
  close(): Promise<void>;
}
interface PwChromium {
  launch(options: { executablePath: string; headless: boolean; timeout: number }): Promise<PwBrowser>;
}

// ---------------------------------------------------------------- in the page

/**
 * Installed before the app's scripts (addInitScript). A MutationObserver notes when each node was
 * put into the DOM (and each text changed), on the page's own clock (performance.now(), 0 =
 * navigation start); `shownAt(names)` then says when the first element showing one of the names
 * became part of the document: the latest insertion on its chain of ancestors, or of its text —
 * the DOM commit that showed it (painted in the frame that follows). The browse link's first
 * visible moment and the first pointerdown (the tap) are noted too.
 */
const IN_PAGE = `(() => {
  const inserted = new WeakMap();
  const state = { browseShownAt: null, tapAt: null };
  const browse = ${JSON.stringify(`[aria-label="${BROWSE_LABEL}"]`)};
  const visible = (el) => el.getClientRects().length > 0 && (!el.checkVisibility || el.checkVisibility());
  new MutationObserver((mutations) => {
    const now = performance.now();
    for (const m of mutations) {
      if (m.type === 'characterData') inserted.set(m.target, now);
      else for (const node of m.addedNodes) inserted.set(node, now);
    }
    if (state.browseShownAt === null) {
      const link = document.querySelector(browse);
      if (link && visible(link)) state.browseShownAt = now;
    }
  }).observe(document, { childList: true, subtree: true, characterData: true });
  addEventListener('pointerdown', () => { if (state.tapAt === null) state.tapAt = performance.now(); }, true);
  const connectedAt = (el) => {
    let at = 0;
    for (let node = el; node; node = node.parentNode) at = Math.max(at, inserted.get(node) ?? 0);
    const texts = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let text = texts.nextNode(); text; text = texts.nextNode()) at = Math.max(at, inserted.get(text) ?? 0);
    return at;
  };
  window.__petproBench = {
    state,
    shownAt(names) {
      let first = null;
      // The visible elements whose own text holds a name (a text walk: cheap enough for every frame).
      const texts = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let text = texts.nextNode(); text; text = texts.nextNode()) {
        const name = names.find((candidate) => text.data.includes(candidate));
        const el = text.parentElement;
        if (name === undefined || !el || !visible(el)) continue;
        const at = connectedAt(el);
        if (first === null || at < first.at) first = { at, name };
      }
      return first && { ...first, ...state };
    },
  };
})();`;

// ---------------------------------------------------------------- the platform

/** Free for the app's server, which listens on every interface (serve.ts: `listen(port)`). */
function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, () => server.close(() => resolve(true)));
  });
}

interface Platform {
  appUrl: string;
  apiUrl: string;
  runningSeconds: number;
  /** expo export, when the output says so (it builds while the demo data goes in). */
  buildSeconds: number | undefined;
  stop(): Promise<void>;
}

async function startPlatform(): Promise<Platform> {
  let appPort: number | undefined;
  for (const port of APP_PORTS) {
    if (await portIsFree(port)) {
      appPort = port;
      break;
    }
  }
  if (appPort === undefined)
    throw new Error(`no free port for the app among ${APP_PORTS.join(', ')} (the API's CORS allows only these)`);
  const apiPort = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'petpro-bench-app-'));
  mkdirSync(join(dataDir, 'tmp'));
  const began = performance.now();
  const child = spawn(process.execPath, [MAIN, '--app'], {
    cwd: REPO,
    env: {
      ...process.env,
      PORT: String(apiPort),
      APP_PORT: String(appPort),
      PETPRO_DATA_DIR: join(dataDir, 'data'),
      // The app built for this API in a folder of its own: the shared dist/ stays as the browser tests built it.
      PETPRO_APP_DIST: join(dataDir, 'dist'),
      // A temp folder of the run's: the app's bundler cache (Metro's) starts empty and goes with it.
      TMPDIR: join(dataDir, 'tmp'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-40_000);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    // local/main.ts stops DynamoDB Local, the stand-ins and the app's server on SIGTERM.
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 20_000))]);
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // the group is gone: stopped cleanly
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    for (const deadline = Date.now() + START_TIMEOUT_MS; !output.includes('PetPro is running');) {
      if (child.exitCode !== null || child.signalCode !== null)
        throw new Error(`local/main.ts --app exited (${child.exitCode ?? child.signalCode}):\n${output.slice(-4000)}`);
      if (Date.now() > deadline)
        throw new Error(
          `the platform was not running after ${START_TIMEOUT_MS / 60_000} minutes:\n${output.slice(-4000)}`,
        );
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const runningSeconds = (performance.now() - began) / 1000;
    const appUrl = /Customer app\s+(http:\/\/\S+)/.exec(output)?.[1];
    if (!appUrl) throw new Error(`the platform runs without the customer app:\n${output.slice(-4000)}`);
    const built = /customer app built\s+([\d.]+) s/.exec(output)?.[1];
    return {
      appUrl,
      apiUrl: `http://localhost:${apiPort}`,
      runningSeconds,
      buildSeconds: built === undefined ? undefined : Number(built),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

// ---------------------------------------------------------------- the loads

interface JsFile {
  url: string;
  bytes: number;
  gzipBytes: number;
  /** Referenced by index.html (a <script src>). */
  initial: boolean;
  /** Received (responseEnd) before the first clinic was shown. */
  beforeList: boolean;
}

interface BlankSample {
  /** Navigation start → loadEventEnd, page clock, ms. */
  loadMs: number;
}

interface AppSample {
  /** Navigation start → the sign-in screen's browse link visible, ms. */
  firstScreenMs: number;
  /** The link visible → the tap (the harness's reaction, not counted in listMs), ms. */
  reactionMs: number;
  /** Navigation start → first clinic shown, less the reaction: what a user tapping at once waits, ms. */
  listMs: number;
  /** The same without taking the reaction out, ms. */
  listRawMs: number;
  firstClinic: string;
  js: JsFile[];
}

const gzipSize = (body: Buffer) => gzipSync(body, { level: 9 }).length;
const isJs = (response: PwResponse) =>
  /javascript|ecmascript/.test(response.headers()['content-type'] ?? '') ||
  /\.m?js$/.test(new URL(response.url()).pathname);

function withTimeout<T>(promise: Promise<T>, what: string, ms = STEP_TIMEOUT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: no answer in ${ms / 1000} s`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

const CONTEXT = {
  viewport: { width: 360, height: 760 },
  serviceWorkers: 'block',
  locale: 'id-ID',
  timezoneId: 'Asia/Jakarta',
} as const;

async function loadBlank(browser: PwBrowser, appUrl: string): Promise<BlankSample> {
  const context = await browser.newContext(CONTEXT);
  try {
    const page = await context.newPage();
    await page.goto(new URL(BLANK_PATH, appUrl).href, { waitUntil: 'load', timeout: STEP_TIMEOUT_MS });
    const loadMs = Number(
      await page.evaluate(
        "(() => { const n = performance.getEntriesByType('navigation')[0]; return n.loadEventEnd || n.loadEventStart; })()",
      ),
    );
    return { loadMs };
  } finally {
    await context.close();
  }
}

async function loadApp(browser: PwBrowser, appUrl: string, apiUrl: string): Promise<AppSample> {
  const context = await browser.newContext(CONTEXT);
  try {
    const page = await context.newPage();
    await page.addInitScript({ content: IN_PAGE });
    const bodies: { url: string; sizes: Promise<{ bytes: number; gzipBytes: number }> }[] = [];
    let html: Promise<string> | undefined;
    let resolveNames: (names: string[]) => void = () => undefined;
    let rejectNames: (error: Error) => void = () => undefined;
    const names = new Promise<string[]>((resolve, reject) => {
      resolveNames = resolve;
      rejectNames = reject;
    });
    names.catch(() => undefined); // awaited below; a rejection before then is not unhandled
    page.on('response', (response) => {
      const url = response.url();
      const method = response.request().method();
      // Awaited once the list shows; a body lost when a failed load closes its context is no unhandled rejection.
      if (response.request().resourceType() === 'document' && html === undefined) {
        html = response.body().then((body) => body.toString('utf8'));
        html.catch(() => undefined);
      } else if (isJs(response)) {
        const sizes = response.body().then((body) => ({ bytes: body.length, gzipBytes: gzipSize(body) }));
        sizes.catch(() => undefined);
        bodies.push({ url, sizes });
      } else if (method === 'GET' && new URL(url).pathname === '/v1/clinics' && !url.startsWith(`${apiUrl}/`))
        rejectNames(
          new Error(`the app asked another API (${url}), not this run's ${apiUrl}: a build for another API URL?`),
        );
      else if (method === 'GET' && response.status() === 200 && url.startsWith(`${apiUrl}/v1/clinics`))
        void response
          .body()
          .then((body) => {
            const items = (JSON.parse(body.toString('utf8')) as { items?: { name?: unknown }[] }).items ?? [];
            const found = items.map((item) => item.name).filter((name): name is string => typeof name === 'string');
            if (found.length > 0) resolveNames(found);
          })
          .catch(() => undefined);
    });

    await page.goto(new URL('/', appUrl).href, { waitUntil: 'commit', timeout: STEP_TIMEOUT_MS });
    await page.getByRole('link', { name: BROWSE_LABEL, exact: true }).click({ timeout: STEP_TIMEOUT_MS });
    const clinicNames = await withTimeout(names, `GET ${apiUrl}/v1/clinics with clinics in it after "${BROWSE_LABEL}"`);
    const shown = (await (
      await page.waitForFunction(`window.__petproBench.shownAt(${JSON.stringify(clinicNames)})`, undefined, {
        polling: 'raf',
        timeout: STEP_TIMEOUT_MS,
      })
    ).jsonValue()) as { at: number; name: string; browseShownAt: number | null; tapAt: number | null };
    if (shown.browseShownAt === null || shown.tapAt === null)
      throw new Error(`the browse link or the tap was not seen in the page: ${JSON.stringify(shown)}`);
    const timings = new Map(
      (
        (await page.evaluate(
          "performance.getEntriesByType('resource').map((entry) => [entry.name, entry.responseEnd])",
        )) as [string, number][]
      ).map(([url, end]) => [url, end]),
    );
    const index = (await html) ?? '';
    const initial = new Set(
      [...index.matchAll(/<script\b[^>]*\bsrc=["']([^"']+)["']/gi)].map((match) => new URL(match[1]!, appUrl).href),
    );
    const js: JsFile[] = [];
    for (const { url, sizes } of bodies) {
      const end = timings.get(url);
      js.push({ url, ...(await sizes), initial: initial.has(url), beforeList: end !== undefined && end <= shown.at });
    }
    const missing = [...initial].filter((url) => !js.some((file) => file.url === url));
    if (missing.length > 0) throw new Error(`index.html's scripts were not received: ${missing.join(', ')}`);
    const reactionMs = shown.tapAt - shown.browseShownAt;
    return {
      firstScreenMs: shown.browseShownAt,
      reactionMs,
      listMs: shown.at - reactionMs,
      listRawMs: shown.at,
      firstClinic: shown.name,
      js,
    };
  } finally {
    await context.close();
  }
}

// ---------------------------------------------------------------- the bench

export interface CustomerAppResult extends BenchResult {
  /** What report.json keeps (bench/run.ts adds it as `customerApp`). */
  report: Record<string, unknown>;
}

export async function runCustomerAppBench(options: { runs?: number } = {}): Promise<CustomerAppResult> {
  const runs = Math.max(1, options.runs ?? Number(process.env.BENCH_RUNS || 5));
  const skip = !existsSync(PLAYWRIGHT)
    ? `the frontends workspace is not installed (${PLAYWRIGHT} missing: npm ci --prefix frontends)`
    : !existsSync(CHROMIUM)
      ? `no Chromium at ${CHROMIUM} (apt-get install chromium-headless-shell, or CHROMIUM_PATH=…)`
      : undefined;
  if (skip) return { ok: true, lines: [`  skipped: ${skip}`], report: { skipped: skip } };

  const { chromium } = (await import(pathToFileURL(PLAYWRIGHT).href)) as { chromium: PwChromium };
  const loadBefore = loadavg()[0]!;
  const platform = await startPlatform();
  let browser: PwBrowser | undefined;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, timeout: STEP_TIMEOUT_MS });
    const blank: BlankSample[] = [];
    const app: AppSample[] = [];
    // One warm-up pair (the browser's and the server's first requests), then `runs` pairs, blank first.
    for (let round = 0; round <= runs; round++) {
      const blankSample = await loadBlank(browser, platform.appUrl);
      const appSample = await loadApp(browser, platform.appUrl, platform.apiUrl);
      if (round === 0) continue;
      blank.push(blankSample);
      app.push(appSample);
    }
    const loadAfter = loadavg()[0]!;

    const timeRatio = median(app.map((sample, index) => sample.listMs / blank[index]!.loadMs));
    const sum = (files: JsFile[]) => files.reduce((total, file) => total + file.gzipBytes, 0);
    const initialJs = median(app.map((sample) => sum(sample.js.filter((file) => file.initial))));
    const initialJsRaw = median(
      app.map((sample) => sample.js.filter((file) => file.initial).reduce((total, file) => total + file.bytes, 0)),
    );
    const toListJs = median(app.map((sample) => sum(sample.js.filter((file) => file.beforeList))));
    // The files, named without their content hash, as the median sample of the JS to the list received them.
    const middle = app.find((sample) => sum(sample.js.filter((file) => file.beforeList)) === toListJs)!;
    const named = (files: JsFile[]) =>
      files.map(
        (file) => `${basename(new URL(file.url).pathname).replace(/-[0-9a-f]{16,}\.js$/, '.js')} ${kb(file.gzipBytes)}`,
      );
    const toList = named(middle.js.filter((file) => file.beforeList));
    const after = named(middle.js.filter((file) => !file.beforeList));
    const ms = (values: number[]) => `${median(values).toFixed(0)} ms`;
    const problems: string[] = [];
    if (initialJs > customerAppBudgets.maxInitialJsGzipBytes)
      problems.push(
        `initial JS ${kb(initialJs)} KB gzip > ${kb(customerAppBudgets.maxInitialJsGzipBytes)} KB (the scripts index.html references)`,
      );
    const summary = {
      listMs: median(app.map((sample) => sample.listMs)),
      firstScreenMs: median(app.map((sample) => sample.firstScreenMs)),
      blankLoadMs: median(blank.map((sample) => sample.loadMs)),
      timeRatio,
      initialJsGzipBytes: initialJs,
      initialJsBytes: initialJsRaw,
      jsToListGzipBytes: toListJs,
      jsToList: toList,
      jsAfterList: after,
    };
    const lines = [
      `  Chromium ${browser.version()}, 360×760, a fresh context per load (no cache, service workers blocked); ` +
        `${runs} loads each (+1 warm-up pair), blank and app alternating; load ${loadBefore.toFixed(1)} → ${loadAfter.toFixed(1)} on ${availableParallelism()} cores`,
      `  platform with the app "running" in ${platform.runningSeconds.toFixed(0)} s` +
        `${platform.buildSeconds === undefined ? '' : ` (app built in ${platform.buildSeconds.toFixed(0)} s)`}; app ${platform.appUrl}, API ${platform.apiUrl}`,
      `  blank page (${BLANK_PATH}) to load: ${ms(blank.map((sample) => sample.loadMs))}`,
      `  app to the first clinic shown: ${ms(app.map((sample) => sample.listMs))} = ${timeRatio.toFixed(1)}x the blank page (recorded, no budget); ` +
        `sign-in screen at ${ms(app.map((sample) => sample.firstScreenMs))}; the harness's tap on "${BROWSE_LABEL}", ` +
        `${ms(app.map((sample) => sample.reactionMs))} after it showed, not counted`,
      `  JS shipped, gzip -9: initial ${kb(initialJs)} KB (${kb(initialJsRaw)} KB raw; budget <= ${kb(customerAppBudgets.maxInitialJsGzipBytes)} KB) ` +
        `${problems.length ? 'OVER BUDGET' : 'ok'}; to the first list ${kb(toListJs)} KB (${toList.join(', ')})` +
        `${after.length ? `; after it: ${after.join(', ')}` : ''}`,
      ...problems.map((problem) => `  FAIL: ${problem}`),
    ];
    return {
      ok: problems.length === 0,
      lines,
      report: {
        method:
          'local/main.ts --app on a fresh data folder; Chromium (playwright-core), a fresh context per load, 360x760, service workers blocked; ' +
          `blank = ${BLANK_PATH} to loadEventEnd; app = / to the first clinic of GET /v1/clinics shown (DOM commit, page clock), ` +
          `less the harness's reaction between the sign-in screen's "${BROWSE_LABEL}" showing and the tap; ` +
          'ratios = median over the pairs of app / the blank load just before it; JS = response bodies gzipped at level 9',
        budgets: customerAppBudgets,
        browser: browser.version(),
        appUrl: platform.appUrl,
        platformRunningSeconds: platform.runningSeconds,
        appBuildSeconds: platform.buildSeconds,
        load: { before: loadBefore, after: loadAfter, cores: availableParallelism() },
        runs,
        summary,
        ok: problems.length === 0,
        problems,
        blank,
        app,
      },
    };
  } finally {
    await browser?.close().catch(() => undefined);
    await platform.stop();
  }
}

runIfMain(import.meta.url, runCustomerAppBench);

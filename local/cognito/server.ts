/**
 * Local Cognito: cognito-local in a child process, data in `<dataDir>/.cognito`, one pool/client.
 * Why the CUSTOM_AUTH patch: cognito-local has no CUSTOM_AUTH flow, and PetPro's passwordless
 * sign-in (OTP by SMS/WhatsApp/email) is built on it in AWS. custom-auth.ts drives the same three
 * trigger modules (Define/Create/VerifyAuthChallenge) with Cognito's real protocol, so the
 * identity handlers and triggers run locally unchanged; patches.ts plugs it into cognito-local.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { DEFAULT_REGION } from '#shared/config/env.ts';
import type { ChildMessage, ParentMessage, TriggerPaths } from './protocol.ts';
import { issuerDomain } from './provision.ts';

export type { TriggerName, TriggerPaths } from './protocol.ts';

export interface LocalCognito {
  /** e.g. http://127.0.0.1:9229 — give it to the SDK as `endpoint` / AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER. */
  endpoint: string;
  userPoolId: string;
  clientId: string;
  region: string;
  /** https://cognito-idp.<region>.amazonaws.com/<userPoolId>, the `iss` of every token. */
  issuer: string;
  /** The pool's JWKS, for `CognitoJwtVerifier#cacheJwks`. */
  jwks: unknown;
  /** The child process (undefined once it is gone). */
  readonly pid: number | undefined;
  /** Stops the child process; resolves when it has exited. Safe to call twice. */
  stop(): Promise<void>;
}

export interface StartCognitoOptions {
  /** Where the data lives (`<dataDir>/.cognito/{config.json,db/}`); created if missing, reused if present. */
  dataDir: string;
  /** 0 picks a free port. */
  port: number;
  /** Interface to listen on; default 127.0.0.1. */
  host?: string;
  /** Trigger modules (absolute paths) exporting `handler(event, context)`; loaded in the child. */
  triggers?: TriggerPaths;
  /** Every line the child logs (pino JSON on stdout; stderr as is). Without it lines are only kept for error messages. */
  onLog?: (line: string) => void;
  /** cognito-local's log level; default 'info' (confirmation codes and errors). */
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
  /** Default 30 s. */
  startTimeoutMs?: number;
}

const CHILD_ENTRY = fileURLToPath(new URL('./child.ts', import.meta.url));
const STOP_GRACE_MS = 5_000;
const KEPT_LOG_LINES = 200;

export async function startCognito(options: StartCognitoOptions): Promise<LocalCognito> {
  const dataDir = resolve(options.dataDir);
  await mkdir(dataDir, { recursive: true });
  const host = options.host ?? '127.0.0.1';
  const region = DEFAULT_REGION;

  const recent: string[] = [];
  const log = (line: string) => {
    recent.push(line);
    if (recent.length > KEPT_LOG_LINES) recent.shift();
    options.onLog?.(line);
  };

  // The parent's environment goes to the child: trigger modules read TABLE_NAME, AWS_ENDPOINT_URL_*, ...
  const child = spawn(process.execPath, [CHILD_ENTRY], {
    cwd: dataDir,
    env: { ...process.env },
    stdio: ['pipe', 'pipe', 'pipe', 'ipc'],
  });
  createInterface({ input: child.stdout! }).on('line', log);
  createInterface({ input: child.stderr! }).on('line', log);
  // Also on process.exit() in the parent; a crash of the parent closes the IPC channel instead.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  let ready: Extract<ChildMessage, { type: 'ready' }>;
  try {
    ready = await waitForReady(
      child,
      {
        type: 'start',
        port: options.port,
        host,
        region,
        triggers: options.triggers ?? {},
        logLevel: options.logLevel ?? 'info',
      },
      options.startTimeoutMs ?? 30_000,
    );
  } catch (error) {
    await terminate(child);
    process.removeListener('exit', killOnExit);
    const tail = recent.slice(-40).join('\n');
    throw new Error(
      `local cognito did not start: ${(error as Error).message}${tail ? `\n--- cognito log ---\n${tail}` : ''}`,
      { cause: error },
    );
  }
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= terminate(child).finally(() => process.removeListener('exit', killOnExit));
    return stopping;
  };
  child.on('exit', (code, signal) => {
    if (!stopping) log(`[cognito] child process exited unexpectedly (code ${code}, signal ${signal})`);
  });

  const endpointHost =
    host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '[::1]' : host.includes(':') ? `[${host}]` : host;
  const endpoint = `http://${endpointHost}:${ready.port}`;

  let jwks: unknown;
  try {
    const response = await fetch(`${endpoint}/${ready.userPoolId}/.well-known/jwks.json`);
    if (!response.ok) throw new Error(`JWKS: HTTP ${response.status}`);
    jwks = await response.json();
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    endpoint,
    userPoolId: ready.userPoolId,
    clientId: ready.clientId,
    region,
    issuer: `${issuerDomain(region)}/${ready.userPoolId}`,
    jwks,
    get pid() {
      return child.exitCode === null && child.signalCode === null ? child.pid : undefined;
    },
    stop,
  };
}

function waitForReady(
  child: ChildProcess,
  start: ParentMessage,
  timeoutMs: number,
): Promise<Extract<ChildMessage, { type: 'ready' }>> {
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => done(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    const onMessage = (message: ChildMessage) => {
      if (message.type === 'ready') done(undefined, message);
      else if (message.type === 'error') done(new Error(message.message));
    };
    const onExit = (code: number | null, signal: string | null) =>
      done(new Error(`child exited (code ${code}, signal ${signal})`));
    const onError = (error: Error) => done(error);
    function done(error: Error | undefined, message?: Extract<ChildMessage, { type: 'ready' }>) {
      clearTimeout(timer);
      child.off('message', onMessage).off('exit', onExit).off('error', onError);
      if (error || !message) reject(error ?? new Error('no ready message'));
      else resolvePromise(message);
    }
    child.on('message', onMessage).on('exit', onExit).on('error', onError);
    child.send(start);
  });
}

/** Asks the child to stop, then kills it if it has not exited within the grace period. */
async function terminate(child: ChildProcess): Promise<void> {
  const exited = () => child.exitCode !== null || child.signalCode !== null || child.pid === undefined;
  if (!exited()) {
    const exit = once(child, 'exit');
    if (child.connected) child.send({ type: 'stop' } satisfies ParentMessage, () => undefined);
    else child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    await exit;
    clearTimeout(timer);
  }
  child.stdin?.destroy();
  if (child.connected) child.disconnect();
}

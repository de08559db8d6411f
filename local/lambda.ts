import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import { localTaskFunctionName, type LoadedManifest } from '#shared/manifest/registry.ts';
import { takeUndeclaredEmits, withDeclaredEmits } from '#shared/events/emits.ts';

type Handler = (event: unknown, context: Context) => Promise<unknown>;

const loaded = new Map<string, Promise<Handler>>();

/** Imports a handler module once, as Lambda keeps a warm container. */
export function loadHandler(file: string): Promise<Handler> {
  let handler = loaded.get(file);
  if (!handler) {
    handler = import(pathToFileURL(file).href).then((module: { handler?: Handler }) => {
      if (typeof module.handler !== 'function') throw new Error(`${file} does not export a handler`);
      return module.handler;
    });
    loaded.set(file, handler);
  }
  return handler;
}

/** Local function name → the manifest entry it runs and the events that entry declares (`emits`). */
const declaredEmits = new Map<string, { entry: string; emits: readonly string[] }>();

/**
 * Makes `invoke` hold each manifest handler to its entry's `emits` (shared/events/emits.ts), under the
 * function names the gateway, bus, schedules and Step Functions invoke them by.
 */
export function declareEmits(manifests: LoadedManifest[]): void {
  takeUndeclaredEmits();
  for (const { manifest } of manifests) {
    const { domain } = manifest;
    const groups = [
      ['routes', manifest.routes, (name: string) => `${domain}-${name}`],
      ['subscriptions', manifest.subscriptions, (name: string) => `${domain}.${name}`],
      ['schedules', manifest.schedules, (name: string) => `${domain}-${name}`],
      ['tasks', manifest.tasks, (name: string) => localTaskFunctionName(domain, name)],
    ] as const;
    for (const [kind, specs, functionName] of groups) {
      for (const [name, spec] of Object.entries(specs ?? {}))
        declaredEmits.set(functionName(name), { entry: `${domain}.${kind}.${name}`, emits: spec.emits ?? [] });
    }
  }
}

/** Throws if a handler emitted an event its manifest entry does not declare since the last call (the platform's stop()). */
export function assertDeclaredEmits(): void {
  const found = [...new Set(takeUndeclaredEmits())];
  if (found.length > 0)
    throw new Error(`undeclared emits (functions/<domain>/manifest.ts \`emits\`):\n${found.join('\n')}`);
}

/** Runs a handler the way the Lambda runtime would, with a context object. */
export async function invoke(file: string, event: unknown, functionName: string, timeoutMs = 30_000): Promise<unknown> {
  const handler = await loadHandler(file);
  const context = lambdaContext(functionName, timeoutMs);
  const declared = declaredEmits.get(functionName);
  return declared
    ? withDeclaredEmits(declared.entry, declared.emits, () => handler(event, context))
    : handler(event, context);
}

/** The context object the Lambda runtime passes to a handler. */
export function lambdaContext(
  functionName: string,
  timeoutMs: number,
  region = 'ap-southeast-3',
  memoryMb = 1024,
): Context {
  const deadline = Date.now() + timeoutMs;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${region}:000000000000:function:${functionName}`,
    memoryLimitInMB: String(memoryMb),
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

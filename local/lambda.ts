import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';

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

/** Runs a handler the way the Lambda runtime would, with a context object. */
export async function invoke(file: string, event: unknown, functionName: string, timeoutMs = 30_000): Promise<unknown> {
  const handler = await loadHandler(file);
  const context = lambdaContext(functionName, timeoutMs);
  return handler(event, context);
}

/** The context object the Lambda runtime passes to a handler. */
export function lambdaContext(functionName: string, timeoutMs: number, region = 'ap-southeast-3', memoryMb = 1024): Context {
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

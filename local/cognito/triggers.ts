/**
 * Cognito triggers as local modules: each configured path is imported once (in the cognito child
 * process) and its `handler(event, context)` is called the way Lambda would call it, with the
 * standard Cognito trigger event, and must return the event with `response` filled in.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import { lambdaContext } from '../lambda.ts';
import { cognitoLocal, type Ctx, type LambdaLike } from './internals.ts';
import type { TriggerName, TriggerPaths } from './protocol.ts';

/** Cognito gives a trigger 5 seconds. */
const TRIGGER_TIMEOUT_MS = 5_000;

type Handler = (event: unknown, context: Context, callback: (error?: unknown, result?: unknown) => void) => unknown;

export interface TriggerEvent {
  triggerSource: string;
  response: unknown;
}

function triggerContext(name: string, region: string): Context {
  return {
    ...lambdaContext(`petpro-local-${name}`, TRIGGER_TIMEOUT_MS, region, 256),
    callbackWaitsForEmptyEventLoop: true,
  };
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class TriggerModules {
  readonly #handlers: Map<string, Handler>;
  readonly #region: string;

  constructor(handlers: Map<string, Handler>, region: string) {
    this.#handlers = handlers;
    this.#region = region;
  }

  /** Imports every configured module up front, so a broken trigger fails the start, not a sign-in. */
  static async load(paths: TriggerPaths, region: string): Promise<TriggerModules> {
    const handlers = new Map<string, Handler>();
    for (const [name, path] of Object.entries(paths)) {
      if (!path) continue;
      const mod = (await import(pathToFileURL(resolve(path)).href)) as { handler?: unknown };
      if (typeof mod.handler !== 'function')
        throw new Error(`${name} trigger ${path} does not export a handler function`);
      handlers.set(name, mod.handler as Handler);
    }
    return new TriggerModules(handlers, region);
  }

  has(name: string): boolean {
    return this.#handlers.has(name);
  }

  /** Calls the trigger; returns the event it gave back. Failures come back as Cognito's errors. */
  async invoke<E extends TriggerEvent>(ctx: Ctx, name: TriggerName, event: E): Promise<E> {
    const handler = this.#handlers.get(name);
    if (!handler) throw new Error(`${name} trigger not configured`);
    ctx.logger.debug({ trigger: name, event }, 'invoking trigger');
    const { errors } = cognitoLocal;
    let timer: NodeJS.Timeout | undefined;
    let result: unknown;
    try {
      result = await new Promise<unknown>((resolvePromise, reject) => {
        timer = setTimeout(() => reject(new errors.UnexpectedLambdaExceptionError()), TRIGGER_TIMEOUT_MS);
        const callback = (error?: unknown, value?: unknown) => (error ? reject(error) : resolvePromise(value));
        try {
          const returned = handler(structuredClone(event), triggerContext(name, this.#region), callback);
          if (returned && typeof (returned as Promise<unknown>).then === 'function')
            (returned as Promise<unknown>).then(resolvePromise, reject);
        } catch (error) {
          reject(error);
        }
      });
    } catch (error) {
      if (error instanceof errors.CognitoError) throw error;
      ctx.logger.error({ trigger: name, err: error }, 'trigger failed');
      throw new errors.UserLambdaValidationError(`${name} failed with error ${errorMessage(error)}.`);
    } finally {
      clearTimeout(timer);
    }
    if (
      !result ||
      typeof result !== 'object' ||
      !('response' in result) ||
      typeof result.response !== 'object' ||
      result.response === null
    ) {
      ctx.logger.error({ trigger: name, result }, 'trigger returned no event with a response');
      throw new errors.InvalidLambdaResponseError();
    }
    ctx.logger.debug({ trigger: name, response: result.response }, 'trigger returned');
    return result as E;
  }

  /**
   * cognito-local's own trigger calls (PreSignUp, PostConfirmation, PostAuthentication,
   * PreTokenGeneration, CustomMessage, UserMigration) routed to these modules instead of Lambda.
   */
  asLambda(): LambdaLike {
    // Only its event builder is used; the Lambda client is never called.
    const builder = new cognitoLocal.lambda.LambdaService({}, null) as unknown as {
      createLambdaEvent(event: Record<string, unknown>): TriggerEvent;
    };
    return {
      enabled: (trigger) => this.has(trigger),
      invoke: async (ctx, trigger, event) => {
        const lambdaEvent = { ...builder.createLambdaEvent(event), version: '1', region: this.#region };
        const result = await this.invoke(ctx, trigger as TriggerName, lambdaEvent);
        return result.response;
      },
    };
  }
}

import { createHash, randomUUID } from 'node:crypto';
import type { MiddlewareObj } from '@middy/core';
import type { Context } from 'aws-lambda';
import type { RouteSpec } from '../manifest/types.ts';
import { authFromClaims } from '../auth/access.ts';
import { idempotencyRecords, isClaimable, type RecordScope, type StoredResponse } from '../table/idempotency.ts';
import { logger } from '../lib/logger.ts';
import { HttpProblem, problems } from './problem.ts';
import { httpRoute, type HttpEvent, type HttpResult, type Reply, type RouteRequest } from './route.ts';

/** A repeat within this window answers with the first response. */
export const IDEMPOTENCY_WINDOW_SECONDS = 24 * 3600;
/** How long a claim holds when there is no Lambda context to say (scripts); routes time out after 10 s. */
const DEFAULT_LOCK_MS = 30_000;
/** After the Lambda's own deadline, so a claim outlives the request that holds it, never the other way round. */
const LOCK_MARGIN_MS = 1_000;
/** A record can vanish between a failed claim and its read (its holder failed): try again, a few times. */
const CLAIM_ATTEMPTS = 3;
const KEY_PATTERN = /^[\x21-\x7E]{1,255}$/;
/** Marks a replayed answer (as Stripe's `Idempotent-Replayed`). */
export const REPLAYED_HEADER = 'idempotent-replayed';

const HELD = 'idempotency.held';
interface Held {
  scope: RecordScope;
  token: string;
}
type Internal = Record<string, unknown>;
type Middleware = MiddlewareObj<HttpEvent, HttpResult, Error, Context, Internal>;

function header(headers: HttpEvent['headers'] | undefined, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers ?? {})) if (key.toLowerCase() === name) return value;
  return undefined;
}

const sortedEntries = (values: Record<string, string | undefined> | null | undefined) =>
  Object.entries(values ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

/**
 * What "the same request" means: the path parameters, the query and the body as sent (so the same
 * key on another payment, pet or list is another request, answered 422, never someone else's answer).
 */
export function payloadHash(event: HttpEvent): string {
  const raw = event.body ?? '';
  const body = event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
  return createHash('sha256')
    .update(JSON.stringify([sortedEntries(event.pathParameters), sortedEntries(event.queryStringParameters), body]))
    .digest('base64url');
}

function lockMs(context: Context | undefined): number {
  const remaining = context?.getRemainingTimeInMillis?.();
  return typeof remaining === 'number' && remaining > 0 ? remaining + LOCK_MARGIN_MS : DEFAULT_LOCK_MS;
}

function stored(response: HttpResult): StoredResponse {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers ?? {}))
    if (name.toLowerCase() !== 'x-correlation-id') headers[name] = String(value);
  return {
    statusCode: response.statusCode ?? 200,
    headers,
    ...(response.body !== undefined ? { body: response.body } : {}),
    ...(response.isBase64Encoded ? { isBase64Encoded: true } : {}),
  };
}

function replay(response: StoredResponse, correlationId: string): HttpResult {
  return {
    statusCode: response.statusCode,
    headers: { ...response.headers, 'x-correlation-id': correlationId, [REPLAYED_HEADER]: 'true' },
    ...(response.body !== undefined ? { body: response.body } : {}),
    ...(response.isBase64Encoded ? { isBase64Encoded: true } : {}),
  };
}

function takeHeld(internal: Internal): Held | undefined {
  const held = internal[HELD] as Held | undefined;
  delete internal[HELD];
  return held;
}

/** Frees the key after a failure; never throws (the request's own error is the answer). */
async function release(held: Held): Promise<void> {
  try {
    if (!(await idempotencyRecords.release(held.scope, held.token)))
      logger.warn('idempotency record no longer held at release', { route: held.scope.route });
  } catch (error) {
    logger.error('idempotency record not released', { error: error as Error, route: held.scope.route });
  }
}

/**
 * `Idempotency-Key` on a route that declares it (manifest `headers`), on our own conditional-write
 * record (shared/table/idempotency.ts, docs/decisions/0022), scoped to caller, key and route:
 * - the first request claims the record (in progress) and runs; a 2xx/3xx answer is stored and
 *   every later request with the same key and payload gets it again (`Idempotent-Replayed: true`);
 * - the same key with another payload → 422 `idempotency-key-reused`, whatever the record's state;
 * - the same payload while the first still runs → 409 `request-in-progress` (it did not run);
 * - a failure of the request that holds the record (thrown, or a 4xx/5xx answer) deletes it — only
 *   that request can, conditional on its own token — so a corrected retry runs again;
 * - a holder that was stopped (timeout, crash) blocks the key only until its Lambda deadline.
 * Without the header the request runs normally.
 */
export function idempotentRequests(route: RouteSpec): Middleware[] {
  const routeKey = `${route.method} ${route.path}`;
  return [
    {
      before: async (request) => {
        const key = header(request.event.headers, 'idempotency-key');
        if (key === undefined) return undefined;
        if (!KEY_PATTERN.test(key)) {
          throw problems.badRequest('validation', [
            { path: 'headers.idempotency-key', message: '1-255 visible ASCII characters' },
          ]);
        }
        const auth = authFromClaims(request.event.requestContext?.authorizer?.jwt?.claims);
        if (!auth && route.auth === 'user') return undefined; // the route answers 401
        const scope: RecordScope = { caller: auth?.userId ?? 'public', key, route: routeKey };
        const hash = payloadHash(request.event);
        const token = randomUUID();
        for (let attempt = 1; ; attempt += 1) {
          const nowMs = Date.now();
          const result = await idempotencyRecords.claim(scope, {
            payloadHash: hash,
            token,
            nowMs,
            lockedUntil: nowMs + lockMs(request.context),
            expiresAt: Math.floor(nowMs / 1000) + IDEMPOTENCY_WINDOW_SECONDS,
          });
          if (result.claimed) {
            request.internal[HELD] = { scope, token } satisfies Held;
            return undefined;
          }
          const existing = result.existing;
          if (existing && !isClaimable(existing, hash, nowMs)) {
            if (existing.payloadHash !== hash) throw new HttpProblem(422, 'idempotency-key-reused');
            if (existing.status === 'completed' && existing.response) {
              return replay(
                existing.response,
                String(request.internal.correlationId ?? request.context?.awsRequestId ?? ''),
              );
            }
            throw new HttpProblem(409, 'request-in-progress');
          }
          if (attempt >= CLAIM_ATTEMPTS) throw new HttpProblem(409, 'request-in-progress');
        }
      },
      after: async (request) => {
        const held = takeHeld(request.internal);
        if (!held) return;
        const response = request.response;
        if (!response || (response.statusCode ?? 200) >= 400) {
          await release(held);
          return;
        }
        try {
          const expiresAt = Math.floor(Date.now() / 1000) + IDEMPOTENCY_WINDOW_SECONDS;
          if (!(await idempotencyRecords.complete(held.scope, held.token, stored(response), expiresAt))) {
            logger.warn('idempotency record no longer held at completion', { route: held.scope.route });
          }
        } catch (error) {
          // The work is done and its answer goes out; a retry within the lock gets 409, later it runs again.
          logger.error('idempotency record not completed', { error: error as Error, route: held.scope.route });
        }
      },
      onError: async (request) => {
        const held = takeHeld(request.internal);
        if (held) await release(held);
      },
    },
  ];
}

/** httpRoute for a route that declares `Idempotency-Key` in its manifest headers. */
export function idempotentHttpRoute<const R extends RouteSpec>(
  route: R,
  useCase: (request: RouteRequest<R>) => Promise<Reply>,
) {
  return httpRoute(route, useCase, { middlewares: idempotentRequests(route) as never, idempotent: true });
}

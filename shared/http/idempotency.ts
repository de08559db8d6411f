import type { MiddlewareObj } from '@middy/core';
import { IdempotencyConfig } from '@aws-lambda-powertools/idempotency';
import { makeHandlerIdempotent } from '@aws-lambda-powertools/idempotency/middleware';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { dynamoClient } from '../table/client.ts';
import { tableDefinition, tableName } from '../table/definition.ts';
import type { RouteSpec } from '../manifest/types.ts';
import { authFromClaims } from '../auth/access.ts';
import { problems } from './problem.ts';
import { httpRoute, type Reply, type RouteRequest } from './route.ts';

/** The caller's key, scoped to the caller: two users can never share an answer. */
const SCOPE_HEADER = 'x-petpro-idempotency-scope';
/** A repeat within this window answers with the first response. */
export const IDEMPOTENCY_WINDOW_SECONDS = 24 * 3600;

type Middleware = MiddlewareObj<{ headers?: Record<string, string | undefined>; requestContext?: { authorizer?: { jwt?: { claims?: Record<string, unknown> } } } }>;

/**
 * `Idempotency-Key` on a route that declares it (manifest `headers`): Powertools idempotency on
 * the table. Same key and body → the first answer again; same key, other body → 422; while the
 * first is still running → 409. Without the header the request runs normally.
 */
export function idempotentRequests(route: RouteSpec): Middleware[] {
  let inner: Middleware | undefined;
  const idempotency = () =>
    (inner ??= makeHandlerIdempotent({
      persistenceStore: new DynamoDBPersistenceLayer({
        tableName: tableName(),
        keyAttr: tableDefinition.partitionKey,
        sortKeyAttr: tableDefinition.sortKey,
        staticPkValue: `IDEMPOTENCY#${route.method} ${route.path}`,
        expiryAttr: tableDefinition.timeToLiveAttribute,
        awsSdkV3Client: dynamoClient(),
      }),
      config: new IdempotencyConfig({
        eventKeyJmesPath: `headers."${SCOPE_HEADER}"`,
        payloadValidationJmesPath: 'body',
        throwOnNoIdempotencyKey: false,
        expiresAfterSeconds: IDEMPOTENCY_WINDOW_SECONDS,
      }),
    }) as Middleware);

  const scope: Middleware = {
    before: (request) => {
      const headers = request.event.headers ?? {};
      delete headers[SCOPE_HEADER]; // only this middleware sets it
      const key = headers['idempotency-key'];
      if (key === undefined) return;
      if (!/^[\x21-\x7E]{1,255}$/.test(key)) {
        throw problems.badRequest('validation', [{ path: 'headers.idempotency-key', message: '1-255 visible ASCII characters' }]);
      }
      const caller = authFromClaims(request.event.requestContext?.authorizer?.jwt?.claims)?.userId ?? 'public';
      request.event.headers = { ...headers, [SCOPE_HEADER]: `${caller}:${key}` };
    },
  };
  const delegate: Middleware = {
    before: (request) => idempotency().before?.(request),
    after: (request) => idempotency().after?.(request),
    onError: (request) => idempotency().onError?.(request),
  };
  return [scope, delegate];
}

/** httpRoute for a route that declares `Idempotency-Key` in its manifest headers. */
export function idempotentHttpRoute<const R extends RouteSpec>(route: R, useCase: (request: RouteRequest<R>) => Promise<Reply>) {
  return httpRoute(route, useCase, { middlewares: idempotentRequests(route) as never, idempotent: true });
}

import middy, { type MiddlewareObj } from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { z } from 'zod';
import { authFromClaims, type AuthContext } from '../auth/access.ts';
import type { RouteSpec } from '../manifest/types.ts';
import { logger } from '../lib/logger.ts';
import { localeFrom } from '../lib/messages.ts';
import type { Locale } from '../lib/locale.ts';
import { HttpProblem, PROBLEM_CONTENT_TYPE, problemFor, problems } from './problem.ts';
import { Refusal, type FieldError } from '../lib/refusal.ts';
import { WriteConflict } from '../table/write-conflict.ts';
import { InvalidCursor } from '../lib/sealed-cursor.ts';

/** API Gateway v2 event; the JWT authorizer may be absent on public routes. */
export type HttpEvent = Omit<APIGatewayProxyEventV2WithJWTAuthorizer, 'requestContext'> & {
  requestContext: Omit<APIGatewayProxyEventV2WithJWTAuthorizer['requestContext'], 'authorizer'> & {
    authorizer?: { jwt?: { claims?: Record<string, unknown>; scopes?: string[] | null } };
  };
};
export type HttpResult = APIGatewayProxyStructuredResultV2;

type Parsed<R, K extends string> = R extends { request: { [P in K]: infer S } }
  ? S extends z.ZodType
    ? z.output<S>
    : undefined
  : undefined;

export interface RouteRequest<R extends RouteSpec> {
  params: Parsed<R, 'params'>;
  query: Parsed<R, 'query'>;
  body: Parsed<R, 'body'>;
  auth: R['auth'] extends 'user' ? AuthContext : AuthContext | undefined;
  headers: Record<string, string | undefined>;
  locale: Locale;
  correlationId: string;
  event: HttpEvent;
}

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Sent as is (e.g. HTML), instead of JSON. */
  text?: string;
}

export const reply = {
  ok: (body: unknown, headers?: Record<string, string>): Reply => ({
    status: 200,
    body,
    ...(headers ? { headers } : {}),
  }),
  created: (body: unknown, location?: string): Reply => ({
    status: 201,
    body,
    ...(location ? { headers: { location } } : {}),
  }),
  accepted: (body?: unknown): Reply => ({ status: 202, body }),
  noContent: (): Reply => ({ status: 204 }),
  html: (text: string): Reply => ({ status: 200, text, headers: { 'content-type': 'text/html; charset=utf-8' } }),
};

export const DEFAULT_MAX_BODY_BYTES = 16 * 1024;

function lowerCaseHeaders(headers: HttpEvent['headers']): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(headers ?? {})) out[name.toLowerCase()] = value;
  return out;
}

function fieldErrors(location: string, error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({
    path: [location, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
}

function parsePart<S extends z.ZodType>(schema: S | undefined, value: unknown, location: string, errors: FieldError[]) {
  if (!schema) return undefined;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  errors.push(...fieldErrors(location, result.error));
  return undefined;
}

function readBody(route: RouteSpec, event: HttpEvent, headers: Record<string, string | undefined>): unknown {
  const raw = event.body ?? '';
  const text = event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
  const limit = route.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  // 413 Content Too Large (RFC 9110): the body is well-formed but larger than this route takes.
  if (Buffer.byteLength(text, 'utf8') > limit) throw new HttpProblem(413, 'body-too-large');
  if (!route.request?.body) {
    if (text.trim().length > 0)
      throw problems.badRequest('validation', [{ path: 'body', message: 'this route takes no body' }]);
    return undefined;
  }
  const contentType = headers['content-type'];
  if (contentType && !/^application\/([a-z.+-]*\+)?json\b/i.test(contentType)) {
    throw new HttpProblem(415, 'unsupported-media-type');
  }
  if (text.trim().length === 0) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw problems.badRequest('malformed-json');
  }
  const errors = controlCharacters(parsed, 'body');
  if (errors.length > 0) throw problems.badRequest('validation', errors);
  return parsed;
}

/** C0 controls and DEL, but tab and line breaks (multi-line notes keep those). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
/** Names (`name`, `petName`, …) are one line: no tab or line break either. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const NAME_CONTROL = /[\u0000-\u001F\u007F\u2028\u2029]/;

/**
 * Text with NUL or other control characters is refused before any schema sees it: stored, it breaks
 * receipts, exports, search and the apps (nothing in PetPro's input needs one).
 */
function controlCharacters(value: unknown, path: string, errors: FieldError[] = [], key = ''): FieldError[] {
  if (typeof value === 'string') {
    const pattern = /(^n|N)ame$/.test(key) ? NAME_CONTROL : CONTROL;
    if (pattern.test(value)) errors.push({ path, message: 'contains control characters' });
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => controlCharacters(item, `${path}.${index}`, errors, key));
  } else if (value && typeof value === 'object') {
    for (const [name, item] of Object.entries(value)) {
      if (NAME_CONTROL.test(name)) errors.push({ path, message: 'a member name contains control characters' });
      else controlCharacters(item, `${path}.${name}`, errors, name);
    }
  }
  return errors;
}

function toResult(result: Reply, correlationId: string): HttpResult {
  const headers: Record<string, string> = { 'x-correlation-id': correlationId, ...result.headers };
  if (result.text !== undefined) return { statusCode: result.status, headers, body: result.text };
  if (result.body === undefined) return { statusCode: result.status, headers };
  return {
    statusCode: result.status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(result.body),
  };
}

/** `?fields=name,species` on GET routes: the reply keeps only those fields (ids and links always stay). */
function requestedFields(raw: string | undefined): Set<string> | undefined {
  if (raw === undefined) return undefined;
  const names = raw
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  if (names.length === 0 || names.some((name) => !/^[A-Za-z][A-Za-z0-9_]{0,63}$/.test(name))) {
    throw problems.badRequest('validation', [
      { path: 'query.fields', message: 'a comma-separated list of field names' },
    ]);
  }
  return new Set(names);
}

function pick(value: unknown, fields: Set<string>): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(
    Object.entries(value).filter(([name]) => fields.has(name) || name.endsWith('Id') || name === '_links'),
  );
}

function project(result: Reply, fields: Set<string>): Reply {
  if (result.status >= 300 || result.body === undefined) return result;
  const body = result.body as Record<string, unknown>;
  // A page projects its items; nextCursor stays.
  if (body && Array.isArray(body.items))
    return { ...result, body: { ...body, items: body.items.map((item) => pick(item, fields)) } };
  return { ...result, body: pick(body, fields) };
}

interface Internal extends Record<string, unknown> {
  correlationId: string;
  locale: Locale;
}

/** Correlation id (from the caller or the gateway's request id) on every log line and reply. */
function correlation(): MiddlewareObj<HttpEvent, HttpResult, Error, Context, Internal> {
  return {
    before: (request) => {
      const headers = lowerCaseHeaders(request.event.headers);
      const correlationId =
        headers['x-correlation-id'] ?? request.event.requestContext?.requestId ?? request.context.awsRequestId;
      request.internal.correlationId = correlationId;
      request.internal.locale = localeFrom(headers['accept-language']);
      logger.appendKeys({ correlationId, route: request.event.routeKey });
    },
  };
}

/**
 * A write that lost a race the use case did not resolve itself (its retries ran out, or it has none):
 * the table layer's WriteConflict (by class), the table kit's transaction errors and DynamoDB's own
 * (by name: matching their classes would load the DynamoDB client into every bundle). The request
 * changed nothing, so the caller may read again and retry: 409, never a 500.
 */
const RACE_ERRORS = new Set([
  'ConditionFailedError',
  'TransactionRaceError',
  'ConditionalCheckFailedException',
  'TransactionCanceledException',
  'TransactionConflictException',
]);

/** Errors of stores that mean something to the caller. */
function knownProblem(error: Error | null | undefined): HttpProblem | undefined {
  if (error instanceof WriteConflict || (error && RACE_ERRORS.has(error.name)))
    return new HttpProblem(409, 'concurrent-change');
  if (error instanceof Refusal) return problemFor(error);
  if (error instanceof InvalidCursor)
    return problems.badRequest('validation', [{ path: 'query.cursor', message: error.message }]);
  return undefined;
}

/** Every error becomes problem+json; only unexpected ones are logged as errors and answered 500. */
function problemReplies(): MiddlewareObj<HttpEvent, HttpResult, Error, Context, Internal> {
  return {
    onError: (request) => {
      const error = request.error;
      const correlationId = String(request.internal.correlationId ?? request.context.awsRequestId);
      const locale = (request.internal.locale as Locale | undefined) ?? 'id';
      const problem = error instanceof HttpProblem ? error : (knownProblem(error) ?? new HttpProblem(500, 'internal'));
      if (problem.status >= 500) logger.error('unhandled error', { error: error as Error });
      else logger.info('request refused', { status: problem.status, problem: problem.key });
      request.response = {
        statusCode: problem.status,
        headers: { 'content-type': PROBLEM_CONTENT_TYPE, 'x-correlation-id': correlationId },
        body: JSON.stringify(problem.toBody(locale, request.event.rawPath)),
      };
    },
  };
}

/**
 * Wraps a use case as an API Gateway v2 handler for one route of a manifest:
 * parse and validate → authenticate → run → shape the reply (or a problem).
 */
export function httpRoute<const R extends RouteSpec>(
  route: R,
  useCase: (request: RouteRequest<R>) => Promise<Reply>,
  options: { middlewares?: MiddlewareObj[]; idempotent?: boolean } = {},
) {
  // Only routes that declare the header bundle the idempotency record (shared/http/idempotency.ts).
  if (route.headers?.includes('Idempotency-Key') && !options.idempotent) {
    throw new Error(
      `${route.method} ${route.path} declares Idempotency-Key: build its handler with idempotentHttpRoute (shared/http/idempotency.ts)`,
    );
  }
  const wrapped = middy<HttpEvent, HttpResult, Error, Context, Internal>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(correlation())
    .use(problemReplies());
  for (const middleware of options.middlewares ?? []) wrapped.use(middleware as never);
  return wrapped.handler(async (event, context) => {
    const headers = lowerCaseHeaders(event.headers);
    const auth = authFromClaims(event.requestContext?.authorizer?.jwt?.claims);
    if (route.auth === 'user' && !auth) throw problems.unauthorized();
    if (route.groups && !route.groups.some((group) => auth?.groups.includes(group))) throw problems.forbidden();

    const body = readBody(route, event, headers);
    const errors: FieldError[] = [];
    controlCharacters(event.pathParameters ?? {}, 'params', errors);
    controlCharacters(event.queryStringParameters ?? {}, 'query', errors);
    const params = parsePart(route.request?.params, event.pathParameters ?? {}, 'params', errors);
    // `fields` belongs to the wrapper (projection), not to the route's query schema.
    const { fields: _fields, ...queryParameters } = event.queryStringParameters ?? {};
    const query = parsePart(
      route.request?.query,
      route.method === 'GET' ? queryParameters : (event.queryStringParameters ?? {}),
      'query',
      errors,
    );
    const parsedBody = route.request?.body ? parsePart(route.request.body, body, 'body', errors) : undefined;
    if (errors.length > 0) throw problems.badRequest('validation', errors);

    const fields = route.method === 'GET' ? requestedFields(event.queryStringParameters?.fields) : undefined;
    const correlationId = headers['x-correlation-id'] ?? event.requestContext?.requestId ?? context.awsRequestId;
    const result = await useCase({
      params,
      query,
      body: parsedBody,
      auth,
      headers,
      event,
      correlationId,
      locale: localeFrom(headers['accept-language']),
    } as RouteRequest<R>);
    const answer = toResult(fields ? project(result, fields) : result, correlationId);
    // HEAD (a GET route's HEAD twin): the GET's status and headers, no body.
    if (event.requestContext?.http?.method === 'HEAD') delete answer.body;
    return answer;
  });
}

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { LoadedManifest } from '#shared/manifest/registry.ts';
import { handlerPath } from '#shared/manifest/registry.ts';
import type { RouteSpec } from '#shared/manifest/types.ts';
import {
  apiLimits,
  CORS_ALLOW_HEADERS,
  CORS_ALLOW_METHODS,
  CORS_EXPOSE_HEADERS,
  DEV_WEB_ORIGINS,
} from '#shared/config/limits.ts';
import { HttpProblem, PROBLEM_CONTENT_TYPE } from '#shared/http/problem.ts';
import { localeFrom } from '#shared/lib/messages.ts';
import { invoke } from './lambda.ts';
import { readBody } from './http-util.ts';

interface CompiledRoute {
  domain: string;
  operationId: string;
  spec: RouteSpec;
  file: string;
  routeKey: string;
  pattern: RegExp;
  paramNames: string[];
  literalSegments: number;
  /** The route's own token bucket, when its manifest sets `throttle`. */
  allow?: () => boolean;
}

/** Local-only routes (dev tools, sandboxes): never deployed. */
export type DevRoute = (request: IncomingMessage, response: ServerResponse, url: URL) => Promise<void> | void;

export interface Gateway {
  url: string;
  server: Server;
  stop(): Promise<void>;
}

export type TokenVerifier = (token: string) => Promise<Record<string, unknown>>;

function compile(manifests: LoadedManifest[]): CompiledRoute[] {
  const routes = manifests.flatMap((loaded) =>
    Object.entries(loaded.manifest.routes).map(([operationId, spec]) => {
      const paramNames: string[] = [];
      const source = spec.path
        .split('/')
        .map((segment) => {
          const param = /^\{(\w+)\}$/.exec(segment);
          if (!param) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          paramNames.push(param[1]!);
          return '([^/]+)';
        })
        .join('/');
      return {
        domain: loaded.manifest.domain,
        operationId,
        spec,
        file: handlerPath(loaded, spec.handler),
        routeKey: `${spec.method} ${spec.path}`,
        pattern: new RegExp(`^${source}$`),
        paramNames,
        literalSegments: spec.path.split('/').length - paramNames.length,
        ...(spec.throttle ? { allow: throttle(spec.throttle) } : {}),
      };
    }),
  );
  // Like API Gateway: the most specific route wins.
  return routes.sort((a, b) => b.literalSegments - a.literalSegments);
}

/** API Gateway HTTP APIs pass JWT claims as strings, arrays as "[a b]". */
function claimsAsApiGatewayPassesThem(payload: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(payload).map(([key, value]) => [key, Array.isArray(value) ? `[${value.join(' ')}]` : String(value)]),
  );
}

function problem(
  response: ServerResponse,
  status: number,
  key: ConstructorParameters<typeof HttpProblem>[1],
  request: IncomingMessage,
  extraHeaders: Record<string, string> = {},
) {
  const body = JSON.stringify(
    new HttpProblem(status, key).toBody(localeFrom(request.headers['accept-language']), request.url),
  );
  response.writeHead(status, {
    'content-type': PROBLEM_CONTENT_TYPE,
    ...corsHeaders(request.headers.origin),
    ...extraHeaders,
  });
  response.end(body);
}

/** CORS as the deployed API answers it outside prod: the web apps' dev origins. */
function corsHeaders(origin?: string): Record<string, string> {
  return {
    ...(origin && DEV_WEB_ORIGINS.includes(origin) ? { 'access-control-allow-origin': origin, 'vary': 'origin' } : {}),
    'access-control-allow-headers': CORS_ALLOW_HEADERS.join(','),
    'access-control-allow-methods': CORS_ALLOW_METHODS.join(','),
    'access-control-expose-headers': CORS_EXPOSE_HEADERS.join(','),
  };
}

/** Token bucket with the same rate and burst as the deployed stage (or a route's own, from its manifest). */
function throttle(limits: { rateLimit: number; burstLimit: number } = apiLimits) {
  let tokens: number = limits.burstLimit;
  let last = Date.now();
  return () => {
    const now = Date.now();
    tokens = Math.min(limits.burstLimit, tokens + ((now - last) / 1000) * limits.rateLimit);
    last = now;
    if (tokens < 1) return false;
    tokens -= 1;
    return true;
  };
}

/**
 * The local API Gateway: turns HTTP requests into API Gateway v2 events for the handlers the
 * manifests name, after verifying the bearer token as the JWT authorizer would.
 */
export async function startGateway(options: {
  port: number;
  host?: string;
  manifests: LoadedManifest[];
  verifyToken: TokenVerifier;
  devRoutes?: Record<string, DevRoute>;
  log?: (line: string) => void;
}): Promise<Gateway> {
  const routes = compile(options.manifests);
  const allow = throttle();

  const server = createServer(async (request, response) => {
    const started = Date.now();
    const url = new URL(request.url ?? '/', `http://${request.headers.host ?? 'localhost'}`);
    const method = (request.method ?? 'GET').toUpperCase();
    try {
      if (method === 'OPTIONS') {
        response.writeHead(204, corsHeaders(request.headers.origin));
        return response.end();
      }
      for (const [prefix, devRoute] of Object.entries(options.devRoutes ?? {})) {
        if (url.pathname === prefix || url.pathname.startsWith(`${prefix}/`))
          return await devRoute(request, response, url);
      }
      if (!allow()) return problem(response, 429, 'throttled', request, { 'retry-after': '1' });

      let match: { route: CompiledRoute; values: string[] } | undefined;
      // HEAD is GET without a body (as the HEAD routes CDK adds for every GET route); Node sends no body for it.
      const routeMethod = method === 'HEAD' ? 'GET' : method;
      for (const route of routes) {
        if (route.spec.method !== routeMethod) continue;
        const found = route.pattern.exec(url.pathname);
        if (found) {
          match = { route, values: found.slice(1) };
          break;
        }
      }
      if (!match) return problem(response, 404, 'route-not-found', request);
      const { route, values } = match;
      if (route.allow && !route.allow()) return problem(response, 429, 'throttled', request, { 'retry-after': '1' });

      let claims: Record<string, string> | undefined;
      if (route.spec.auth === 'user') {
        const header = request.headers.authorization ?? '';
        const token = /^Bearer\s+(.+)$/i.exec(header)?.[1];
        if (!token) return problem(response, 401, 'unauthorized', request);
        try {
          claims = claimsAsApiGatewayPassesThem(await options.verifyToken(token));
        } catch {
          return problem(response, 401, 'invalid-token', request);
        }
      }

      let body: Buffer;
      try {
        body = await readBody(request);
      } catch {
        return problem(response, 413, 'body-too-large', request);
      }
      const contentType = request.headers['content-type'] ?? '';
      const textual = body.length === 0 || /json|text|xml|x-www-form-urlencoded/i.test(contentType);
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(request.headers))
        if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
      const query: Record<string, string> = {};
      for (const [name, value] of url.searchParams)
        query[name] = query[name] === undefined ? value : `${query[name]},${value}`;
      const requestId = randomUUID();
      const routeKey = method === 'HEAD' ? `HEAD ${route.spec.path}` : route.routeKey;
      const event = {
        version: '2.0',
        routeKey,
        rawPath: url.pathname,
        rawQueryString: url.search.slice(1),
        headers,
        ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
        ...(route.paramNames.length
          ? {
              pathParameters: Object.fromEntries(
                route.paramNames.map((name, i) => [name, decodeURIComponent(values[i]!)]),
              ),
            }
          : {}),
        ...(body.length ? { body: textual ? body.toString('utf8') : body.toString('base64') } : {}),
        isBase64Encoded: !textual,
        requestContext: {
          accountId: '000000000000',
          apiId: 'local',
          domainName: url.host,
          domainPrefix: 'local',
          http: {
            method,
            path: url.pathname,
            protocol: 'HTTP/1.1',
            sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
            userAgent: headers['user-agent'] ?? '',
          },
          requestId,
          routeKey,
          stage: '$default',
          time: new Date().toUTCString(),
          timeEpoch: Date.now(),
          ...(claims ? { authorizer: { jwt: { claims, scopes: null } } } : {}),
        },
      };
      const result = (await invoke(
        route.file,
        event,
        `${route.domain}-${route.operationId}`,
      )) as APIGatewayProxyStructuredResultV2;
      const resultHeaders: Record<string, string> = { ...corsHeaders(request.headers.origin) };
      for (const [name, value] of Object.entries(result.headers ?? {}))
        resultHeaders[name.toLowerCase()] = String(value);
      const payload =
        result.body === undefined
          ? undefined
          : result.isBase64Encoded
            ? Buffer.from(result.body, 'base64')
            : result.body;
      response.writeHead(result.statusCode ?? 200, resultHeaders);
      response.end(payload);
      options.log?.(`${method} ${url.pathname} → ${result.statusCode} (${Date.now() - started} ms)`);
    } catch (error) {
      options.log?.(`${method} ${url.pathname} → 500: ${(error as Error).stack ?? String(error)}`);
      if (!response.headersSent) problem(response, 500, 'internal', request);
      else response.end();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject); // e.g. EADDRINUSE: the caller says which port is taken
    server.listen(options.port, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    url: `http://localhost:${port}`,
    server,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readBody, sendJson } from './http-util.ts';

/**
 * The HTTP scaffolding every provider sandbox shares: a server on 127.0.0.1 with a small JSON router
 * (first route whose method and path match answers), the provider's error shape for refusals, unknown
 * routes and crashes, the JSON body reader, and the webhook POST back to the API. A sandbox describes
 * its routes and how its provider words an error; this runs them.
 */

/** A refusal a sandbox route raises: answered with its status in the provider's error shape. */
export class SandboxHttpError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.name = 'SandboxHttpError';
    this.status = status;
  }
}

export interface SandboxRoute {
  /** Any method when absent. */
  method?: 'GET' | 'POST';
  /** The exact path, or a pattern whose groups become `params` (URI-decoded; undefined when a group did not take part). */
  path: string | RegExp;
  handle(
    request: IncomingMessage,
    response: ServerResponse,
    match: { url: URL; params: (string | undefined)[] },
  ): unknown;
}

export interface SandboxServerOptions {
  /** `payment sandbox`: names it in its 404 and 500 answers. */
  title: string;
  /** `payments`: the log lines' tag. */
  tag: string;
  /** 0 picks a free port. */
  port: number;
  routes: readonly SandboxRoute[];
  /**
   * The provider's error body: for a refusal a route raised (`refusal` given), an unknown route (404)
   * or a crash (500).
   */
  errorBody(status: number, message: string, refusal?: SandboxHttpError): unknown;
  log?: (line: string) => void;
}

export interface SandboxServer {
  endpoint: string;
  stop(): Promise<void>;
}

function matchRoute(routes: readonly SandboxRoute[], method: string, pathname: string) {
  for (const route of routes) {
    if (route.method !== undefined && route.method !== method) continue;
    if (typeof route.path === 'string') {
      if (route.path === pathname) return { route, params: [] };
      continue;
    }
    const found = route.path.exec(pathname);
    if (found)
      return {
        route,
        params: found.slice(1).map((part) => (part === undefined ? undefined : decodeURIComponent(part))),
      };
  }
  return undefined;
}

export async function startSandboxServer(options: SandboxServerOptions): Promise<SandboxServer> {
  const log = options.log ?? (() => {});
  const server: Server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const method = (request.method ?? 'GET').toUpperCase();
    try {
      const matched = matchRoute(options.routes, method, url.pathname);
      if (matched) return await matched.route.handle(request, response, { url, params: matched.params });
      sendJson(
        response,
        404,
        options.errorBody(404, `not supported by the local ${options.title}: ${method} ${url.pathname}`),
      );
    } catch (error) {
      if (error instanceof SandboxHttpError)
        return sendJson(response, error.status, options.errorBody(error.status, error.message, error));
      log(`[${options.tag}] ${method} ${url.pathname} → 500: ${(error as Error).stack ?? String(error)}`);
      if (!response.headersSent) sendJson(response, 500, options.errorBody(500, `${options.title} error`));
      else response.end();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  return {
    endpoint: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : options.port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A request's JSON body (up to 1 MiB); undefined when empty; a 400 refusal when it is not JSON. */
export async function jsonBody(request: IncomingMessage): Promise<unknown> {
  const raw = (await readBody(request, 1024 * 1024)).toString('utf8');
  if (!raw) return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    throw new SandboxHttpError(400, 'body is not JSON');
  }
}

/** A dev route's request: its method, and the decoded segments of its path after `prefix` (where the route is mounted). */
export function devRequest(request: IncomingMessage, url: URL, prefix: string): { method: string; rest: string[] } {
  return {
    method: (request.method ?? 'GET').toUpperCase(),
    rest: url.pathname
      .slice(prefix.length)
      .split('/')
      .filter(Boolean)
      .map((part) => decodeURIComponent(part)),
  };
}

export type Json = Record<string, unknown>;
export const isRecord = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const WEBHOOK_TIMEOUT_MS = 15_000;

/**
 * POSTs a webhook to the API as the provider would, and logs `<what> → <HTTP status>`; answers the
 * status, or 0 when the API did not answer (in 15 s).
 */
export async function postWebhook(input: {
  url: string;
  headers: Record<string, string>;
  body: unknown;
  what: string;
  log: (line: string) => void;
}): Promise<number> {
  try {
    const answer = await fetch(input.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...input.headers },
      body: JSON.stringify(input.body),
      signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
    });
    await answer.arrayBuffer();
    input.log(`${input.what} → ${answer.status}`);
    return answer.status;
  } catch (error) {
    input.log(`${input.what} → not delivered: ${(error as Error).message}`);
    return 0;
  }
}

/** The API's address without a trailing slash, for webhook and page URLs. */
export const trimBase = (url: string) => url.replace(/\/+$/, '');

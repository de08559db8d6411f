import { SignatureV4 } from '@smithy/signature-v4';
import { sendHttpRequest } from '#shared/lib/http-request.ts';
import { lambdaCredentials, Sha256 } from '#shared/lib/sigv4.ts';
import type { OpenSearchCalls } from './opensearch.ts';

export type Method = 'GET' | 'PUT' | 'POST' | 'DELETE';

/**
 * The few OpenSearch REST calls the adapter makes, SigV4-signed (service `es`) with the SDK's own
 * signer over node:http(s) (shared/lib/http-request.ts). Not the `@opensearch-project/opensearch` client: its Transport, pool,
 * serializer and their dependencies cost ~66 KB of every search bundle (decision 0005) for a
 * handful of JSON requests. Errors keep that client's shape (`meta.statusCode`, `meta.body`),
 * which the adapter reads.
 */
export interface OpenSearchConnection {
  endpoint: string;
  region: string;
  requestTimeoutMs?: number;
  /** Retries after a connection error, a timeout or 502/503/504; default 1. */
  maxRetries?: number;
}

export type OpenSearchRequest = (
  method: Method,
  path: string,
  body?: unknown,
  querystring?: Record<string, unknown>,
) => Promise<{ body: unknown; statusCode: number }>;

export class OpenSearchResponseError extends Error {
  readonly meta: { statusCode: number; body: unknown };
  constructor(method: Method, path: string, statusCode: number, body: unknown) {
    const type = (body as { error?: { type?: unknown } } | null)?.error?.type;
    super(`OpenSearch ${method} ${path} answered ${statusCode}${typeof type === 'string' ? ` ${type}` : ''}`);
    this.name = 'ResponseError';
    this.meta = { statusCode, body };
  }
}

const RETRIED_STATUS = new Set([502, 503, 504]);

/** One SigV4-signed REST call to the domain; HTTP errors reject with OpenSearchResponseError. */
export function signedOpenSearchRequest(options: OpenSearchConnection): OpenSearchRequest {
  const endpoint = new URL(options.endpoint);
  const signer = new SignatureV4({
    service: 'es',
    region: options.region,
    credentials: async () => lambdaCredentials(),
    sha256: Sha256,
  });
  const timeoutMs = options.requestTimeoutMs ?? 4_000; // routes time out at 10 s: fail (and retry once) well before that
  const maxRetries = options.maxRetries ?? 1;

  const once = async (method: Method, path: string, payload: string | undefined, query: Record<string, string>) => {
    const signed = await signer.sign({
      method,
      protocol: endpoint.protocol,
      hostname: endpoint.hostname,
      ...(endpoint.port ? { port: Number(endpoint.port) } : {}),
      path,
      query,
      headers: {
        host: endpoint.host,
        ...(payload !== undefined
          ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) }
          : {}),
      },
      ...(payload !== undefined ? { body: payload } : {}),
    });
    const search = new URLSearchParams(query).toString();
    return sendHttpRequest(new URL(search ? `${path}?${search}` : path, endpoint), {
      method,
      headers: signed.headers,
      ...(payload !== undefined ? { body: payload } : {}),
      timeoutMs,
    });
  };

  return async (method, path, body, querystring = {}) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const query = Object.fromEntries(
      Object.entries(querystring)
        .filter(([, value]) => value !== undefined)
        .map(([name, value]) => [name, String(value)]),
    );
    for (let attempt = 0; ; attempt++) {
      let answer: { status: number; text: string };
      try {
        answer = await once(method, path, payload, query);
      } catch (error) {
        if (attempt < maxRetries) continue;
        throw error;
      }
      if (RETRIED_STATUS.has(answer.status) && attempt < maxRetries) continue;
      const parsed = parseJson(answer.text);
      if (answer.status >= 400) throw new OpenSearchResponseError(method, path, answer.status, parsed);
      return { body: parsed, statusCode: answer.status };
    }
  };
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export function signedOpenSearchCalls(options: OpenSearchConnection): OpenSearchCalls {
  const send = signedOpenSearchRequest(options);
  const at = (...parts: string[]) => `/${parts.map(encodeURIComponent).join('/')}`;

  return {
    index: ({ index, id, body, ...query }) => send('PUT', at(index, '_doc', id), body, query),
    get: ({ index, id }) => send('GET', at(index, '_doc', id)) as Promise<{ body: { _source?: unknown } }>,
    delete: ({ index, id, ...query }) => send('DELETE', at(index, '_doc', id), undefined, query),
    search: ({ index, body }) => send('POST', `${at(index)}/_search`, body),
    indices: {
      create: ({ index, body }) => send('PUT', at(index), body),
      delete: ({ index }) => send('DELETE', at(index)),
    },
  };
}

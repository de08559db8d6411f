import { EventEmitter } from 'node:events';
import { fromEnv } from '@aws-sdk/credential-provider-env';
// The SDK-v3 signer: the plain `/aws` entry falls back to `import('aws-sdk')` (v2), which esbuild would bundle.
import { AwsSigv4Signer } from '@opensearch-project/opensearch/aws-v3';
import { ConnectionPool } from '@opensearch-project/opensearch/lib/pool/index.js';
import SerializerModule from '@opensearch-project/opensearch/lib/Serializer.js';
import type { OpenSearchCalls } from './opensearch.ts';

export type Method = 'GET' | 'PUT' | 'POST' | 'DELETE';

// A CommonJS `module.exports = Serializer` that its typings declare as a default export.
const Serializer = SerializerModule as unknown as new () => object;

/**
 * The few OpenSearch REST calls the adapter makes, on the client library's own Transport
 * (connection pool, retries, SigV4 signing, error types) without its `Client` class: `Client`
 * registers every API of OpenSearch and costs ~215 KB of each search function's bundle;
 * Transport and friends cost ~30 KB.
 */
export interface OpenSearchConnection {
  endpoint: string;
  region: string;
  requestTimeoutMs?: number;
  maxRetries?: number;
}

export type OpenSearchRequest = (method: Method, path: string, body?: unknown, querystring?: Record<string, unknown>) => Promise<{ body: unknown; statusCode: number | null }>;

/** One SigV4-signed REST call to the domain; HTTP errors reject with the library's ResponseError (meta.statusCode). */
export function signedOpenSearchRequest(options: OpenSearchConnection): OpenSearchRequest {
  const signer = AwsSigv4Signer({ region: options.region, service: 'es', getCredentials: fromEnv() });
  const events = new EventEmitter();
  const emit = events.emit.bind(events);
  const connectionPool = new ConnectionPool({
    Connection: signer.Connection, emit, pingTimeout: 3000, resurrectStrategy: 'ping', ssl: null, agent: null, proxy: null, sniffEnabled: false,
  } as unknown as ConstructorParameters<typeof ConnectionPool>[0]);
  connectionPool.addConnection(options.endpoint);
  const transport = new signer.Transport({
    emit, connectionPool, serializer: new Serializer(),
    // Routes time out at 10 s: fail (and retry once) well before that.
    maxRetries: options.maxRetries ?? 1, requestTimeout: options.requestTimeoutMs ?? 4_000,
    sniffInterval: false, sniffOnStart: false, sniffOnConnectionFault: false, sniffEndpoint: '_nodes/_all/http',
    suggestCompression: false, compression: false, headers: {}, nodeFilter: null, nodeSelector: 'round-robin',
    generateRequestId: null, name: 'petpro', opaqueIdPrefix: null, context: null,
  } as unknown as ConstructorParameters<typeof signer.Transport>[0]);
  return (method, path, body, querystring = {}) =>
    transport.request({ method, path, ...(body !== undefined ? { body: body as Record<string, unknown> } : {}), querystring }) as Promise<{ body: unknown; statusCode: number | null }>;
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

import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedOpenSearchCalls } from './opensearch-transport.ts';

/** The calls go out as the documented REST requests, SigV4-signed for service `es`. */
interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

const seen: Seen[] = [];
const flaked = new Set<string>();
let endpoint = '';
const server = createServer((request, response) => {
  let body = '';
  request.on('data', (chunk: Buffer) => (body += chunk.toString()));
  request.on('end', () => {
    seen.push({ method: request.method!, url: request.url!, headers: request.headers, body });
    const missing = request.url!.includes('missing');
    if (request.url!.includes('flaky') && !flaked.has(request.url!)) {
      flaked.add(request.url!);
      response.writeHead(503).end();
      return;
    }
    response.writeHead(missing ? 404 : 200, { 'content-type': 'application/json' });
    response.end(
      JSON.stringify(
        missing ? { error: { type: 'not_found' }, status: 404 } : { _source: { ok: true }, hits: { hits: [] } },
      ),
    );
  });
});

beforeAll(async () => {
  process.env.AWS_ACCESS_KEY_ID = 'AKIDEXAMPLE';
  process.env.AWS_SECRET_ACCESS_KEY = 'secret';
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('signedOpenSearchCalls', () => {
  it('sends index, get, search, delete and index management as REST calls, signed', async () => {
    const calls = signedOpenSearchCalls({ endpoint, region: 'ap-southeast-3', maxRetries: 0 });
    await calls.index({
      index: 'clinics',
      id: 'v 1',
      body: { name: 'Klinik' },
      version: 3,
      version_type: 'external_gte',
    });
    const got = await calls.get({ index: 'clinics', id: 'v1' });
    await calls.search({ index: 'clinics', body: { query: { match_all: {} } } });
    await calls.delete({ index: 'clinics', id: 'v1' });
    await calls.indices.create({ index: 'products', body: { mappings: {} } });
    await calls.indices.delete({ index: 'products' });
    expect(got.body._source).toEqual({ ok: true });
    expect(seen.map(({ method, url }) => `${method} ${url}`)).toEqual([
      'PUT /clinics/_doc/v%201?version=3&version_type=external_gte',
      'GET /clinics/_doc/v1',
      'POST /clinics/_search',
      'DELETE /clinics/_doc/v1',
      'PUT /products',
      'DELETE /products',
    ]);
    expect(JSON.parse(seen[0]!.body)).toEqual({ name: 'Klinik' });
    for (const request of seen) {
      expect(request.headers.authorization).toMatch(
        /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/ap-southeast-3\/es\/aws4_request, SignedHeaders=.*host.*, Signature=[0-9a-f]{64}$/,
      );
    }
  });

  it('surfaces HTTP errors with their status, as the adapter expects', async () => {
    const calls = signedOpenSearchCalls({ endpoint, region: 'ap-southeast-3', maxRetries: 0 });
    await expect(calls.get({ index: 'clinics', id: 'missing' })).rejects.toMatchObject({ meta: { statusCode: 404 } });
  });

  it('retries once after 502/503/504, then answers', async () => {
    const calls = signedOpenSearchCalls({ endpoint, region: 'ap-southeast-3' });
    const got = await calls.get({ index: 'clinics', id: 'flaky' });
    expect(got.body._source).toEqual({ ok: true });
    expect(seen.filter(({ url }) => url.includes('flaky'))).toHaveLength(2);
  });
});

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendHttpRequest } from './http-request.ts';

let server: Server;
let base = '';
beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      if (request.url === '/slow') return; // never answers
      response.writeHead(201, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ method: request.method, length: request.headers['content-length'], body }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

describe('sendHttpRequest', () => {
  it('sends the body with its length and answers status, headers and text', async () => {
    const answer = await sendHttpRequest(`${base}/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"nama":"Mochi ✓"}',
      timeoutMs: 2_000,
    });
    expect(answer.status).toBe(201);
    expect(answer.headers['content-type']).toBe('application/json');
    expect(JSON.parse(answer.text)).toEqual({
      method: 'POST',
      length: String(Buffer.byteLength('{"nama":"Mochi ✓"}')),
      body: '{"nama":"Mochi ✓"}',
    });
  });

  it('gives up after the timeout with a TimeoutError', async () => {
    await expect(sendHttpRequest(`${base}/slow`, { method: 'GET', timeoutMs: 100 })).rejects.toMatchObject({
      name: 'TimeoutError',
    });
  });
});

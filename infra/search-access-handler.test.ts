import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler, READ_ROLE, roleMappingRequests, WRITE_ROLE } from './search-access-handler.ts';

const seen: { method: string; url: string; body: unknown; authorization: string | undefined }[] = [];
const server = createServer((request, response) => {
  let body = '';
  request.on('data', (chunk: Buffer) => (body += chunk.toString()));
  request.on('end', () => {
    seen.push({
      method: request.method!,
      url: request.url!,
      body: JSON.parse(body || 'null'),
      authorization: request.headers.authorization,
    });
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end('{"status":"OK"}');
  });
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  Object.assign(process.env, {
    SEARCH_ENDPOINT: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    AWS_REGION: 'ap-southeast-3',
    AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'secret',
    SEARCH_READ_ROLE_ARNS: 'arn:aws:iam::111122223333:role/read-a,arn:aws:iam::111122223333:role/read-b',
    SEARCH_WRITE_ROLE_ARNS: 'arn:aws:iam::111122223333:role/indexer',
  });
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('search access mapping', () => {
  it('plans read (read on the PetPro indexes) and write (all index actions) roles and maps the function roles', () => {
    const plan = roleMappingRequests(['r'], ['w']);
    expect(plan.map(({ method, path }) => `${method} ${path}`)).toEqual([
      `PUT /_plugins/_security/api/roles/${READ_ROLE}`,
      `PUT /_plugins/_security/api/roles/${WRITE_ROLE}`,
      `PUT /_plugins/_security/api/rolesmapping/${READ_ROLE}`,
      `PUT /_plugins/_security/api/rolesmapping/${WRITE_ROLE}`,
    ]);
    expect(plan[0]!.body).toEqual({
      cluster_permissions: ['cluster_composite_ops_ro'],
      index_permissions: [{ index_patterns: ['clinics', 'products'], allowed_actions: ['read'] }],
    });
    expect(plan[2]!.body).toEqual({ backend_roles: ['r'] });
    expect(plan[3]!.body).toEqual({ backend_roles: ['w'] });
  });

  it('sends the plan to the domain, SigV4-signed for es', async () => {
    expect(await handler()).toEqual({ applied: 4 });
    expect(seen.map((request) => `${request.method} ${request.url}`)).toEqual(
      roleMappingRequests([], []).map(({ method, path }) => `${method} ${path}`),
    );
    expect(seen[2]!.body).toEqual({
      backend_roles: ['arn:aws:iam::111122223333:role/read-a', 'arn:aws:iam::111122223333:role/read-b'],
    });
    for (const request of seen)
      expect(request.authorization).toMatch(
        /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/ap-southeast-3\/es\/aws4_request/,
      );
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { defineDomain } from '#shared/manifest/types.ts';
import { apiLimits } from '#shared/config/limits.ts';
import { startGateway, type Gateway } from './gateway.ts';

const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));
const echo = {
  handler: 'echo-handler.ts',
  access: {},
  summary: 'echo',
  responses: { 200: { description: 'ok' } },
} as const;
const manifest = defineDomain({
  domain: 'fixture',
  description: 'gateway test',
  routes: {
    byId: { ...echo, method: 'GET', path: '/v1/things/{thingId}', auth: 'public' },
    mine: { ...echo, method: 'GET', path: '/v1/things/mine', auth: 'user' },
    create: { ...echo, method: 'POST', path: '/v1/things', auth: 'public' },
    hook: { ...echo, method: 'POST', path: '/v1/hooks', auth: 'public', throttle: { rateLimit: 1, burstLimit: 2 } },
  },
});

let gateway: Gateway;
beforeAll(async () => {
  gateway = await startGateway({
    port: 0,
    manifests: [{ manifest, dir: fixtures }],
    verifyToken: async (token) => {
      if (token !== 'good') throw new Error('bad token');
      return { 'sub': 'user-1', 'cognito:groups': ['customer', 'clinic_admin'], 'exp': 2_000_000_000 };
    },
  });
});
afterAll(async () => {
  await gateway.stop();
});

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${gateway.url}${path}`, { headers });

describe('local API gateway', () => {
  it('routes to the most specific path and passes decoded path parameters and the query', async () => {
    const literal = (await (await get('/v1/things/mine', { authorization: 'Bearer good' })).json()) as {
      routeKey: string;
    };
    expect(literal.routeKey).toBe('GET /v1/things/mine');
    const param = await (await get('/v1/things/kucing%20oren?limit=5')).json();
    expect(param).toMatchObject({
      routeKey: 'GET /v1/things/{thingId}',
      pathParameters: { thingId: 'kucing oren' },
      query: { limit: '5' },
    });
  });

  it('verifies the token on user routes and passes claims as API Gateway does', async () => {
    expect((await get('/v1/things/mine')).status).toBe(401);
    const refused = await get('/v1/things/mine', { authorization: 'Bearer forged' });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    const body = (await (await get('/v1/things/mine', { authorization: 'Bearer good' })).json()) as { claims: unknown };
    expect(body.claims).toEqual({ 'sub': 'user-1', 'cognito:groups': '[customer clinic_admin]', 'exp': '2000000000' });
  });

  it('answers HEAD on a GET route as the GET, without a body; HEAD of nothing is a 404', async () => {
    const head = await fetch(`${gateway.url}/v1/things/kucing`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toContain('application/json');
    expect(await head.text()).toBe('');
    expect((await fetch(`${gateway.url}/v1/things/mine`, { method: 'HEAD' })).status).toBe(401);
    expect((await fetch(`${gateway.url}/v1/nothing`, { method: 'HEAD' })).status).toBe(404);
  });

  it('answers unknown routes and methods with a 404 problem', async () => {
    for (const response of [
      await get('/v1/nothing'),
      await fetch(`${gateway.url}/v1/things/1`, { method: 'DELETE' }),
    ]) {
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
    }
  });

  it('throttles above the burst with 429 and Retry-After', async () => {
    const responses = await Promise.all(Array.from({ length: apiLimits.burstLimit * 3 }, () => get('/v1/things/1')));
    const throttled = responses.filter((response) => response.status === 429);
    expect(throttled.length).toBeGreaterThan(0);
    expect(throttled[0]!.headers.get('retry-after')).toBe('1');
    expect(responses.filter((response) => response.status === 200).length).toBeGreaterThanOrEqual(
      apiLimits.burstLimit - 5,
    );
  });

  it('throttles a route with its own limits from the manifest, and only that route', async () => {
    // The stage-wide bucket may be drained by the test above: let it refill first.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const hook = () => fetch(`${gateway.url}/v1/hooks`, { method: 'POST' });
    const statuses = [(await hook()).status, (await hook()).status, (await hook()).status];
    expect(statuses).toEqual([200, 200, 429]);
    expect((await get('/v1/things/a')).status).toBe(200);
  });
});

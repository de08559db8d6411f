import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import type { Context } from 'aws-lambda';
import { defineDomain } from '../manifest/types.ts';
import { httpRoute, reply, type HttpEvent } from './route.ts';
import { problems } from './problem.ts';
import { WriteConflict } from '../table/write-conflict.ts';

const manifest = defineDomain({
  domain: 'test',
  description: 'wrapper test',
  routes: {
    addThing: {
      method: 'POST',
      path: '/v1/things/{thingId}',
      handler: 'x.ts',
      auth: 'user',
      access: {},
      summary: 'add',
      maxBodyBytes: 200,
      request: {
        params: z.object({ thingId: z.string().regex(/^\d+$/) }),
        query: z.object({ dryRun: z.enum(['true', 'false']).optional() }),
        body: z.strictObject({ name: z.string().min(1), count: z.number().int() }),
      },
      responses: { 201: { description: 'ok' } },
    },
    list: {
      method: 'GET',
      path: '/v1/things',
      handler: 'z.ts',
      auth: 'public',
      access: {},
      summary: 'list',
      request: { query: z.object({ limit: z.coerce.number().optional() }) },
      responses: { 200: { description: 'ok' } },
    },
    adminOnly: {
      method: 'GET',
      path: '/v1/admin',
      handler: 'y.ts',
      auth: 'user',
      groups: ['platform_admin'],
      access: {},
      summary: 'admin',
      responses: { 200: { description: 'ok' } },
    },
  },
});

const context = {
  awsRequestId: 'req-1',
  functionName: 'test',
  getRemainingTimeInMillis: () => 1000,
} as unknown as Context;
function event(
  overrides: Partial<HttpEvent> = {},
  claims: Record<string, string> | null = { 'sub': 'u1', 'cognito:groups': '[customer]', 'token_use': 'access' },
): HttpEvent {
  return {
    version: '2.0',
    routeKey: 'POST /v1/things/{thingId}',
    rawPath: '/v1/things/7',
    rawQueryString: '',
    headers: { 'content-type': 'application/json' },
    pathParameters: { thingId: '7' },
    isBase64Encoded: false,
    body: JSON.stringify({ name: 'Bola', count: 2 }),
    requestContext: {
      requestId: 'gw-1',
      ...(claims ? { authorizer: { jwt: { claims, scopes: null } } } : {}),
    } as HttpEvent['requestContext'],
    ...overrides,
  } as HttpEvent;
}

const handler = httpRoute(manifest.routes.addThing, async ({ params, body, auth, query }) => {
  if (body.name === 'boom') throw new Error('unexpected');
  if (body.name === 'taken') throw problems.conflict();
  if (body.name === 'write-conflict') throw new WriteConflict({ failed: ['race'] });
  if (body.name === 'named-like-a-conflict')
    throw Object.assign(new Error('not the table layer'), { name: 'WriteConflict' });
  if (body.name.startsWith('race:')) throw Object.assign(new Error('lost a race'), { name: body.name.slice(5) });
  return reply.created({
    thingId: params.thingId,
    name: body.name,
    count: body.count,
    by: auth.userId,
    dryRun: query.dryRun ?? 'false',
  });
});

const call = async (e: HttpEvent) => {
  const result = await handler(e, context);
  return {
    status: result.statusCode,
    headers: result.headers ?? {},
    body: result.body ? JSON.parse(result.body) : undefined,
  };
};

describe('httpRoute', () => {
  it('parses, validates and runs the use case with typed input', async () => {
    const result = await call(event({ queryStringParameters: { dryRun: 'true' } }));
    expect(result.status).toBe(201);
    expect(result.body).toEqual({ thingId: '7', name: 'Bola', count: 2, by: 'u1', dryRun: 'true' });
    expect(result.headers['x-correlation-id']).toBe('gw-1');
  });

  it('names every invalid field across params, query and body', async () => {
    const result = await call(
      event({
        pathParameters: { thingId: 'abc' },
        queryStringParameters: { dryRun: 'maybe' },
        body: JSON.stringify({ name: '', count: 1.5, extra: true }),
      }),
    );
    expect(result.status).toBe(400);
    expect(result.headers['content-type']).toBe('application/problem+json');
    expect(result.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'body',
      'body.count',
      'body.name',
      'params.thingId',
      'query.dryRun',
    ]);
  });

  it('refuses malformed JSON, oversized and non-JSON bodies', async () => {
    expect((await call(event({ body: '{"name":' }))).body.type).toMatch(/malformed-json$/);
    const tooLarge = await call(event({ body: JSON.stringify({ name: 'x'.repeat(300), count: 1 }) }));
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body).toMatchObject({ status: 413, type: expect.stringMatching(/body-too-large$/) });
    expect((await call(event({ headers: { 'content-type': 'text/plain' } }))).status).toBe(415);
    expect(
      (
        await call(
          event({
            body: Buffer.from(JSON.stringify({ name: 'B64', count: 1 })).toString('base64'),
            isBase64Encoded: true,
          }),
        )
      ).status,
    ).toBe(201);
  });

  it('refuses NUL and other control characters anywhere in the input, and line breaks in names', async () => {
    for (const name of ['Bo\u0000la', 'Bola\u0007', 'Bo\u001bla', 'Bola\u007f', 'Bo\nla', 'Bola\t']) {
      const result = await call(event({ body: JSON.stringify({ name, count: 1 }) }));
      expect(result.status, JSON.stringify(name)).toBe(400);
      expect(result.body.errors).toEqual([{ path: 'body.name', message: 'contains control characters' }]);
    }
    expect((await call(event({ queryStringParameters: { dryRun: 'true\u0000' } }))).body.errors).toContainEqual({
      path: 'query.dryRun',
      message: 'contains control characters',
    });
    expect((await call(event({ pathParameters: { thingId: '7\u0000' } }))).status).toBe(400);
    // Emoji, accents and other scripts are text, not controls.
    expect((await call(event({ body: JSON.stringify({ name: 'Kucing Oren 🐱 Éa ชื่อ', count: 1 }) }))).status).toBe(201);
  });

  it('401 without claims, 403 without the group', async () => {
    expect((await call(event({}, null))).status).toBe(401);
    const admin = httpRoute(manifest.routes.adminOnly, async () => reply.ok({ ok: true }));
    expect((await admin(event({ body: undefined }), context)).statusCode).toBe(403);
    expect(
      (
        await admin(
          event({ body: undefined }, { 'sub': 'a', 'cognito:groups': '[platform_admin]', 'token_use': 'access' }),
          context,
        )
      ).statusCode,
    ).toBe(200);
  });

  it('401 for the claims of an ID token, as for no token (API Gateway alone would pass it on)', async () => {
    const idToken = await call(event({}, { 'sub': 'u1', 'cognito:groups': '[customer]', 'token_use': 'id' }));
    expect(idToken.status).toBe(401);
  });

  it('turns domain problems into their status and hides unexpected errors behind a 500', async () => {
    expect((await call(event({ body: JSON.stringify({ name: 'taken', count: 1 }) }))).status).toBe(409);
    const boom = await call(event({ body: JSON.stringify({ name: 'boom', count: 1 }) }));
    expect(boom.status).toBe(500);
    expect(JSON.stringify(boom.body)).not.toContain('unexpected');
  });

  it('answers 409 for a write that lost a race the use case did not resolve (never a 500)', async () => {
    const conflict = await call(event({ body: JSON.stringify({ name: 'write-conflict', count: 1 }) }));
    expect(conflict.status).toBe(409);
    expect(conflict.body.type).toMatch(/concurrent-change$/);
    // The shared class, not its name: an unrelated error called WriteConflict is unexpected.
    expect((await call(event({ body: JSON.stringify({ name: 'named-like-a-conflict', count: 1 }) }))).status).toBe(500);
    for (const name of [
      'ConditionFailedError',
      'TransactionRaceError',
      'ConditionalCheckFailedException',
      'TransactionCanceledException',
      'TransactionConflictException',
    ]) {
      const result = await call(event({ body: JSON.stringify({ name: `race:${name}`, count: 1 }) }));
      expect(result.status, name).toBe(409);
      expect(result.body.type).toMatch(/concurrent-change$/);
    }
  });

  it('answers in Indonesian when asked', async () => {
    const result = await call(
      event({ headers: { 'content-type': 'application/json', 'accept-language': 'id' }, body: '{' }),
    );
    expect(result.body.detail).toBe('Isi permintaan bukan JSON yang valid.');
  });
});

describe('field projection (?fields=)', () => {
  const list = httpRoute(manifest.routes.list, async () =>
    reply.ok({ items: [{ thingId: '1', name: 'Bola', color: 'merah', weight: 3 }], nextCursor: 'abc' }),
  );
  const get = (query?: Record<string, string>) =>
    list(
      event({ routeKey: 'GET /v1/things', body: undefined, ...(query ? { queryStringParameters: query } : {}) }, null),
      context,
    );

  it('keeps only the asked fields (and ids) of every item, and the page cursor', async () => {
    const result = await get({ fields: 'name,weight' });
    expect(JSON.parse(result.body!)).toEqual({ items: [{ thingId: '1', name: 'Bola', weight: 3 }], nextCursor: 'abc' });
    expect(JSON.parse((await get()).body!).items[0]).toHaveProperty('color', 'merah');
  });

  it("answers HEAD (the GET route's HEAD twin) with the GET's status and headers and no body", async () => {
    const head = await list(
      event(
        {
          routeKey: 'HEAD /v1/things',
          body: undefined,
          requestContext: { requestId: 'gw-h', http: { method: 'HEAD' } } as HttpEvent['requestContext'],
        },
        null,
      ),
      context,
    );
    expect(head.statusCode).toBe(200);
    expect(head.headers?.['content-type']).toContain('application/json');
    expect(head.body).toBeUndefined();
  });

  it('refuses a malformed list', async () => {
    const result = await get({ fields: 'name,;drop' });
    expect(result.statusCode).toBe(400);
    expect(JSON.parse(result.body!).errors[0].path).toBe('query.fields');
  });
});

describe('Idempotency-Key routes', () => {
  it('must be built with idempotentHttpRoute, so no other bundle carries the idempotency library', () => {
    const route = { ...manifest.routes.addThing, headers: ['Idempotency-Key'] } as const;
    expect(() => httpRoute(route, async () => reply.noContent())).toThrow(/idempotentHttpRoute/);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { loadManifests } from '#shared/manifest/registry.ts';
import { newId } from '#shared/lib/ids.ts';
import { bootPlatform, signedUpUser, tableItems, type TestPlatform, type TestUser } from './support.ts';

/** The fields of an object schema, through the `z.lazy` that route schemas come wrapped in. */
function objectShape(schema: z.ZodType): Record<string, unknown> {
  const inner = schema instanceof z.ZodLazy ? schema.unwrap() : schema;
  return inner instanceof z.ZodObject ? inner.shape : {};
}

/** Bad input is a 400 problem+json that names the fields, and nothing is written. */
let t: TestPlatform;
let user: TestUser;
let petId: string;

beforeAll(async () => {
  t = await bootPlatform();
  user = await signedUpUser(t.api);
  petId = (
    await t.api.post<{ petId: string }>('/v1/me/pets', { name: 'Gembul', species: 'cat' }, { token: user.accessToken })
  ).body.petId;
  await t.platform.eventsIdle();
});
afterAll(async () => {
  await t?.stop();
});

const pet = { name: 'Milo', species: 'dog' };

describe('bad input', () => {
  const cases: [string, () => Promise<{ status: number; headers: Headers; body: unknown }>, string?][] = [
    [
      'wrong type',
      () => t.api.post('/v1/me/pets', { ...pet, weightKg: 'heavy' }, { token: user.accessToken }),
      'body.weightKg',
    ],
    ['missing field', () => t.api.post('/v1/me/pets', { species: 'dog' }, { token: user.accessToken }), 'body.name'],
    [
      'unknown field',
      () => t.api.post('/v1/me/pets', { ...pet, owner: 'someone-else' }, { token: user.accessToken }),
      'body',
    ],
    [
      'unknown species',
      () => t.api.post('/v1/me/pets', { ...pet, species: 'dragon' }, { token: user.accessToken }),
      'body.species',
    ],
    [
      'birth date in the future',
      () => t.api.post('/v1/me/pets', { ...pet, birthDate: '2999-01-01' }, { token: user.accessToken }),
      'body.birthDate',
    ],
    [
      'NUL in a name',
      () => t.api.post('/v1/me/pets', { ...pet, name: 'Mi\u0000lo' }, { token: user.accessToken }),
      'body.name',
    ],
    [
      'an escape sequence in a name',
      () => t.api.post('/v1/me/pets', { ...pet, name: 'Milo\u001b[31m' }, { token: user.accessToken }),
      'body.name',
    ],
    [
      'a line break in a name',
      () =>
        t.api.post(
          '/v1/me/addresses',
          {
            label: 'R',
            recipientName: 'A\nB',
            phone: '+6281311112222',
            line1: 'Jl. A',
            city: 'B',
            province: 'C',
            postalCode: '12345',
            lat: 0,
            lon: 0,
          },
          { token: user.accessToken },
        ),
      'body.recipientName',
    ],
    [
      'NUL in free text',
      () => t.api.post('/v1/me/pets', { ...pet, notes: 'suka\u0000tidur' }, { token: user.accessToken }),
      'body.notes',
    ],
    [
      'malformed JSON',
      () => t.api.post('/v1/me/pets', undefined, { token: user.accessToken, rawBody: '{"name": "Milo", "species": ' }),
    ],
    ['a JSON array', () => t.api.post('/v1/me/pets', [pet], { token: user.accessToken }), 'body'],
    ['bad id in the path', () => t.api.get('/v1/me/pets/not-an-id', { token: user.accessToken }), 'params.petId'],
    ['bad id on delete', () => t.api.delete('/v1/me/pets/123', { token: user.accessToken }), 'params.petId'],
    [
      'an Idempotency-Key that is too long',
      () =>
        t.api.post('/v1/me/pets', pet, { token: user.accessToken, headers: { 'idempotency-key': 'k'.repeat(300) } }),
      'headers.idempotency-key',
    ],
    ['bad limit', () => t.api.get('/v1/me/pets?limit=1000', { token: user.accessToken }), 'query.limit'],
    [
      'forged cursor',
      () => t.api.get('/v1/me/pets?cursor=bm90LWEtY3Vyc29y', { token: user.accessToken }),
      'query.cursor',
    ],
    [
      'bad postal code',
      () =>
        t.api.post(
          '/v1/me/addresses',
          {
            label: 'R',
            recipientName: 'A',
            phone: '+6281311112222',
            line1: 'Jl. A',
            city: 'B',
            province: 'C',
            postalCode: '12',
            lat: 0,
            lon: 0,
          },
          { token: user.accessToken },
        ),
      'body.postalCode',
    ],
    [
      'latitude out of range',
      () =>
        t.api.post(
          '/v1/me/addresses',
          {
            label: 'R',
            recipientName: 'A',
            phone: '+6281311112222',
            line1: 'Jl. A',
            city: 'B',
            province: 'C',
            postalCode: '12345',
            lat: 123,
            lon: 0,
          },
          { token: user.accessToken },
        ),
      'body.lat',
    ],
    [
      'photo of the wrong type',
      () =>
        t.api.post(
          `/v1/me/pets/${petId}/photo`,
          { contentType: 'application/pdf', sizeBytes: 10 },
          { token: user.accessToken },
        ),
      'body.contentType',
    ],
    [
      'record of an unknown kind',
      () =>
        t.api.post(
          `/v1/me/pets/${petId}/records`,
          { kind: 'haircut', date: '2026-01-01' },
          { token: user.accessToken },
        ),
      'body.kind',
    ],
    [
      'stale or bad If-Match',
      () =>
        t.api.patch(`/v1/me/pets/${petId}`, { name: 'X' }, { token: user.accessToken, headers: { 'if-match': 'abc' } }),
    ],
    [
      'sign-up with a non-Indonesian phone',
      () => t.api.post('/v1/auth/sign-up', { phone: '+15551234567', password: 'Rahasia2026', name: 'A' }),
      'body.phone',
    ],
    [
      'sign-up with a weak password',
      () => t.api.post('/v1/auth/sign-up', { email: 'weak@example.id', password: 'short', name: 'A' }),
      'body.password',
    ],
    [
      'sign-up with both email and phone missing',
      () => t.api.post('/v1/auth/sign-up', { password: 'Rahasia2026', name: 'A' }),
    ],
    [
      'confirm code with letters',
      () => t.api.post('/v1/auth/confirm', { username: 'a@example.id', code: 'abcdef' }),
      'body.code',
    ],
  ];

  it.each(cases)('%s → 400 problem+json, nothing written', async (_name, send, path) => {
    const before = await tableItems(t.platform);
    const response = await send();
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    const problem = response.body as {
      type: string;
      title: string;
      status: number;
      detail: string;
      errors?: { path: string }[];
    };
    expect(problem).toMatchObject({
      status: 400,
      type: expect.stringMatching(/^https:\/\//),
      title: expect.any(String),
      detail: expect.any(String),
    });
    if (path) expect(problem.errors?.map((error) => error.path)).toContainEqual(expect.stringContaining(path));
    await t.platform.eventsIdle();
    expect(await tableItems(t.platform)).toEqual(before);
  });

  it.each([
    ["a body over the route's limit (20 KB)", 'x'.repeat(20_000)],
    ['a 1 MB body', 'x'.repeat(1_048_576)],
  ])('%s → 413 problem+json, nothing written', async (_name, notes) => {
    const before = await tableItems(t.platform);
    const response = await t.api.post('/v1/me/pets', { ...pet, notes }, { token: user.accessToken });
    expect(response.status).toBe(413);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.body).toMatchObject({ status: 413, type: expect.stringMatching(/body-too-large$/) });
    await t.platform.eventsIdle();
    expect(await tableItems(t.platform)).toEqual(before);
  });

  it("answers title and detail in the caller's language, Bahasa Indonesia by default", async () => {
    const ask = async (headers: Record<string, string>) =>
      (await t.api.post('/v1/me/pets', { species: 'dog' }, { token: user.accessToken, headers })).body as {
        title: string;
        detail: string;
      };
    const indonesian = {
      title: 'Ada kolom yang kosong atau tidak valid.',
      detail: 'Ada kolom yang kosong atau tidak valid.',
    };
    expect(await ask({ 'accept-language': 'id-ID,id;q=0.9' })).toMatchObject(indonesian);
    expect(await ask({ 'accept-language': 'id' })).toMatchObject(indonesian);
    expect(await ask({})).toMatchObject(indonesian);
    expect(await ask({ 'accept-language': 'en-US,en;q=0.9' })).toMatchObject({
      title: 'Some fields are missing or not valid.',
      detail: 'Some fields are missing or not valid.',
    });
  });

  it("every list route answers a crafted, altered or another caller's cursor with a 400 (or its 403/404), never a 5xx", async () => {
    // A real cursor of another customer: their pets, two pages.
    const other = await signedUpUser(t.api);
    for (const name of ['Satu', 'Dua'])
      await t.api.post('/v1/me/pets', { name, species: 'cat' }, { token: other.accessToken });
    const theirs = (await t.api.get<{ nextCursor: string }>('/v1/me/pets?limit=1', { token: other.accessToken })).body
      .nextCursor;
    expect(theirs).toEqual(expect.any(String));
    const mine = (await t.api.get<{ nextCursor: string | null }>('/v1/me/pets?limit=1', { token: user.accessToken }))
      .body.nextCursor;
    // The old cursors' shape (base64 JSON of a key), one of them naming someone's partition.
    const crafted = [
      'eyJwayI6IlVTRVIjeCJ9',
      Buffer.from(JSON.stringify({ pk: `USER#${other.userId}`, sk: 'PET#x' })).toString('base64url'),
      theirs,
      'x'.repeat(40),
      `${theirs.slice(0, -3)}abc`,
    ];
    if (mine)
      expect((await t.api.get(`/v1/me/pets?limit=1&cursor=${mine}`, { token: user.accessToken })).status).toBe(200);

    const lists = (await loadManifests())
      .flatMap(({ manifest }) => Object.values(manifest.routes))
      .filter(
        (route) =>
          route.method === 'GET' && route.request?.query !== undefined && 'cursor' in objectShape(route.request.query),
      );
    expect(lists.length).toBeGreaterThanOrEqual(8);
    for (const route of lists) {
      const path = route.path.replace(/\{[^}]+\}/g, () => newId());
      for (const cursor of crafted) {
        const response = await t.api.get(`${path}?cursor=${encodeURIComponent(cursor)}`, { token: user.accessToken });
        expect(response.status, `${route.path} ${cursor}`).toBeLessThan(500);
        // Reached by a customer (their own lists, public lists): the cursor itself is refused.
        if (route.path.startsWith('/v1/me/') && !route.path.includes('{')) {
          expect(response.status, `${route.path} ${cursor}`).toBe(400);
          expect((response.body as { errors?: { path: string }[] }).errors?.map((error) => error.path)).toContain(
            'query.cursor',
          );
        }
      }
    }
  });

  it('an unknown route is a 404 problem', async () => {
    const response = await t.api.get('/v1/nothing-here');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
  });
});

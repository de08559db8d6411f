import { memorySessionStorage } from '@petpro/api-client';
import { describe, expect, it } from 'vitest';
import { kemangHome } from './fakes';
import { ApiProfileRepository } from './profile-repository';
import { memoryOfflineCache } from '../../testing/memory-cache';
import { recordingApi, type SentRequest } from '../../testing/recording-api';

/** The repository over a client whose fetch records each request and answers from `answer` (throws: no network). */
async function setUp(answer: (sent: SentRequest) => Response) {
  const storage = memorySessionStorage();
  const { api, sent } = recordingApi(answer, { storage });
  await api.startSession({
    accessToken: 'token',
    idToken: 'id',
    refreshToken: 'r',
    expiresIn: 3600,
    tokenType: 'Bearer',
  });
  return { sent, repository: new ApiProfileRepository(api, memoryOfflineCache()) };
}

describe('ApiProfileRepository', () => {
  it('changes the profile with If-Match, and adds an address with its Idempotency-Key', async () => {
    const { sent, repository } = await setUp((call) =>
      call.url.pathname === '/v1/me'
        ? Response.json({ name: 'Budi', version: 3 })
        : Response.json(kemangHome, { status: 201 }),
    );
    await repository.updateMe({ locale: 'en' }, 2);
    const { addressId: _id, version: _v, createdAt: _c, updatedAt: _u, _links, line2: _l, ...input } = kemangHome;
    await repository.addAddress(input, 'key-1');
    expect(sent.map((s) => [s.method, s.url.pathname, s.body])).toEqual([
      ['PATCH', '/v1/me', { locale: 'en' }],
      ['POST', '/v1/me/addresses', input],
    ]);
    expect(sent[0]!.headers.get('if-match')).toBe('"2"');
    expect(sent[1]!.headers.get('idempotency-key')).toBe('key-1');
    expect(sent[1]!.headers.get('authorization')).toBe('Bearer token');
  });

  it('reads the addresses in one page, and answers the kept copy when offline', async () => {
    let offline = false;
    const { sent, repository } = await setUp(() => {
      if (offline) throw new TypeError('fetch failed');
      return Response.json({ items: [kemangHome], nextCursor: null });
    });
    const first = await repository.listAddresses();
    expect(first).toMatchObject({ fromCache: false, value: [{ label: 'Rumah' }] });
    expect(sent[0]!.url.searchParams.get('limit')).toBe('50');
    offline = true;
    const second = await repository.listAddresses();
    expect(second).toMatchObject({ fromCache: true, value: [{ label: 'Rumah' }], updatedAt: first.updatedAt });
  });

  it('updates and deletes an address by id, the version as If-Match', async () => {
    const { sent, repository } = await setUp((call) =>
      call.method === 'DELETE' ? new Response(null, { status: 204 }) : Response.json(kemangHome),
    );
    await repository.updateAddress('a-home', { label: 'Rumah Lama' }, 4);
    await repository.deleteAddress('a-home');
    expect(sent.map((s) => [s.method, s.url.pathname, s.headers.get('if-match')])).toEqual([
      ['PATCH', '/v1/me/addresses/a-home', '"4"'],
      ['DELETE', '/v1/me/addresses/a-home', null],
    ]);
  });
});

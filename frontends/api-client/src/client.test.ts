import { describe, expect, it, vi } from 'vitest';
import { createApiClient, type ApiClientOptions } from './client.ts';
import { ApiProblem, OfflineError, SignedOutError } from './errors.ts';
import { keyValueSessionStorage, memorySessionStorage, type Session } from './session.ts';
import { FakeApi } from './testing/fake-api.ts';

const NOW = Date.parse('2026-12-07T07:30:00Z');

function setUp(session: Session | null = null, options: Partial<ApiClientOptions> = {}) {
  const api = new FakeApi();
  const onSignedOut = vi.fn();
  const storage = memorySessionStorage(session);
  const client = createApiClient({
    baseUrl: 'http://api.test',
    fetch: api.fetch,
    storage,
    onSignedOut,
    now: () => NOW,
    ...options,
  });
  return { api, client, onSignedOut, storage };
}

/** A session whose access token the API no longer takes (it expired there, not yet by our clock). */
function staleSession(api: FakeApi): Session {
  const accessToken = api.issue();
  api.expireAccessTokens();
  return { accessToken, refreshToken: 'r1', expiresAt: NOW + 600_000 };
}

describe('sign-in and the bearer token', () => {
  it('keeps the session of a sign-in and sends its access token, never to the public auth routes', async () => {
    const { api, client } = setUp();
    const session = await client.signIn({ username: 'budi.santoso@example.id', password: 'BudiPetPro2026' });
    expect(session).toEqual({ accessToken: 'a1', idToken: 'id-a1', refreshToken: 'r1', expiresAt: NOW + 3_600_000 });

    const pets = await client.unwrap(client.GET('/v1/me/pets'));
    expect(pets.items).toHaveLength(1);
    expect(api.callsTo('/v1/auth/sign-in')[0]!.headers.get('authorization')).toBeNull();
    expect(api.callsTo('/v1/me/pets')[0]!.headers.get('authorization')).toBe('Bearer a1');
  });

  it('answers a wrong password with its problem, without trying to refresh', async () => {
    const { api, client, onSignedOut } = setUp();
    const error = await client.signIn({ username: 'budi.santoso@example.id', password: 'wrong' }).catch((e) => e);
    expect(error).toBeInstanceOf(ApiProblem);
    expect(error).toMatchObject({ status: 401, code: 'unauthorized', title: 'Silakan masuk terlebih dahulu.' });
    expect(api.callsTo('/v1/auth/refresh')).toHaveLength(0);
    expect(onSignedOut).not.toHaveBeenCalled();
  });

  it('without a session, a protected call gets its 401 problem and nothing is refreshed', async () => {
    const { api, client } = setUp();
    const error = await client.unwrap(client.GET('/v1/me/pets')).catch((e) => e);
    expect(error).toMatchObject({ name: 'ApiProblem', status: 401, code: 'unauthorized' });
    expect(api.callsTo('/v1/auth/refresh')).toHaveLength(0);
  });
});

describe('Accept-Language', () => {
  it("sends the client's locale, 'id' by default, and the API's problem comes back in it", async () => {
    const { api, client } = setUp();
    await client.GET('/v1/me/pets');
    client.setLocale('en');
    const error = await client.unwrap(client.GET('/v1/me/pets')).catch((e) => e);
    expect(api.calls.map((call) => call.headers.get('accept-language'))).toEqual(['id', 'en']);
    expect(error).toMatchObject({ title: 'Sign in to continue.', detail: 'Sign in to continue.' });
  });

  it('reads the locale on every call when given a function, refresh included', async () => {
    let locale: 'id' | 'en' = 'en';
    const api = new FakeApi();
    const client = createApiClient({
      baseUrl: 'http://api.test',
      fetch: api.fetch,
      storage: memorySessionStorage(staleSession(api)),
      locale: () => locale,
      now: () => NOW,
    });
    await client.GET('/v1/me/pets');
    locale = 'id';
    await client.GET('/v1/me/pets');
    expect(api.calls.map((call) => `${call.path} ${call.headers.get('accept-language')}`)).toEqual([
      '/v1/me/pets en',
      '/v1/auth/refresh en',
      '/v1/me/pets en',
      '/v1/me/pets id',
    ]);
  });
});

describe('refresh', () => {
  it('refreshes once for concurrent 401s and retries each call once with the new token', async () => {
    const { api, client, storage } = setUp();
    await storage.save(staleSession(api));

    const results = await Promise.all([
      client.GET('/v1/me/pets'),
      client.GET('/v1/me/pets'),
      client.POST('/v1/me/pets', { body: { name: 'Bruno', species: 'dog' } }),
      client.GET('/v1/me/pets'),
    ]);

    expect(results.map((result) => result.response.status)).toEqual([200, 200, 201, 200]);
    expect(api.callsTo('/v1/auth/refresh')).toHaveLength(1);
    expect(api.callsTo('/v1/auth/refresh')[0]!.body).toEqual({ refreshToken: 'r1' });
    const authorizations = api.calls
      .filter((call) => call.path === '/v1/me/pets')
      .map((c) => c.headers.get('authorization'));
    expect(authorizations.filter((value) => value === 'Bearer a1')).toHaveLength(4);
    expect(authorizations.filter((value) => value === 'Bearer a2')).toHaveLength(4);
    // The retried POST carries its body again.
    const posts = api.calls.filter((call) => call.method === 'POST' && call.path === '/v1/me/pets');
    expect(posts.map((call) => call.body)).toEqual([
      { name: 'Bruno', species: 'dog' },
      { name: 'Bruno', species: 'dog' },
    ]);
    // The refresh answer had no refresh token: the old one is kept.
    expect(await storage.load()).toEqual({
      accessToken: 'a2',
      idToken: 'id-a2',
      refreshToken: 'r1',
      expiresAt: NOW + 3_600_000,
    });
  });

  it('retries only once: a second 401 is returned to the caller', async () => {
    const { api, client, onSignedOut } = setUp();
    await client.session.set(staleSession(api));
    api.refuseEverything = true;
    const error = await client.unwrap(client.GET('/v1/me/pets')).catch((e) => e);
    expect(error).toMatchObject({ name: 'ApiProblem', status: 401 });
    expect(api.callsTo('/v1/me/pets')).toHaveLength(2);
    expect(api.callsTo('/v1/auth/refresh')).toHaveLength(1);
    expect(onSignedOut).not.toHaveBeenCalled();
  });

  it('refreshes before the call when the access token has expired by the clock', async () => {
    const { api, client } = setUp();
    const accessToken = api.issue();
    await client.session.set({ accessToken, refreshToken: 'r1', expiresAt: NOW - 1 });
    await client.unwrap(client.GET('/v1/me/pets'));
    expect(api.calls.map((call) => `${call.method} ${call.path} ${call.headers.get('authorization')}`)).toEqual([
      'POST /v1/auth/refresh null',
      'GET /v1/me/pets Bearer a2',
    ]);
  });

  it('a 401 that comes back after another call refreshed retries with the new token, no second refresh', async () => {
    const api = new FakeApi();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const client = createApiClient({
      baseUrl: 'http://api.test',
      now: () => NOW,
      storage: memorySessionStorage(staleSession(api)),
      fetch: async (request) => {
        const response = await api.fetch(request);
        if (api.callsTo('/v1/me/pets').length === 1 && new URL(request.url).pathname === '/v1/me/pets') await held;
        return response;
      },
    });
    const first = client.GET('/v1/me/pets'); // out with a1; its 401 is held back
    await client.refresh();
    release();
    expect((await first).response.status).toBe(200);
    expect(api.callsTo('/v1/auth/refresh')).toHaveLength(1);
    expect(api.callsTo('/v1/me/pets').map((call) => call.headers.get('authorization'))).toEqual([
      'Bearer a1',
      'Bearer a2',
    ]);
  });

  it('signs out when the refresh token is refused: every waiting caller gets SignedOutError, the listener hears once', async () => {
    const { api, client, onSignedOut, storage } = setUp();
    await storage.save(staleSession(api));
    api.validRefresh.clear();
    const seen: (Session | null)[] = [];
    client.session.subscribe((session) => seen.push(session));

    const outcomes = await Promise.allSettled([client.GET('/v1/me/pets'), client.GET('/v1/me/pets')]);

    for (const outcome of outcomes) {
      expect(outcome.status).toBe('rejected');
      const reason = (outcome as PromiseRejectedResult).reason as SignedOutError;
      expect(reason).toBeInstanceOf(SignedOutError);
      expect(reason.message).toBe('Sesi Anda telah berakhir. Silakan masuk kembali.');
      expect(reason.messages.en).toBe('Your session has ended. Please sign in again.');
      expect(reason.cause).toMatchObject({ status: 401, code: 'invalid-token' });
    }
    expect(api.callsTo('/v1/auth/refresh')).toHaveLength(1);
    expect(onSignedOut).toHaveBeenCalledTimes(1);
    expect(onSignedOut).toHaveBeenCalledWith('session-expired');
    expect(seen).toEqual([null]);
    expect(await storage.load()).toBeNull();
  });

  it('signs out on a 401 when there is no refresh token to use', async () => {
    const { api, client, onSignedOut } = setUp();
    const accessToken = api.issue();
    api.expireAccessTokens();
    await client.session.set({ accessToken, expiresAt: NOW + 60_000 });
    await expect(client.GET('/v1/me/pets')).rejects.toBeInstanceOf(SignedOutError);
    expect(onSignedOut).toHaveBeenCalledWith('session-expired');
  });

  it('keeps the session when the refresh fails for the server or the network, not the token', async () => {
    const { api, client, onSignedOut, storage } = setUp();
    await storage.save(staleSession(api));
    api.refreshStatus = 503;
    await expect(client.GET('/v1/me/pets')).rejects.toMatchObject({ name: 'ApiProblem', status: 503 });
    api.refreshStatus = undefined;
    api.offline = true;
    await expect(client.GET('/v1/me/pets')).rejects.toBeInstanceOf(OfflineError);
    expect(onSignedOut).not.toHaveBeenCalled();
    expect(await storage.load()).not.toBeNull();
  });
});

describe('sign-out', () => {
  it('revokes the refresh token at the API and clears the session', async () => {
    const { api, client, onSignedOut } = setUp();
    await client.signIn({ username: 'budi.santoso@example.id', password: 'BudiPetPro2026' });
    await client.signOut();
    const [call] = api.callsTo('/v1/auth/sign-out');
    expect(call!.headers.get('authorization')).toBe('Bearer a1');
    expect(call!.body).toEqual({ refreshToken: 'r1' });
    expect(api.validRefresh.has('r1')).toBe(false);
    expect(await client.session.get()).toBeNull();
    expect(onSignedOut).toHaveBeenCalledExactlyOnceWith('signed-out');
  });

  it('clears the session even offline', async () => {
    const { api, client, onSignedOut } = setUp();
    await client.signIn({ username: 'budi.santoso@example.id', password: 'BudiPetPro2026' });
    api.offline = true;
    await client.signOut();
    expect(await client.session.get()).toBeNull();
    expect(onSignedOut).toHaveBeenCalledExactlyOnceWith('signed-out');
  });
});

describe('problems', () => {
  it('maps problem+json to ApiProblem: code from the type, errors, extension members', async () => {
    const body = {
      type: 'https://petpro.id/problems/booking-state',
      title: 'Status pemesanan tidak memungkinkan tindakan ini.',
      status: 409,
      detail: 'Status pemesanan tidak memungkinkan tindakan ini.',
      instance: '/v1/bookings/b1/cancel',
      state: 'completed',
      available: 0,
    };
    const client = createApiClient({
      baseUrl: 'http://api.test',
      fetch: async () => Response.json(body, { status: 409, headers: { 'content-type': 'application/problem+json' } }),
    });
    const error = (await client.unwrap(client.GET('/v1/me/pets')).catch((e) => e)) as ApiProblem;
    expect(error).toBeInstanceOf(ApiProblem);
    expect(error).toMatchObject({
      status: 409,
      type: 'https://petpro.id/problems/booking-state',
      code: 'booking-state',
      title: body.title,
      detail: body.detail,
      message: body.detail,
      instance: '/v1/bookings/b1/cancel',
      errors: [],
      state: 'completed',
    });
    expect(error.extensions).toEqual({ state: 'completed', available: 0 });
  });

  it('keeps the field errors of a 400', async () => {
    const client = createApiClient({
      baseUrl: 'http://api.test',
      fetch: async () =>
        Response.json(
          {
            type: 'https://petpro.id/problems/bad-request',
            title: 'Permintaan tidak valid.',
            status: 400,
            detail: 'Permintaan tidak valid.',
            errors: [{ path: 'species', message: 'Pilihan tidak valid' }],
          },
          { status: 400, headers: { 'content-type': 'application/problem+json' } },
        ),
    });
    const error = await client
      .unwrap(client.POST('/v1/me/pets', { body: { name: '', species: 'dog' } }))
      .catch((e) => e);
    expect(error).toMatchObject({ code: 'bad-request', errors: [{ path: 'species', message: 'Pilihan tidak valid' }] });
  });

  it('an answer that is not a problem (a gateway page) becomes code unexpected in the client language', async () => {
    const client = createApiClient({
      baseUrl: 'http://api.test',
      locale: 'en',
      fetch: async () => new Response('<html>Bad Gateway</html>', { status: 502, statusText: 'Bad Gateway' }),
    });
    const error = await client.unwrap(client.GET('/v1/me/pets')).catch((e) => e);
    expect(error).toMatchObject({
      name: 'ApiProblem',
      status: 502,
      type: 'about:blank',
      code: 'unexpected',
      title: 'Bad Gateway',
      detail: 'Something went wrong (HTTP 502). Please try again.',
    });
  });
});

describe('offline', () => {
  it('a call that reaches no server throws OfflineError with its message in both languages', async () => {
    const failure = new TypeError('fetch failed');
    const client = createApiClient({
      baseUrl: 'http://api.test',
      fetch: async () => {
        throw failure;
      },
    });
    const error = (await client.GET('/v1/me/pets').catch((e) => e)) as OfflineError;
    expect(error).toBeInstanceOf(OfflineError);
    expect(error.name).toBe('OfflineError');
    expect(error.message).toBe('Tidak dapat terhubung ke PetPro. Periksa koneksi internet Anda, lalu coba lagi.');
    expect(error.messages).toEqual({
      id: 'Tidak dapat terhubung ke PetPro. Periksa koneksi internet Anda, lalu coba lagi.',
      en: 'Cannot reach PetPro. Check your internet connection, then try again.',
    });
    expect(error.cause).toBe(failure);
    await expect(client.signIn({ username: 'a@b.id', password: 'x' })).rejects.toBeInstanceOf(OfflineError);
  });

  it('an aborted call stays an abort, not offline', async () => {
    const client = createApiClient({
      baseUrl: 'http://api.test',
      fetch: async (request) => {
        request.signal.throwIfAborted();
        return Response.json({});
      },
    });
    const controller = new AbortController();
    controller.abort();
    const error = await client.GET('/v1/me/pets', { signal: controller.signal }).catch((e) => e);
    expect(error).not.toBeInstanceOf(OfflineError);
    expect(error.name).toBe('AbortError');
  });
});

describe('session storage', () => {
  it('keeps the session in a key-value store (AsyncStorage, localStorage) and reads back only what is valid', async () => {
    const values = new Map<string, string>();
    const store = {
      getItem: async (key: string) => values.get(key) ?? null,
      setItem: async (key: string, value: string) => void values.set(key, value),
      removeItem: async (key: string) => void values.delete(key),
    };
    const storage = keyValueSessionStorage(store);
    const session = { accessToken: 'a1', refreshToken: 'r1', expiresAt: NOW };
    await storage.save(session);
    expect(await storage.load()).toEqual(session);
    values.set('petpro.session', '{not json');
    expect(await storage.load()).toBeNull();
    await storage.clear();
    expect(values.size).toBe(0);
  });

  it('a client starts from the stored session', async () => {
    const api = new FakeApi();
    const accessToken = api.issue();
    const client = createApiClient({
      baseUrl: 'http://api.test',
      fetch: api.fetch,
      storage: memorySessionStorage({ accessToken, refreshToken: 'r1', expiresAt: NOW + 600_000 }),
      now: () => NOW,
    });
    expect((await client.GET('/v1/me/pets')).response.status).toBe(200);
  });
});

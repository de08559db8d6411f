import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootPlatform, eventually, tableItems, waitForCode, type TestPlatform } from './support.ts';

/**
 * A customer's first day, over real HTTP, real tokens and the real engines:
 * sign up → code from the outbox → confirm → sign in → pets → photo → refresh → sign out.
 */
let t: TestPlatform;
beforeAll(async () => {
  t = await bootPlatform();
});
afterAll(async () => {
  await t?.stop();
});

describe('sign-up to sign-out', () => {
  const email = `dewi.${Date.now()}@example.id`;
  const password = 'Kucing2026';
  let accessToken = '';
  let refreshToken = '';
  let userId = '';
  let petId = '';

  it('signs up and delivers the confirmation code through the notification path', async () => {
    const since = new Date().toISOString();
    const response = await t.api.post<{ userId: string; confirmation: string }>('/v1/auth/sign-up', {
      email,
      password,
      name: 'Dewi Lestari',
      locale: 'id',
    });
    expect(response.status).toBe(201);
    expect(response.body.confirmation).toBe('email');
    userId = response.body.userId;
    const code = await waitForCode(t.api, email, since);
    const outbox = await t.api.get<{ items: { to: string; channel: string; subject: string; body: string }[] }>(
      '/dev/outbox',
    );
    const message = outbox.body.items.find((item) => item.to === email)!;
    expect(message.channel).toBe('email');
    expect(message.subject).toBe('Kode verifikasi PetPro');
    expect(message.body).toContain(code);
  });

  it('refuses a second account with the same email (409 problem)', async () => {
    const again = await t.api.post(
      '/v1/auth/sign-up',
      { email, password, name: 'Orang Lain' },
      { headers: { 'accept-language': 'id' } },
    );
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({
      status: 409,
      detail: 'Akun dengan email atau nomor telepon ini sudah terdaftar.',
    });
  });

  it('does not resend a code within a minute (and answers 202 for any username)', async () => {
    expect((await t.api.post('/v1/auth/confirm/resend', { username: email })).status).toBe(202);
    expect((await t.api.post('/v1/auth/confirm/resend', { username: `nobody.${Date.now()}@example.id` })).status).toBe(
      202,
    );
    const outbox = await t.api.get<{ items: unknown[] }>(`/dev/outbox?to=${encodeURIComponent(email)}`);
    expect(outbox.body.items).toHaveLength(1);
  });

  it('refuses to sign in before confirmation, and refuses a wrong code', async () => {
    const early = await t.api.post('/v1/auth/sign-in', { username: email, password });
    expect(early.status).toBe(403);
    const wrong = await t.api.post('/v1/auth/confirm', {
      username: email,
      code: '000000' === (await waitForCode(t.api, email)) ? '111111' : '000000',
    });
    expect(wrong.status).toBe(400);
    expect(wrong.headers.get('content-type')).toContain('application/problem+json');
  });

  it('confirms, creates the profile from the event, and signs in', async () => {
    const code = await waitForCode(t.api, email);
    expect((await t.api.post('/v1/auth/confirm', { username: email, code })).status).toBe(204);
    // The same code again: it was used up.
    expect((await t.api.post('/v1/auth/confirm', { username: email, code })).status).toBe(400);

    const signIn = await t.api.post<{ accessToken: string; refreshToken: string; idToken: string; expiresIn: number }>(
      '/v1/auth/sign-in',
      { username: email, password },
    );
    expect(signIn.status).toBe(200);
    expect(signIn.body.expiresIn).toBeGreaterThan(0);
    accessToken = signIn.body.accessToken;
    refreshToken = signIn.body.refreshToken;

    const me = await eventually('profile', async () => {
      const response = await t.api.get<{
        userId: string;
        name: string;
        email: string;
        locale: string;
        roles: string[];
      }>('/v1/me', { token: accessToken });
      return response.status === 200 ? response.body : undefined;
    });
    expect(me).toMatchObject({ userId, name: 'Dewi Lestari', email, locale: 'id', roles: ['customer'] });
    // The ID token of the same sign-in is no API credential (in AWS: the routes' access-token scope).
    const withIdToken = await t.api.get('/v1/me', { token: signIn.body.idToken });
    expect(withIdToken.status).toBe(401);
  });

  it('wrong password is 401 problem+json', async () => {
    const response = await t.api.post('/v1/auth/sign-in', { username: email, password: 'Salah12345' });
    expect(response.status).toBe(401);
    expect(response.body).toMatchObject({ status: 401, type: expect.stringContaining('invalid-credentials') });
  });

  it('changes the profile language', async () => {
    const response = await t.api.patch<{ locale: string }>('/v1/me', { locale: 'en' }, { token: accessToken });
    expect(response.status).toBe(200);
    expect(response.body.locale).toBe('en');
  });

  it('creates, lists, updates and reads a pet', async () => {
    const created = await t.api.post<{
      petId: string;
      version: number;
      name: string;
      _links: { self: { href: string } };
    }>(
      '/v1/me/pets',
      { name: 'Oyen', species: 'cat', breed: 'Domestik', sex: 'male', birthDate: '2021-06-01', weightKg: 4.2 },
      { token: accessToken },
    );
    expect(created.status).toBe(201);
    petId = created.body.petId;
    expect(created.body).toMatchObject({
      _links: { self: { href: `/v1/me/pets/${petId}` }, records: { href: `/v1/me/pets/${petId}/records` } },
    });
    expect((await t.api.get(created.body._links.self.href, { token: accessToken })).status).toBe(200);
    expect(created.body.version).toBe(1);

    const list = await t.api.get<{ items: { petId: string }[]; nextCursor: string | null }>('/v1/me/pets', {
      token: accessToken,
    });
    expect(list.status).toBe(200);
    expect(list.body.items.map((pet) => pet.petId)).toEqual([petId]);
    const slim = await t.api.get<{ items: Record<string, unknown>[] }>('/v1/me/pets?fields=name', {
      token: accessToken,
    });
    expect(slim.body.items).toEqual([{ petId, name: 'Oyen', _links: expect.any(Object) }]);

    const updated = await t.api.patch<{ weightKg: number; version: number }>(
      `/v1/me/pets/${petId}`,
      { weightKg: 4.5 },
      { token: accessToken, headers: { 'if-match': '1' } },
    );
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ weightKg: 4.5, version: 2 });

    const stale = await t.api.patch(
      `/v1/me/pets/${petId}`,
      { weightKg: 5 },
      { token: accessToken, headers: { 'if-match': '1' } },
    );
    expect(stale.status).toBe(409);
    const read = await t.api.get<{ weightKg: number }>(`/v1/me/pets/${petId}`, { token: accessToken });
    expect(read.body.weightKg).toBe(4.5);
  });

  it('keeps pet records', async () => {
    const record = await t.api.post(
      `/v1/me/pets/${petId}/records`,
      { kind: 'vaccination', date: '2026-10-01', vaccine: 'Tricat', nextDueDate: '2027-10-01' },
      { token: accessToken },
    );
    expect(record.status).toBe(201);
    const records = await t.api.get<{ items: { kind: string }[] }>(`/v1/me/pets/${petId}/records`, {
      token: accessToken,
    });
    expect(records.body.items.map((r) => r.kind)).toEqual(['vaccination']);
  });

  it('uploads a photo to the presigned URL and serves it back', async () => {
    const photo = Buffer.from('\x89PNG\r\n\x1a\n-a-tiny-test-image-');
    const presigned = await t.api.post<{ uploadUrl: string; photoUrl: string; headers: Record<string, string> }>(
      `/v1/me/pets/${petId}/photo`,
      { contentType: 'image/png', sizeBytes: photo.length },
      { token: accessToken },
    );
    expect(presigned.status).toBe(200);
    const put = await fetch(presigned.body.uploadUrl, { method: 'PUT', headers: presigned.body.headers, body: photo });
    expect(put.status).toBe(200);
    const pet = await t.api.get<{ photoUrl: string | null }>(`/v1/me/pets/${petId}`, { token: accessToken });
    expect(pet.body.photoUrl).toBeTruthy();
    const download = await fetch(pet.body.photoUrl!);
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer()).equals(photo)).toBe(true);
  });

  it('deletes the pet', async () => {
    expect((await t.api.delete(`/v1/me/pets/${petId}`, { token: accessToken })).status).toBe(204);
    expect((await t.api.get(`/v1/me/pets/${petId}`, { token: accessToken })).status).toBe(404);
  });

  it('publishes every change through the outbox', async () => {
    await t.platform.eventsIdle();
    const events = (await tableItems(t.platform))
      .filter((item) => String(item.pk).startsWith('OUTBOX#'))
      .map((item) => item.event as { type: string; data: { userId?: string } });
    const mine = events.filter((event) => event.data.userId === userId).map((event) => event.type);
    expect(mine).toEqual(
      expect.arrayContaining(['user.registered', 'pet.added', 'pet.updated', 'pet.record_added', 'pet.removed']),
    );
    expect(mine.filter((type) => type === 'user.registered')).toHaveLength(1);
  });

  it('refreshes, then signs out so the refresh token stops working', async () => {
    const refreshed = await t.api.post<{ accessToken: string }>('/v1/auth/refresh', { refreshToken });
    expect(refreshed.status).toBe(200);
    expect((await t.api.get('/v1/me', { token: refreshed.body.accessToken })).status).toBe(200);

    expect((await t.api.post('/v1/auth/sign-out', { refreshToken })).status).toBe(401); // needs a token
    expect((await t.api.post('/v1/auth/sign-out', { refreshToken }, { token: accessToken })).status).toBe(204);
    const after = await t.api.post('/v1/auth/refresh', { refreshToken });
    expect(after.status).toBe(401);
  });
});

describe('passwordless sign-in', () => {
  it('sends a code by SMS and signs in with it; a wrong code is refused first', async () => {
    const phone = `+62813${String(Date.now()).slice(-8)}`;
    const since = new Date().toISOString();
    expect((await t.api.post('/v1/auth/sign-up', { phone, password: 'Anjing2026', name: 'Rudi Hartono' })).status).toBe(
      201,
    );
    const confirmCode = await waitForCode(t.api, phone, since);
    expect((await t.api.post('/v1/auth/confirm', { username: phone, code: confirmCode })).status).toBe(204);

    const otpSince = new Date().toISOString();
    expect((await t.api.post('/v1/auth/otp/start', { phone })).status).toBe(202);
    const code = await waitForCode(t.api, phone, otpSince);
    const outbox = await t.api.get<{ items: { to: string; channel: string; body: string }[] }>(
      `/dev/outbox?to=${encodeURIComponent(phone)}`,
    );
    expect(outbox.body.items[0]).toMatchObject({ channel: 'sms' });
    expect(outbox.body.items[0]!.body).toContain('Kode masuk PetPro');

    const wrong = code === '123456' ? '654321' : '123456';
    expect((await t.api.post('/v1/auth/otp/verify', { phone, code: wrong })).status).toBe(400);
    const verified = await t.api.post<{ accessToken: string }>('/v1/auth/otp/verify', { phone, code });
    expect(verified.status).toBe(200);
    expect((await t.api.get('/v1/me/pets', { token: verified.body.accessToken })).status).toBe(200);
    // A used code cannot sign in again.
    expect((await t.api.post('/v1/auth/otp/verify', { phone, code })).status).toBe(400);
  });

  it('sends the code by WhatsApp when asked', async () => {
    const phone = `+62815${String(Date.now()).slice(-8)}`;
    const since = new Date().toISOString();
    expect((await t.api.post('/v1/auth/sign-up', { phone, password: 'Kelinci2026', name: 'Wati' })).status).toBe(201);
    expect(
      (await t.api.post('/v1/auth/confirm', { username: phone, code: await waitForCode(t.api, phone, since) })).status,
    ).toBe(204);
    const otpSince = new Date().toISOString();
    expect((await t.api.post('/v1/auth/otp/start', { phone, channel: 'whatsapp' })).status).toBe(202);
    const code = await waitForCode(t.api, phone, otpSince);
    const outbox = await t.api.get<{ items: { channel: string; from?: string }[] }>(
      `/dev/outbox?to=${encodeURIComponent(phone)}`,
    );
    expect(outbox.body.items[0]).toMatchObject({ channel: 'whatsapp' });
    expect((await t.api.post('/v1/auth/otp/verify', { phone, code })).status).toBe(200);
    expect((await t.api.post('/v1/auth/otp/start', { email: 'a@example.id', channel: 'whatsapp' })).status).toBe(400);
  });

  it('answers 202 for an unknown account without sending anything', async () => {
    const email = `nobody.${Date.now()}@example.id`;
    expect((await t.api.post('/v1/auth/otp/start', { email })).status).toBe(202);
    const outbox = await t.api.get<{ items: unknown[] }>(`/dev/outbox?to=${encodeURIComponent(email)}`);
    expect(outbox.body.items).toHaveLength(0);
  });
});

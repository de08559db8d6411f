import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootPlatform, signedUpUser, tableItems, type TestPlatform, type TestUser } from './support.ts';

/** One customer can never see or touch another's pets, records or addresses: 404, never 403. */
let t: TestPlatform;
let owner: TestUser;
let other: TestUser;
let petId: string;
let addressId: string;

beforeAll(async () => {
  t = await bootPlatform();
  owner = await signedUpUser(t.api, { name: 'Ayu Pemilik' });
  other = await signedUpUser(t.api, { phone: true, name: 'Bayu Lain' });
  petId = (
    await t.api.post<{ petId: string }>('/v1/me/pets', { name: 'Kopi', species: 'dog' }, { token: owner.accessToken })
  ).body.petId;
  addressId = (
    await t.api.post<{ addressId: string }>(
      '/v1/me/addresses',
      {
        label: 'Rumah',
        recipientName: 'Ayu',
        phone: '+6281311112222',
        line1: 'Jl. Sudirman 1',
        city: 'Jakarta Pusat',
        province: 'DKI Jakarta',
        postalCode: '10220',
        lat: -6.2,
        lon: 106.82,
      },
      { token: owner.accessToken },
    )
  ).body.addressId;
  await t.api.post(
    `/v1/me/pets/${petId}/records`,
    { kind: 'weight', date: '2026-11-01', weightKg: 12 },
    { token: owner.accessToken },
  );
});
afterAll(async () => {
  await t?.stop();
});

describe("another customer's records", () => {
  it('are 404 to read', async () => {
    for (const path of [`/v1/me/pets/${petId}`, `/v1/me/pets/${petId}/records`]) {
      const response = await t.api.get(path, { token: other.accessToken });
      expect(response.status, path).toBe(404);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
    }
  });

  it('do not appear in lists', async () => {
    expect((await t.api.get<{ items: unknown[] }>('/v1/me/pets', { token: other.accessToken })).body.items).toEqual([]);
    expect(
      (await t.api.get<{ items: unknown[] }>('/v1/me/addresses', { token: other.accessToken })).body.items,
    ).toEqual([]);
  });

  it('cannot be changed or deleted, and stay as they were', async () => {
    const before = await tableItems(t.platform);
    const attempts = [
      await t.api.patch(`/v1/me/pets/${petId}`, { name: 'Dicuri' }, { token: other.accessToken }),
      await t.api.delete(`/v1/me/pets/${petId}`, { token: other.accessToken }),
      await t.api.post(
        `/v1/me/pets/${petId}/records`,
        { kind: 'weight', date: '2026-11-02', weightKg: 1 },
        { token: other.accessToken },
      ),
      await t.api.post(
        `/v1/me/pets/${petId}/photo`,
        { contentType: 'image/jpeg', sizeBytes: 1000 },
        { token: other.accessToken },
      ),
      await t.api.patch(`/v1/me/addresses/${addressId}`, { city: 'Bogor' }, { token: other.accessToken }),
      await t.api.delete(`/v1/me/addresses/${addressId}`, { token: other.accessToken }),
    ];
    expect(attempts.map((response) => response.status)).toEqual([404, 404, 404, 404, 404, 404]);
    expect(await tableItems(t.platform)).toEqual(before);

    const pet = await t.api.get<{ name: string }>(`/v1/me/pets/${petId}`, { token: owner.accessToken });
    expect(pet.body.name).toBe('Kopi');
    const addresses = await t.api.get<{ items: { city: string }[] }>('/v1/me/addresses', { token: owner.accessToken });
    expect(addresses.body.items.map((a) => a.city)).toEqual(['Jakarta Pusat']);
  });

  it('without a token, or with a forged one, everything is 401', async () => {
    expect((await t.api.get('/v1/me/pets')).status).toBe(401);
    const [header, payload] = owner.accessToken.split('.');
    const forged = `${header}.${payload}.${Buffer.from('not-the-signature').toString('base64url')}`;
    expect((await t.api.get('/v1/me/pets', { token: forged })).status).toBe(401);
  });
});

describe('Idempotency-Key on creates', () => {
  it('repeats answer with the first result, another body is 422, and keys are per caller', async () => {
    const key = `kunci-${Date.now()}`;
    const body = { name: 'Sekali', species: 'cat' };
    const first = await t.api.post<{ petId: string }>('/v1/me/pets', body, {
      token: owner.accessToken,
      headers: { 'idempotency-key': key },
    });
    const again = await t.api.post<{ petId: string }>('/v1/me/pets', body, {
      token: owner.accessToken,
      headers: { 'idempotency-key': key },
    });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body.petId).toBe(first.body.petId);
    const pets = await t.api.get<{ items: { name: string }[] }>('/v1/me/pets', { token: owner.accessToken });
    expect(pets.body.items.filter((pet) => pet.name === 'Sekali')).toHaveLength(1);

    const changed = await t.api.post(
      '/v1/me/pets',
      { ...body, name: 'Lain' },
      { token: owner.accessToken, headers: { 'idempotency-key': key } },
    );
    expect(changed.status).toBe(422);
    expect(changed.headers.get('content-type')).toContain('application/problem+json');

    // The other customer, same key: a pet of their own, not the owner's answer.
    const stranger = await t.api.post<{ petId: string }>('/v1/me/pets', body, {
      token: other.accessToken,
      headers: { 'idempotency-key': key },
    });
    expect(stranger.status).toBe(201);
    expect(stranger.body.petId).not.toBe(first.body.petId);
  });

  it('a failed first attempt leaves no record: the corrected retry with the same key runs', async () => {
    const key = `ulang-${Date.now()}`;
    const bad = await t.api.post(
      '/v1/me/pets',
      { name: 'Coba', species: 'dragon' },
      { token: owner.accessToken, headers: { 'idempotency-key': key } },
    );
    expect(bad.status).toBe(400);
    const good = await t.api.post(
      '/v1/me/pets',
      { name: 'Coba', species: 'cat' },
      { token: owner.accessToken, headers: { 'idempotency-key': key } },
    );
    expect(good.status).toBe(201);
  });
});

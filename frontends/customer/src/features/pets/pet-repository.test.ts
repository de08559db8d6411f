import { createApiClient, OfflineError, type ApiClient } from '@petpro/api-client';
import { beforeEach, describe, expect, it } from 'vitest';
import { memoryOfflineCache } from '../../testing/memory-cache';
import { aPet, aRecord } from './fake-pet-repository';
import { ApiPetRepository, PhotoError, type PickedPhoto } from './pet-repository';

/** What the API client sent, and the raw requests (the picked file, the presigned PUT). */
interface Sent {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

const API = 'http://api.test';
const UPLOAD_URL = 'http://s3.test/uploads/pets/u1/p1/x.png?X-Amz-Signature=abc';

describe('ApiPetRepository', () => {
  const pet = aPet({ petId: '01JPET0000000000000000MILO' });
  let apiCalls: Sent[];
  let rawCalls: Sent[];
  let offline: boolean;
  let putStatus: number;
  let answers: Map<string, () => Response>;
  let api: ApiClient;
  let repository: ApiPetRepository;

  beforeEach(async () => {
    apiCalls = [];
    rawCalls = [];
    offline = false;
    putStatus = 200;
    answers = new Map();
    api = createApiClient({
      baseUrl: API,
      locale: 'id',
      fetch: async (request) => {
        const text = await request.text();
        const url = new URL(request.url);
        apiCalls.push({
          method: request.method,
          url: url.pathname + url.search,
          headers: Object.fromEntries(request.headers),
          body: text ? JSON.parse(text) : undefined,
        });
        if (offline) throw new TypeError('Failed to fetch');
        const answer = answers.get(`${request.method} ${url.pathname}`);
        return answer ? answer() : new Response('{}', { status: 404 });
      },
    });
    await api.startSession({
      accessToken: 'a1',
      idToken: 'i1',
      refreshToken: 'r1',
      expiresIn: 3600,
      tokenType: 'Bearer',
    });
    const rawFetch = async (url: string, init?: RequestInit) => {
      rawCalls.push({
        method: init?.method ?? 'GET',
        url,
        headers: Object.fromEntries(new Headers(init?.headers)),
        body: init?.body,
      });
      if (url.startsWith('blob:')) return new Response(new Blob([new Uint8Array(69)], { type: 'image/png' }));
      if (offline) throw new TypeError('Failed to fetch');
      return new Response(null, { status: putStatus });
    };
    repository = new ApiPetRepository(api, memoryOfflineCache(), rawFetch);
  });

  it("lists every page of pets, and offline answers the device's copy, marked", async () => {
    let page = 0;
    answers.set('GET /v1/me/pets', () =>
      Response.json(
        page++ === 0
          ? { items: [pet], nextCursor: 'c2' }
          : { items: [aPet({ petId: '01JPET000000000000000BRUNO', name: 'Bruno' })], nextCursor: null },
      ),
    );
    const online = await repository.listPets();
    expect(online.fromCache).toBe(false);
    expect(online.value.map((p) => p.name)).toEqual(['Milo', 'Bruno']);
    expect(apiCalls.map((c) => c.url)).toEqual(['/v1/me/pets?limit=100', '/v1/me/pets?limit=100&cursor=c2']);
    expect(apiCalls[0]?.headers['authorization']).toBe('Bearer a1');

    offline = true;
    const kept = await repository.listPets();
    expect(kept).toEqual({ value: online.value, updatedAt: online.updatedAt, fromCache: true });
  });

  it('reads the pet with all its records, offline too', async () => {
    answers.set(`GET /v1/me/pets/${pet.petId}`, () => Response.json(pet));
    answers.set(`GET /v1/me/pets/${pet.petId}/records`, () =>
      Response.json({ items: [aRecord({ kind: 'weight', date: '2026-12-01', weightKg: 4.2 })], nextCursor: null }),
    );
    const online = await repository.getPetDetail(pet.petId);
    expect(online.value.records).toHaveLength(1);
    offline = true;
    expect(await repository.getPetDetail(pet.petId)).toMatchObject({ fromCache: true, value: { pet } });
    // Another pet was never read: nothing to show, the client's offline error.
    await expect(repository.getPetDetail('01JPET000000000000000BRUNO')).rejects.toBeInstanceOf(OfflineError);
  });

  it('adds with the Idempotency-Key and changes with If-Match', async () => {
    answers.set('POST /v1/me/pets', () => Response.json(pet, { status: 201 }));
    answers.set(`PATCH /v1/me/pets/${pet.petId}`, () => Response.json({ ...pet, name: 'Milo 2', version: 4 }));
    await repository.addPet({ name: 'Milo', species: 'cat' }, 'key-1');
    await repository.updatePet(pet.petId, { name: 'Milo 2' }, 3);
    expect(apiCalls.map((c) => [c.method, c.body, c.headers['idempotency-key'], c.headers['if-match']])).toEqual([
      ['POST', { name: 'Milo', species: 'cat' }, 'key-1', undefined],
      ['PATCH', { name: 'Milo 2' }, undefined, '3'],
    ]);
  });

  it('offline, a write throws the client’s OfflineError (nothing is queued)', async () => {
    offline = true;
    await expect(repository.addPet({ name: 'Milo', species: 'cat' }, 'k')).rejects.toBeInstanceOf(OfflineError);
  });

  describe('uploadPhoto', () => {
    const photo: PickedPhoto = { uri: 'blob:http://localhost/1', mimeType: 'image/png', sizeBytes: 69 };

    beforeEach(() => {
      answers.set(`POST /v1/me/pets/${pet.petId}/photo`, () =>
        Response.json({
          uploadUrl: UPLOAD_URL,
          photoUrl: 'http://s3.test/uploads/pets/u1/p1/x.png?sig=get',
          expiresAt: '2026-12-07T15:00:00.000Z',
          headers: { 'content-type': 'image/png', 'content-length': '69' },
        }),
      );
      answers.set(`GET /v1/me/pets/${pet.petId}`, () =>
        Response.json({ ...pet, photoUrl: 'http://s3.test/uploads/pets/u1/p1/x.png?sig=get2', version: 2 }),
      );
    });

    it('reads the picked file, asks for the upload with its type and size, PUTs the bytes with the signed headers, then re-reads the pet', async () => {
      const after = await repository.uploadPhoto(pet.petId, photo);
      expect(apiCalls[0]).toMatchObject({
        method: 'POST',
        url: `/v1/me/pets/${pet.petId}/photo`,
        body: { contentType: 'image/png', sizeBytes: 69 },
      });
      expect(rawCalls.map((c) => [c.method, c.url])).toEqual([
        ['GET', photo.uri],
        ['PUT', UPLOAD_URL],
      ]);
      const put = rawCalls[1]!;
      // Content-Length is the body's own: a browser refuses to set it by hand.
      expect(put.headers).toEqual({ 'content-type': 'image/png' });
      expect(put.body).toBeInstanceOf(Blob);
      expect((put.body as Blob).size).toBe(69);
      expect(after).toMatchObject({ version: 2, photoUrl: expect.stringContaining('sig=get2') });
    });

    it('refuses a type the API does not take before asking it', async () => {
      await expect(repository.uploadPhoto(pet.petId, { ...photo, mimeType: 'image/heic' })).rejects.toMatchObject({
        reason: 'photo-type',
      });
      expect(apiCalls).toEqual([]);
    });

    it('a refused PUT is a PhotoError; a PUT with no network is the offline error', async () => {
      putStatus = 403;
      await expect(repository.uploadPhoto(pet.petId, photo)).rejects.toEqual(new PhotoError('upload-refused'));
      putStatus = 200;
      answers.set(`POST /v1/me/pets/${pet.petId}/photo`, () => {
        offline = true; // the network goes between the request and the upload
        return Response.json({ uploadUrl: UPLOAD_URL, photoUrl: 'x', expiresAt: 'x', headers: {} });
      });
      await expect(repository.uploadPhoto(pet.petId, photo)).rejects.toBeInstanceOf(OfflineError);
    });
  });
});

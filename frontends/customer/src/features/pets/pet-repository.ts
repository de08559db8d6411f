import { OfflineError, type ApiClient } from '@petpro/api-client';
import type { Cached, OfflineCache } from '../../data/offline-cache';
import {
  MAX_PHOTO_BYTES,
  PHOTO_TYPES,
  type Pet,
  type PetInput,
  type PetPatch,
  type PetRecord,
  type PhotoType,
  type RecordInput,
} from './pet-model';

/** A photo chosen on the device (expo-image-picker's asset, reduced to what the upload needs). */
export interface PickedPhoto {
  /** `file://…` on iOS/Android, `blob:…` on the web: readable with fetch. */
  uri: string;
  mimeType: string | null;
  /** As the picker reports it (not always known). */
  sizeBytes: number | null;
}

export interface PetDetail {
  pet: Pet;
  records: PetRecord[];
}

/** Why a photo was not sent, found on the device before or after asking the API. */
export type PhotoFailure = 'photo-unreadable' | 'photo-type' | 'photo-too-large' | 'upload-refused';

/** A photo the app will not (or could not) upload; the screen says why in the user's language. */
export class PhotoError extends Error {
  readonly reason: PhotoFailure;

  constructor(reason: PhotoFailure, options: { cause?: unknown } = {}) {
    super(reason, options);
    this.name = 'PhotoError';
    this.reason = reason;
  }
}

/**
 * The customer's pets and their records. Reads go through the offline cache (readable with no
 * network, marked `fromCache`); writes go to the API only, so offline they fail with the client's
 * OfflineError and the screen keeps what was typed. Throws ApiProblem, OfflineError or PhotoError.
 */
export interface PetRepository {
  listPets(): Promise<Cached<Pet[]>>;
  getPet(petId: string): Promise<Cached<Pet>>;
  /** The pet and all its records (every page). */
  getPetDetail(petId: string): Promise<Cached<PetDetail>>;
  addPet(input: PetInput, idempotencyKey: string): Promise<Pet>;
  /** Refused (409 version-mismatch) when the pet changed since `version` was read. */
  updatePet(petId: string, patch: PetPatch, version: number): Promise<Pet>;
  deletePet(petId: string): Promise<void>;
  /** Asks for a presigned PUT, uploads the bytes to it, then answers the pet as it is now (new photo, version). */
  uploadPhoto(petId: string, photo: PickedPhoto): Promise<Pet>;
  addRecord(petId: string, input: RecordInput, idempotencyKey: string): Promise<PetRecord>;
}

/** The HTTP calls outside the API client: reading the picked file and the PUT to the presigned URL. */
export type RawFetch = (url: string, init?: RequestInit) => Promise<Response>;

/** Pages of at most 100 (the API's maximum); a pet with more records than this many pages is cut here. */
const PAGE_SIZE = 100;
const MAX_PAGES = 10;

function isPhotoType(type: string): type is PhotoType {
  return (PHOTO_TYPES as readonly string[]).includes(type);
}

/** `image/jpg` (some Android galleries) is `image/jpeg`; parameters (`; charset`) are dropped. */
function normaliseType(type: string): string {
  const bare = type.split(';')[0]!.trim().toLowerCase();
  return bare === 'image/jpg' ? 'image/jpeg' : bare;
}

/** What is wrong with a picked photo as far as the picker can tell (before reading it), or null. */
export function photoRefusal(photo: PickedPhoto): PhotoFailure | null {
  if (photo.mimeType && !isPhotoType(normaliseType(photo.mimeType))) return 'photo-type';
  if (photo.sizeBytes !== null && photo.sizeBytes > MAX_PHOTO_BYTES) return 'photo-too-large';
  return null;
}

export class ApiPetRepository implements PetRepository {
  readonly #api: ApiClient;
  readonly #cache: OfflineCache;
  readonly #fetch: RawFetch;

  constructor(api: ApiClient, cache: OfflineCache, rawFetch: RawFetch = (url, init) => globalThis.fetch(url, init)) {
    this.#api = api;
    this.#cache = cache;
    this.#fetch = rawFetch;
  }

  listPets(): Promise<Cached<Pet[]>> {
    return this.#cache.read('pets.list', async () => {
      const pets: Pet[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < MAX_PAGES; page += 1) {
        const answer = await this.#api.unwrap(
          this.#api.GET('/v1/me/pets', { params: { query: { limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) } } }),
        );
        pets.push(...answer.items);
        if (!answer.nextCursor) break;
        cursor = answer.nextCursor;
      }
      return pets;
    });
  }

  getPet(petId: string): Promise<Cached<Pet>> {
    return this.#cache.read(`pets.pet.${petId}`, () => this.#fetchPet(petId));
  }

  getPetDetail(petId: string): Promise<Cached<PetDetail>> {
    return this.#cache.read(`pets.detail.${petId}`, async () => {
      const [pet, records] = await Promise.all([this.#fetchPet(petId), this.#fetchRecords(petId)]);
      return { pet, records };
    });
  }

  addPet(input: PetInput, idempotencyKey: string): Promise<Pet> {
    return this.#api.unwrap(
      this.#api.POST('/v1/me/pets', { body: input, params: { header: { 'Idempotency-Key': idempotencyKey } } }),
    );
  }

  updatePet(petId: string, patch: PetPatch, version: number): Promise<Pet> {
    return this.#api.unwrap(
      this.#api.PATCH('/v1/me/pets/{petId}', {
        params: { path: { petId }, header: { 'If-Match': String(version) } },
        body: patch,
      }),
    );
  }

  async deletePet(petId: string): Promise<void> {
    await this.#api.unwrap(this.#api.DELETE('/v1/me/pets/{petId}', { params: { path: { petId } } }));
  }

  async uploadPhoto(petId: string, photo: PickedPhoto): Promise<Pet> {
    const bytes = await this.#readPicked(photo.uri);
    const contentType = normaliseType(photo.mimeType || bytes.type);
    if (!isPhotoType(contentType)) throw new PhotoError('photo-type');
    if (bytes.size > MAX_PHOTO_BYTES) throw new PhotoError('photo-too-large');
    const upload = await this.#api.unwrap(
      this.#api.POST('/v1/me/pets/{petId}/photo', {
        params: { path: { petId } },
        body: { contentType, sizeBytes: bytes.size },
      }),
    );
    // The URL is signed with Content-Type and Content-Length: the type is sent as given; the length
    // is the body's own (a browser refuses to set it, and the blob's size is what was signed).
    const headers = Object.fromEntries(
      Object.entries(upload.headers).filter(([name]) => !['content-length', 'host'].includes(name.toLowerCase())),
    );
    const response = await this.#send(() => this.#fetch(upload.uploadUrl, { method: 'PUT', headers, body: bytes }));
    if (!response.ok) throw new PhotoError('upload-refused', { cause: new Error(`PUT answered ${response.status}`) });
    return this.#fetchPet(petId);
  }

  addRecord(petId: string, input: RecordInput, idempotencyKey: string): Promise<PetRecord> {
    return this.#api.unwrap(
      this.#api.POST('/v1/me/pets/{petId}/records', {
        params: { path: { petId }, header: { 'Idempotency-Key': idempotencyKey } },
        body: input,
      }),
    );
  }

  #fetchPet(petId: string): Promise<Pet> {
    return this.#api.unwrap(this.#api.GET('/v1/me/pets/{petId}', { params: { path: { petId } } }));
  }

  async #fetchRecords(petId: string): Promise<PetRecord[]> {
    const records: PetRecord[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES; page += 1) {
      const answer = await this.#api.unwrap(
        this.#api.GET('/v1/me/pets/{petId}/records', {
          params: { path: { petId }, query: { limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) } },
        }),
      );
      records.push(...answer.items);
      if (!answer.nextCursor) break;
      cursor = answer.nextCursor;
    }
    return records;
  }

  /** The picked file's bytes: on the device, so a failure here is never the network's. */
  async #readPicked(uri: string): Promise<Blob> {
    try {
      // No status check: React Native answers a local file with status 0 on some platforms.
      const bytes = await (await this.#fetch(uri)).blob();
      if (bytes.size === 0) throw new Error('the picked photo is empty');
      return bytes;
    } catch (error) {
      throw new PhotoError('photo-unreadable', { cause: error });
    }
  }

  /** A request outside the API client: a network failure is the same OfflineError the client throws. */
  async #send(request: () => Promise<Response>): Promise<Response> {
    try {
      return await request();
    } catch (error) {
      throw new OfflineError(this.#api.locale(), { cause: error });
    }
  }
}

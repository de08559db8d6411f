import { ApiProblem, OfflineError } from '@petpro/api-client';
import type { Cached } from '../../data/offline-cache';
import type { Pet, PetInput, PetPatch, PetRecord, RecordInput } from './pet-model';
import { PhotoError, type PetDetail, type PetRepository, type PickedPhoto } from './pet-repository';

/** A pet as the API answers one, with these fields changed. */
export function aPet(fields: Partial<Pet> = {}): Pet {
  const petId = fields.petId ?? '01JPET0000000000000000MILO';
  return {
    petId,
    name: 'Milo',
    species: 'cat',
    breed: 'Domestik',
    sex: 'male',
    birthDate: '2023-02-01',
    weightKg: 4.2,
    notes: null,
    photoUrl: null,
    version: 1,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    _links: { self: { href: `/v1/me/pets/${petId}` } },
    ...fields,
  };
}

export function aRecord(fields: Partial<PetRecord> & Pick<PetRecord, 'kind' | 'date'>): PetRecord {
  const recordId = fields.recordId ?? `rec-${fields.kind}-${fields.date}`;
  return {
    recordId,
    petId: '01JPET0000000000000000MILO',
    version: 1,
    createdAt: `${fields.date}T08:00:00.000Z`,
    updatedAt: `${fields.date}T08:00:00.000Z`,
    _links: {},
    ...fields,
  };
}

type Method =
  'listPets' | 'getPet' | 'getPetDetail' | 'addPet' | 'updatePet' | 'deletePet' | 'uploadPhoto' | 'addRecord';

export const notFound = () =>
  new ApiProblem({
    status: 404,
    type: 'https://petpro.id/problems/not-found',
    title: 'Tidak ditemukan.',
    detail: 'Tidak ditemukan.',
  });

/**
 * A PetRepository over memory, as the API behaves: versions bump on change, a stale version is a
 * 409, another's pet is a 404. `offline` makes reads answer the last copy (marked) and writes throw
 * the client's OfflineError; `failNext` scripts one failure of a method. Every call is recorded.
 */
export class FakePetRepository implements PetRepository {
  readonly pets = new Map<string, Pet>();
  readonly records = new Map<string, PetRecord[]>();
  readonly calls: { method: Method; args: unknown[] }[] = [];
  readonly failures = new Map<Method, Error[]>();
  offline = false;
  updatedAt = '2026-12-07T01:00:00.000Z';
  #nextId = 1;

  constructor(pets: Pet[] = [], records: PetRecord[] = []) {
    for (const pet of pets) this.pets.set(pet.petId, pet);
    for (const record of records) this.records.set(record.petId, [...(this.records.get(record.petId) ?? []), record]);
  }

  failNext(method: Method, error: Error): this {
    this.failures.set(method, [...(this.failures.get(method) ?? []), error]);
    return this;
  }

  callsOf(method: Method): unknown[][] {
    return this.calls.filter((call) => call.method === method).map((call) => call.args);
  }

  async listPets(): Promise<Cached<Pet[]>> {
    this.#enter('listPets', [], 'read');
    return this.#cached([...this.pets.values()]);
  }

  async getPet(petId: string): Promise<Cached<Pet>> {
    this.#enter('getPet', [petId], 'read');
    return this.#cached(this.#pet(petId));
  }

  async getPetDetail(petId: string): Promise<Cached<PetDetail>> {
    this.#enter('getPetDetail', [petId], 'read');
    return this.#cached({ pet: this.#pet(petId), records: [...(this.records.get(petId) ?? [])] });
  }

  async addPet(input: PetInput, idempotencyKey: string): Promise<Pet> {
    this.#enter('addPet', [input, idempotencyKey], 'write');
    const pet = aPet({
      petId: `01JPETNEW${String(this.#nextId++).padStart(17, '0')}`,
      name: input.name,
      species: input.species,
      breed: input.breed ?? null,
      sex: input.sex ?? 'unknown',
      birthDate: input.birthDate ?? null,
      weightKg: input.weightKg ?? null,
      notes: input.notes ?? null,
    });
    this.pets.set(pet.petId, pet);
    return pet;
  }

  async updatePet(petId: string, patch: PetPatch, version: number): Promise<Pet> {
    this.#enter('updatePet', [petId, patch, version], 'write');
    const pet = this.#pet(petId);
    if (pet.version !== version)
      throw new ApiProblem({
        status: 409,
        type: 'https://petpro.id/problems/version-mismatch',
        title: 'Data ini telah diubah oleh orang lain. Muat ulang lalu coba lagi.',
        detail: 'Data ini telah diubah oleh orang lain. Muat ulang lalu coba lagi.',
      });
    const next = { ...pet, ...patch, version: pet.version + 1 } as Pet;
    this.pets.set(petId, next);
    return next;
  }

  async deletePet(petId: string): Promise<void> {
    this.#enter('deletePet', [petId], 'write');
    this.#pet(petId);
    this.pets.delete(petId);
  }

  async uploadPhoto(petId: string, photo: PickedPhoto): Promise<Pet> {
    this.#enter('uploadPhoto', [petId, photo], 'write');
    if (photo.mimeType === 'image/gif') throw new PhotoError('photo-type');
    const pet = this.#pet(petId);
    const next = { ...pet, photoUrl: `https://uploads.example/${petId}.png`, version: pet.version + 1 };
    this.pets.set(petId, next);
    return next;
  }

  async addRecord(petId: string, input: RecordInput, idempotencyKey: string): Promise<PetRecord> {
    this.#enter('addRecord', [petId, input, idempotencyKey], 'write');
    this.#pet(petId);
    const record = aRecord({ ...input, petId, recordId: `rec-new-${this.#nextId++}` });
    this.records.set(petId, [...(this.records.get(petId) ?? []), record]);
    return record;
  }

  #enter(method: Method, args: unknown[], kind: 'read' | 'write'): void {
    this.calls.push({ method, args });
    const failure = this.failures.get(method)?.shift();
    if (failure) throw failure;
    if (this.offline && kind === 'write') throw new OfflineError('id');
  }

  #pet(petId: string): Pet {
    const pet = this.pets.get(petId);
    if (!pet) throw notFound();
    return pet;
  }

  #cached<T>(value: T): Cached<T> {
    return { value, updatedAt: this.updatedAt, fromCache: this.offline };
  }
}

import type { EventEnvelope } from '#shared/events/catalog.ts';
import {
  InvalidCursor,
  type Address,
  type ItemRef,
  type Page,
  type PageRequest,
  type Pet,
  type PetRecord,
  type PhotoStorage,
  type Profile,
  type Stored,
  type StoredEntity,
  type UserMeta,
  type UsersStore,
  type Write,
} from './model.ts';
import { WriteConflict } from '#shared/table/write-conflict.ts';

/**
 * In-memory implementations of the ports, with the same conditional-write semantics as the
 * DynamoDB store (create: must not exist; replace/delete/check: must exist at the expected
 * version; all or nothing). For unit tests, and for anything that wants a store without DynamoDB.
 */
export class MemoryUsersStore implements UsersStore {
  readonly items = new Map<string, Stored['value']>();
  readonly events: EventEnvelope[] = [];
  /** Called before each commit is applied (tests use it to interleave a concurrent write). */
  beforeCommit: ((writes: Write[]) => void | Promise<void>) | undefined;
  commits = 0;

  private static key(entity: StoredEntity, value: Stored['value']): string {
    switch (entity) {
      case 'profile':
        return `profile|${value.userId}`;
      case 'meta':
        return `meta|${value.userId}`;
      case 'address':
        return `address|${value.userId}|${(value as Address).addressId}`;
      case 'pet':
        return `pet|${value.userId}|${(value as Pet).petId}`;
      case 'record':
        return `record|${value.userId}|${(value as PetRecord).petId}|${(value as PetRecord).recordId}`;
    }
  }

  private static refKey(ref: ItemRef): string {
    return `${ref.entity}|${ref.userId}|${ref.id}`;
  }

  private get<T extends Stored['value']>(key: string): T | null {
    const value = this.items.get(key);
    return value ? (structuredClone(value) as T) : null;
  }

  private values<T extends Stored['value']>(prefix: string): T[] {
    return [...this.items.entries()]
      .filter(([key]) => key.startsWith(prefix))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, value]) => structuredClone(value) as T);
  }

  private static page<T>(all: T[], id: (item: T) => string, request: PageRequest): Page<T> {
    let start = 0;
    if (request.cursor !== undefined) {
      const after = Buffer.from(request.cursor, 'base64url').toString('utf8');
      start = all.findIndex((item) => id(item) === after) + 1;
      if (start === 0) throw new InvalidCursor();
    }
    const items = all.slice(start, start + request.limit);
    const more = start + request.limit < all.length;
    const last = items[items.length - 1];
    return { items, nextCursor: more && last ? Buffer.from(id(last)).toString('base64url') : null };
  }

  async getProfile(userId: string) {
    return this.get<Profile>(`profile|${userId}`);
  }
  async getMeta(userId: string) {
    return this.get<UserMeta>(`meta|${userId}`);
  }
  async getAddress(userId: string, addressId: string) {
    return this.get<Address>(`address|${userId}|${addressId}`);
  }
  async getPet(userId: string, petId: string) {
    return this.get<Pet>(`pet|${userId}|${petId}`);
  }

  async listAddresses(userId: string, request: PageRequest) {
    return MemoryUsersStore.page(this.values<Address>(`address|${userId}|`), (a) => a.addressId, request);
  }

  async allAddresses(userId: string) {
    return this.values<Address>(`address|${userId}|`);
  }

  async listPets(userId: string, request: PageRequest) {
    return MemoryUsersStore.page(this.values<Pet>(`pet|${userId}|`), (p) => p.petId, request);
  }

  async listPetRecords(userId: string, petId: string, request: PageRequest & { kind?: PetRecord['kind'] | undefined }) {
    const records = this.values<PetRecord>(`record|${userId}|${petId}|`)
      .reverse()
      .filter((record) => !request.kind || record.kind === request.kind);
    return MemoryUsersStore.page(records, (r) => r.recordId, request);
  }

  async commit(writes: Write[], events: EventEnvelope[]) {
    await this.beforeCommit?.(writes);
    const touched = new Set<string>();
    for (const write of writes) {
      const key =
        write.op === 'create' || write.op === 'replace'
          ? MemoryUsersStore.key(write.entity, write.value)
          : MemoryUsersStore.refKey(write.ref);
      if (touched.has(key)) throw new Error(`two writes on ${key} in one transaction`);
      touched.add(key);
      const current = this.items.get(key);
      if (write.op === 'create' ? current !== undefined : current?.version !== write.expectedVersion) {
        throw new WriteConflict({ message: `condition failed on ${key}` });
      }
    }
    for (const write of writes) {
      if (write.op === 'create' || write.op === 'replace')
        this.items.set(MemoryUsersStore.key(write.entity, write.value), structuredClone(write.value));
      else if (write.op === 'delete') this.items.delete(MemoryUsersStore.refKey(write.ref));
    }
    this.events.push(...events);
    this.commits += 1;
  }

  async deletePetRecords(userId: string, petId: string) {
    const prefix = `record|${userId}|${petId}|`;
    let deleted = 0;
    for (const key of [...this.items.keys()]) {
      if (key.startsWith(prefix)) {
        this.items.delete(key);
        deleted += 1;
      }
    }
    return deleted;
  }
}

/** Presigns nothing: URLs that name the key, the expiry and (for uploads) the signed headers. */
export const fakePhotoStorage: PhotoStorage = {
  async presignUpload(key, contentType, sizeBytes, expiresInSeconds) {
    return {
      url: `https://uploads.test/${key}?method=PUT&expires=${expiresInSeconds}`,
      headers: { 'content-type': contentType, 'content-length': String(sizeBytes) },
    };
  },
  async presignDownload(key, expiresInSeconds) {
    return `https://uploads.test/${key}?expires=${expiresInSeconds}`;
  },
};

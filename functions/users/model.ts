import type { EventEnvelope } from '#shared/events/catalog.ts';
import type { Locale } from '#shared/lib/locale.ts';
import type { PresignedStorage } from '#shared/storage/presigned-storage.ts';
import type { SavedAddress } from '#shared/table/addresses.ts';
import type { PET_SEX, RECORD_KINDS, SPECIES } from './schemas.ts';

/**
 * The users domain's own model and the ports its use cases need. No AWS here: the DynamoDB
 * store (store.ts) and the presigned S3 storage (shared/storage/presigned-storage.ts) implement these interfaces,
 * and the tests use the in-memory ones (memory-store.ts).
 */

/** Fields every stored item carries. `version` starts at 1 and grows by one per write. */
export interface Versioned {
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface Profile extends Versioned {
  userId: string;
  name: string;
  email: string | null;
  phone: string | null;
  locale: Locale;
  /** The user.registered event that created the profile (its idempotency key). */
  sourceEventId: string;
}

/** A saved address: what a courier needs (SavedAddress, the read model shipping reads), and the user's label and default. */
export interface Address extends Versioned, SavedAddress {
  userId: string;
  label: string;
  isDefault: boolean;
}

export type Species = (typeof SPECIES)[number];
export type PetSex = (typeof PET_SEX)[number];
export type RecordKind = (typeof RECORD_KINDS)[number];

export interface Pet extends Versioned {
  userId: string;
  petId: string;
  name: string;
  species: Species;
  breed: string | null;
  sex: PetSex;
  birthDate: string | null;
  weightKg: number | null;
  /** Date of the newest weight record (the one weightKg came from), if any. */
  weightDate: string | null;
  notes: string | null;
  /** S3 key of the pet's photo, when one was requested. */
  photoKey: string | null;
}

export interface PetRecord extends Versioned {
  userId: string;
  petId: string;
  recordId: string;
  kind: RecordKind;
  date: string;
  vaccine?: string;
  nextDueDate?: string;
  title?: string;
  vetName?: string;
  weightKg?: number;
  notes?: string;
}

/**
 * One per user: the counters behind the per-user limits and the id of the default address.
 * Every write that adds or removes an address or pet, or moves the default, also writes this
 * item conditionally on its version, so those writes are serialised per user and the limits
 * and the "exactly one default" rule hold under any concurrency.
 */
export interface UserMeta extends Versioned {
  userId: string;
  addressCount: number;
  petCount: number;
  defaultAddressId: string | null;
}

export type Stored =
  | { entity: 'profile'; value: Profile }
  | { entity: 'meta'; value: UserMeta }
  | { entity: 'address'; value: Address }
  | { entity: 'pet'; value: Pet }
  | { entity: 'record'; value: PetRecord };

export type StoredEntity = Stored['entity'];

/** Key of an item under the user's partition: `id` is the addressId or petId. */
export interface ItemRef {
  entity: 'address' | 'pet';
  userId: string;
  id: string;
}

/**
 * One write of a unit of work. Every write is conditional:
 * - create: the item must not exist;
 * - replace: the item must exist at `expectedVersion` (the value carries the next version);
 * - delete: the item must exist at `expectedVersion`;
 * - check: the item must exist at `expectedVersion` (nothing is written).
 */
export type Write =
  | ({ op: 'create' } & Stored)
  | ({ op: 'replace'; expectedVersion: number } & Stored)
  | { op: 'delete'; ref: ItemRef; expectedVersion: number }
  | { op: 'check'; ref: ItemRef; expectedVersion: number };

export interface PageRequest {
  limit: number;
  cursor?: string | undefined;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** The cursor is not one this query handed out. */
export class InvalidCursor extends Error {
  constructor() {
    super('invalid cursor');
    this.name = 'InvalidCursor';
  }
}

/** Named queries and the one write operation the domain uses. */
export interface UsersStore {
  getProfile(userId: string): Promise<Profile | null>;
  getMeta(userId: string): Promise<UserMeta | null>;
  getAddress(userId: string, addressId: string): Promise<Address | null>;
  listAddresses(userId: string, page: PageRequest): Promise<Page<Address>>;
  /** Every address of the user (at most MAX_ADDRESSES), oldest first. */
  allAddresses(userId: string): Promise<Address[]>;
  getPet(userId: string, petId: string): Promise<Pet | null>;
  listPets(userId: string, page: PageRequest): Promise<Page<Pet>>;
  /** Records of a pet, newest first, optionally of one kind. */
  listPetRecords(
    userId: string,
    petId: string,
    page: PageRequest & { kind?: RecordKind | undefined },
  ): Promise<Page<PetRecord>>;
  /** Writes all items and the events' outbox items in one transaction, or nothing (WriteConflict). */
  commit(writes: Write[], events: EventEnvelope[]): Promise<void>;
  /** Removes the records of a pet that no longer exists, in batches. Returns how many. */
  deletePetRecords(userId: string, petId: string): Promise<number>;
}

/** Where pet photos live: presigned URLs only, the API never carries image bytes (keys, types and limits: pet-photos.ts). */
export type PhotoStorage = PresignedStorage;

export interface UsersPorts {
  store: UsersStore;
  photos: PhotoStorage;
  /** The clock, injectable for tests. */
  now?: () => Date;
}

import type { EventEnvelope } from '#shared/events/catalog.ts';
import { tableDefinition } from '#shared/table/definition.ts';
import { addressKey } from '#shared/table/addresses.ts';
import { petKey } from '#shared/table/pets.ts';
import { profileKey } from '#shared/table/user-profile.ts';
import { ADDRESS_PREFIX, PET_PREFIX, userPartition } from '#shared/table/user-partition.ts';
import { decodeCursor, defineEntity, encodeCursor, queryBinding, type TableKey } from '#shared/table/entity.ts';
import type { NamedQuery, PrefixQueryOptions } from '#shared/table/named-queries.ts';
import { commitWithEvents, committing, TransactionRaceError, tx, type TransactItem } from '#shared/table/transact.ts';
import {
  InvalidCursor,
  type Address,
  type ItemRef,
  type Page,
  type PageRequest,
  type Pet,
  type PetRecord,
  type Profile,
  type RecordKind,
  type Stored,
  type UserMeta,
  type UsersStore,
  type Write,
} from './model.ts';

/**
 * The users domain's items on the single table (shared/table/entity.ts). Everything of a user
 * lives in one partition, so every access pattern is a GetItem or a Query on the table's own keys:
 *
 *   pk USER#<userId>  sk PROFILE                     profile
 *   pk USER#<userId>  sk META                        counters + default address id
 *   pk USER#<userId>  sk ADDRESS#<addressId>         address
 *   pk USER#<userId>  sk PET#<petId>                 pet
 *   pk USER#<userId>  sk RECORD#<petId>#<recordId>   pet record (ULID: newest last, read descending)
 *
 * See ACCESS-PATTERNS.md.
 */

// ---------------------------------------------------------------- keys

/** Sort-key prefixes of the kinds listed in a user's partition (the partition's format: shared/table/user-partition.ts). */
const SORT_KEY_PREFIX = {
  address: ADDRESS_PREFIX,
  pet: PET_PREFIX,
  records: ({ petId }: { petId: string }) => `RECORD#${petId}#`,
} as const;

// ---------------------------------------------------------------- item ⇄ domain

/**
 * How each field of a domain type is stored, derived from its type: a nullable field is an
 * absent attribute when null (DynamoDB items here hold no NULLs), an optional one is absent when
 * undefined. The field lists below must name every field, so a new field cannot be forgotten.
 */
type FieldKinds<T> = {
  [K in keyof T]-?: null extends T[K] ? 'nullable' : undefined extends T[K] ? 'optional' : 'value';
};

/** What an item holds on the table: the domain fields, nulls left out. */
type StoredItem<T> = { [K in keyof T]?: Exclude<T[K], null> };

function toStored<T extends object>(fields: FieldKinds<T>, value: T): StoredItem<T> {
  const item: Record<string, unknown> = {};
  for (const field of Object.keys(fields)) {
    const content = (value as Record<string, unknown>)[field];
    if (content !== null && content !== undefined) item[field] = content;
  }
  return item as StoredItem<T>;
}

/** Only the declared fields are read: attributes the domain does not know stay on the table. */
function fromStored<T extends object>(fields: FieldKinds<T>, item: StoredItem<T>): T {
  const value: Record<string, unknown> = {};
  for (const [field, kind] of Object.entries(fields) as [string, string][]) {
    const content = (item as Record<string, unknown>)[field];
    if (kind === 'nullable') value[field] = content ?? null;
    else if (kind === 'value' || content !== undefined) value[field] = content;
  }
  return value as T;
}

const versioned = { version: 'value', createdAt: 'value', updatedAt: 'value' } as const;

const PROFILE_FIELDS: FieldKinds<Profile> = {
  userId: 'value',
  name: 'value',
  email: 'nullable',
  phone: 'nullable',
  locale: 'value',
  sourceEventId: 'value',
  ...versioned,
};

const META_FIELDS: FieldKinds<UserMeta> = {
  userId: 'value',
  addressCount: 'value',
  petCount: 'value',
  defaultAddressId: 'nullable',
  ...versioned,
};

const ADDRESS_FIELDS: FieldKinds<Address> = {
  userId: 'value',
  addressId: 'value',
  label: 'value',
  recipientName: 'value',
  phone: 'value',
  line1: 'value',
  line2: 'nullable',
  city: 'value',
  province: 'value',
  postalCode: 'value',
  lat: 'value',
  lon: 'value',
  isDefault: 'value',
  ...versioned,
};

const PET_FIELDS: FieldKinds<Pet> = {
  userId: 'value',
  petId: 'value',
  name: 'value',
  species: 'value',
  breed: 'nullable',
  sex: 'value',
  birthDate: 'nullable',
  weightKg: 'nullable',
  weightDate: 'nullable',
  notes: 'nullable',
  photoKey: 'nullable',
  ...versioned,
};

const RECORD_FIELDS: FieldKinds<PetRecord> = {
  userId: 'value',
  petId: 'value',
  recordId: 'value',
  kind: 'value',
  date: 'value',
  vaccine: 'optional',
  nextDueDate: 'optional',
  title: 'optional',
  vetName: 'optional',
  weightKg: 'optional',
  notes: 'optional',
  ...versioned,
};

// ---------------------------------------------------------------- entities

const profiles = defineEntity<StoredItem<Profile>, { userId: string }>({
  type: 'profile',
  version: 1,
  // The shared key: vendors (verified contact) and booking (chosen name) read it (shared/table/user-profile.ts).
  key: ({ userId }) => profileKey(userId),
});

const metas = defineEntity<StoredItem<UserMeta>, { userId: string }>({
  type: 'userMeta',
  version: 1,
  key: ({ userId }) => ({ pk: userPartition({ userId }), sk: 'META' }),
});

const addresses = defineEntity<StoredItem<Address>, { userId: string; addressId: string }>({
  type: 'address',
  version: 1,
  // The shared key: shipping reads addresses through it (shared/table/addresses.ts).
  key: ({ userId, addressId }) => addressKey(userId, addressId),
}).withQueries({ ofUser: { partition: userPartition, beginsWith: SORT_KEY_PREFIX.address } });

const pets = defineEntity<StoredItem<Pet>, { userId: string; petId: string }>({
  type: 'pet',
  version: 1,
  // The shared key: booking reads pets through it (shared/table/pets.ts).
  key: ({ userId, petId }) => petKey(userId, petId),
}).withQueries({ ofUser: { partition: userPartition, beginsWith: SORT_KEY_PREFIX.pet } });

const records = defineEntity<StoredItem<PetRecord>, { userId: string; petId: string; recordId: string }>({
  type: 'petRecord',
  version: 1,
  key: ({ userId, petId, recordId }) => ({
    pk: userPartition({ userId }),
    sk: `${SORT_KEY_PREFIX.records({ petId })}${recordId}`,
  }),
}).withQueries({ ofPet: { partition: userPartition, beginsWith: SORT_KEY_PREFIX.records } });

// ---------------------------------------------------------------- pages and cursors

const { partitionKey, sortKey } = tableDefinition;

/** What a listing reads: the partition and the sort-key prefix of its items (a cursor must point inside it). */
interface Listed {
  partition: string;
  prefix: string;
}

/** What the listing's cursors are bound to: the query `page` makes (partition, prefix, order). */
function bindingOf(listed: Listed, newestFirst: boolean): string {
  return queryBinding(listed.partition, { beginsWith: listed.prefix, newestFirst });
}

/** A cursor is the table key of the last item of the previous page, sealed for this listing. */
function cursorOf(key: TableKey, binding: string): string {
  return encodeCursor({ [partitionKey]: key.pk, [sortKey]: key.sk }, binding)!;
}

/**
 * A cursor is used only if it was sealed for this listing and holds a table key (pk and sk, nothing
 * else) in the partition being listed whose sort key is `<prefix><id>` (id non-empty, no `#`): a
 * cursor of another user, another pet, another entity or garbage is InvalidCursor (a 400), never a
 * DynamoDB error.
 */
function checkedCursor(cursor: string | undefined, { partition, prefix }: Listed, binding: string): string | undefined {
  if (cursor === undefined) return undefined;
  let key: Record<string, unknown> | undefined;
  try {
    key = decodeCursor(cursor, binding);
  } catch {
    throw new InvalidCursor();
  }
  if (!key || Object.keys(key).length !== 2 || key[partitionKey] !== partition) throw new InvalidCursor();
  const sk = key[sortKey];
  if (typeof sk !== 'string' || !sk.startsWith(prefix)) throw new InvalidCursor();
  const id = sk.slice(prefix.length);
  if (id === '' || id.includes('#')) throw new InvalidCursor();
  return cursor;
}

/**
 * A listable entity: its named query on the table (which declares its sort-key prefix) of `Params`,
 * its key (of the domain value) and its fields.
 */
interface Collection<T extends object, Params> {
  query: NamedQuery<StoredItem<T>, Params, PrefixQueryOptions>;
  key(value: T): TableKey;
  fields: FieldKinds<T>;
}

const addressCollection: Collection<Address, { userId: string }> = {
  query: addresses.query.ofUser,
  key: (address) => addresses.key(address),
  fields: ADDRESS_FIELDS,
};

const petCollection: Collection<Pet, { userId: string }> = {
  query: pets.query.ofUser,
  key: (pet) => pets.key(pet),
  fields: PET_FIELDS,
};

const recordCollection: Collection<PetRecord, { userId: string; petId: string }> = {
  query: records.query.ofPet,
  key: (record) => records.key(record),
  fields: RECORD_FIELDS,
};

/** What the collection's query reads for these params. */
function listedBy<T extends object, Params>(collection: Collection<T, Params>, params: Params): Listed {
  const { index, partition, beginsWith } = collection.query.keyCondition(params);
  // Every collection's query is on the table with a declared prefix; the cursor checks rely on both.
  if (index !== undefined || beginsWith === undefined)
    throw new Error('a listed query reads a sort-key prefix of the table');
  return { partition, prefix: beginsWith };
}

interface ListingOptions<T extends object> {
  newestFirst?: boolean;
  /** Keeps only some items; the query then reads on until the page is full. */
  keep?: (value: T) => boolean;
}

/**
 * Reads one item more than asked, so `nextCursor` (the key of the last item returned) is null
 * exactly on the last page. Each DynamoDB request reads at most limit + 1 items.
 */
async function page<T extends object, Params>(
  collection: Collection<T, Params>,
  params: Params,
  request: PageRequest,
  listing: ListingOptions<T> = {},
): Promise<Page<T>> {
  const wanted = request.limit + 1;
  const found: T[] = [];
  const newestFirst = listing.newestFirst ?? false;
  const listed = listedBy(collection, params);
  const binding = bindingOf(listed, newestFirst);
  let cursor = checkedCursor(request.cursor, listed, binding);
  do {
    const batch = await collection.query(params, { limit: wanted, cursor, newestFirst });
    for (const item of batch.items) {
      const value = fromStored(collection.fields, item);
      if (!listing.keep || listing.keep(value)) found.push(value);
    }
    cursor = batch.nextCursor ?? undefined;
  } while (found.length < wanted && cursor !== undefined);
  const items = found.slice(0, request.limit);
  const last = items[items.length - 1];
  return {
    items,
    nextCursor: found.length > request.limit && last !== undefined ? cursorOf(collection.key(last), binding) : null,
  };
}

/** The items the collection's query finds, oldest first: all of them, or about `atMost` (each request reads at most that many). */
async function list<T extends object, Params>(
  collection: Collection<T, Params>,
  params: Params,
  atMost?: number,
): Promise<T[]> {
  const values: T[] = [];
  let cursor: string | undefined;
  do {
    const batch = await collection.query(params, { cursor, ...(atMost ? { limit: atMost } : {}) });
    values.push(...batch.items.map((item) => fromStored(collection.fields, item)));
    cursor = batch.nextCursor ?? undefined;
  } while (cursor !== undefined && (atMost === undefined || values.length < atMost));
  return values;
}

// ---------------------------------------------------------------- writes

function putParams(stored: Stored, options: { mustNotExist?: boolean; expectedVersion?: number }) {
  switch (stored.entity) {
    case 'profile':
      return profiles.putParams(stored.value, toStored(PROFILE_FIELDS, stored.value), options);
    case 'meta':
      return metas.putParams(stored.value, toStored(META_FIELDS, stored.value), options);
    case 'address':
      return addresses.putParams(stored.value, toStored(ADDRESS_FIELDS, stored.value), options);
    case 'pet':
      return pets.putParams(stored.value, toStored(PET_FIELDS, stored.value), options);
    case 'record':
      return records.putParams(stored.value, toStored(RECORD_FIELDS, stored.value), options);
  }
}

/** Key and condition "exists at this version" of a referenced item. */
function versionCondition(ref: ItemRef, expectedVersion: number) {
  return ref.entity === 'pet'
    ? pets.deleteParams({ userId: ref.userId, petId: ref.id }, { expectedVersion })
    : addresses.deleteParams({ userId: ref.userId, addressId: ref.id }, { expectedVersion });
}

/** One domain write → one transaction item; every one carries its condition. */
export function transactItem(write: Write): TransactItem {
  switch (write.op) {
    case 'create':
      return tx.put(putParams(write, { mustNotExist: true }));
    case 'replace':
      return tx.put(putParams(write, { expectedVersion: write.expectedVersion }));
    case 'delete':
      return tx.delete(versionCondition(write.ref, write.expectedVersion));
    case 'check':
      // A conditional delete's parameters (table, key, condition) are exactly a ConditionCheck's.
      return tx.check(versionCondition(write.ref, write.expectedVersion));
  }
}

/** Records deleted per transaction (TransactWriteItems takes at most 100 items). */
const DELETE_BATCH = 100;
const DELETE_ATTEMPTS = 5;

/** The DynamoDB implementation of the domain's store port. */
export function dynamoUsersStore(): UsersStore {
  return {
    async getProfile(userId) {
      const item = await profiles.get({ userId });
      return item ? fromStored(PROFILE_FIELDS, item) : null;
    },

    async getMeta(userId) {
      const item = await metas.get({ userId });
      return item ? fromStored(META_FIELDS, item) : null;
    },

    async getAddress(userId, addressId) {
      const item = await addresses.get({ userId, addressId });
      return item ? fromStored(ADDRESS_FIELDS, item) : null;
    },

    listAddresses(userId, request) {
      return page(addressCollection, { userId }, request);
    },

    async allAddresses(userId) {
      return list(addressCollection, { userId });
    },

    async getPet(userId, petId) {
      const item = await pets.get({ userId, petId });
      return item ? fromStored(PET_FIELDS, item) : null;
    },

    listPets(userId, request) {
      return page(petCollection, { userId }, request);
    },

    listPetRecords(userId, petId, request: PageRequest & { kind?: RecordKind | undefined }) {
      const { kind } = request;
      return page(recordCollection, { userId, petId }, request, {
        newestFirst: true,
        ...(kind ? { keep: (record: PetRecord) => record.kind === kind } : {}),
      });
    },

    async commit(writes: Write[], events: EventEnvelope[]) {
      await committing(() => commitWithEvents(writes.map(transactItem), events));
    },

    async deletePetRecords(userId, petId) {
      let deleted = 0;
      for (;;) {
        const batch = await list(recordCollection, { userId, petId }, DELETE_BATCH);
        if (batch.length === 0) return deleted;
        const removals = batch.slice(0, DELETE_BATCH).map((record) => tx.delete(records.deleteParams(record)));
        for (let attempt = 1; ; attempt++) {
          try {
            await commitWithEvents(removals, []);
            break;
          } catch (error) {
            if (!(error instanceof TransactionRaceError) || attempt >= DELETE_ATTEMPTS) {
              throw new Error(`could not delete ${removals.length} records of pet ${petId}`, { cause: error });
            }
          }
        }
        deleted += removals.length;
      }
    },
  };
}

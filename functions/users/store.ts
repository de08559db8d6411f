import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createConversions, Entity } from 'electrodb';
import type { EventEnvelope } from '#shared/events/catalog.ts';
import { dynamo } from '#shared/table/client.ts';
import { tableDefinition, tableName } from '#shared/table/definition.ts';
import { commitWithEvents, ConditionFailedError, tx, type TransactItem } from '#shared/table/transact.ts';
import {
  InvalidCursor,
  WriteConflict,
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
import { PET_SEX, RECORD_KINDS, SPECIES } from './schemas.ts';

/**
 * The users domain's entities on the single table (ElectroDB). Everything of a user lives in
 * one partition, so every access pattern is a GetItem or a Query on the table's own keys:
 *
 *   pk USER#<userId>  sk PROFILE                     profile
 *   pk USER#<userId>  sk META                        counters + default address id
 *   pk USER#<userId>  sk ADDRESS#<addressId>         address
 *   pk USER#<userId>  sk PET#<petId>                 pet
 *   pk USER#<userId>  sk RECORD#<petId>#<recordId>   pet record (ULID: newest last, read descending)
 *
 * See ACCESS-PATTERNS.md.
 */

const SERVICE = 'users';
const { partitionKey, sortKey } = tableDefinition;

const userPk = { field: partitionKey, composite: ['userId'], template: 'USER#${userId}', casing: 'none' } as const;
const fixedSk = (template: string) => ({ field: sortKey, composite: [], template, casing: 'none' }) as const;

const versioned = {
  version: { type: 'number', required: true },
  createdAt: { type: 'string', required: true },
  updatedAt: { type: 'string', required: true },
} as const;

function defineEntities(client: DynamoDBDocumentClient, table: string) {
  const config = { client, table };
  return {
    profile: new Entity({
      model: { entity: 'profile', version: '1', service: SERVICE },
      attributes: {
        userId: { type: 'string', required: true },
        name: { type: 'string', required: true },
        email: { type: 'string' },
        phone: { type: 'string' },
        locale: { type: ['id', 'en'] as const, required: true },
        sourceEventId: { type: 'string', required: true },
        ...versioned,
      },
      indexes: { byUser: { pk: userPk, sk: fixedSk('PROFILE') } },
    }, config),

    meta: new Entity({
      model: { entity: 'userMeta', version: '1', service: SERVICE },
      attributes: {
        userId: { type: 'string', required: true },
        addressCount: { type: 'number', required: true },
        petCount: { type: 'number', required: true },
        defaultAddressId: { type: 'string' },
        ...versioned,
      },
      indexes: { byUser: { pk: userPk, sk: fixedSk('META') } },
    }, config),

    address: new Entity({
      model: { entity: 'address', version: '1', service: SERVICE },
      attributes: {
        userId: { type: 'string', required: true },
        addressId: { type: 'string', required: true },
        label: { type: 'string', required: true },
        recipientName: { type: 'string', required: true },
        phone: { type: 'string', required: true },
        line1: { type: 'string', required: true },
        line2: { type: 'string' },
        city: { type: 'string', required: true },
        province: { type: 'string', required: true },
        postalCode: { type: 'string', required: true },
        lat: { type: 'number', required: true },
        lon: { type: 'number', required: true },
        isDefault: { type: 'boolean', required: true },
        ...versioned,
      },
      indexes: {
        byUser: {
          pk: userPk,
          sk: { field: sortKey, composite: ['addressId'], template: 'ADDRESS#${addressId}', casing: 'none' },
        },
      },
    }, config),

    pet: new Entity({
      model: { entity: 'pet', version: '1', service: SERVICE },
      attributes: {
        userId: { type: 'string', required: true },
        petId: { type: 'string', required: true },
        name: { type: 'string', required: true },
        species: { type: SPECIES, required: true },
        breed: { type: 'string' },
        sex: { type: PET_SEX, required: true },
        birthDate: { type: 'string' },
        weightKg: { type: 'number' },
        weightDate: { type: 'string' },
        notes: { type: 'string' },
        photoKey: { type: 'string' },
        ...versioned,
      },
      indexes: {
        byUser: {
          pk: userPk,
          sk: { field: sortKey, composite: ['petId'], template: 'PET#${petId}', casing: 'none' },
        },
      },
    }, config),

    record: new Entity({
      model: { entity: 'petRecord', version: '1', service: SERVICE },
      attributes: {
        userId: { type: 'string', required: true },
        petId: { type: 'string', required: true },
        recordId: { type: 'string', required: true },
        kind: { type: RECORD_KINDS, required: true },
        date: { type: 'string', required: true },
        vaccine: { type: 'string' },
        nextDueDate: { type: 'string' },
        title: { type: 'string' },
        vetName: { type: 'string' },
        weightKg: { type: 'number' },
        notes: { type: 'string' },
        ...versioned,
      },
      indexes: {
        byPet: {
          pk: userPk,
          sk: { field: sortKey, composite: ['petId', 'recordId'], template: 'RECORD#${petId}#${recordId}', casing: 'none' },
        },
      },
    }, config),
  };
}

type Entities = ReturnType<typeof defineEntities>;
let entities: Entities | undefined;

/** Created at first use, so importing this module needs no environment (the table name comes from env). */
function db(): Entities {
  entities ??= defineEntities(dynamo(), tableName());
  return entities;
}

// ---------------------------------------------------------------- item ⇄ domain

/** DynamoDB items have no nulls here: a null field is an absent attribute. */
function withoutNulls<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], null> } {
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) if (field !== null && field !== undefined) out[key] = field;
  return out as { [K in keyof T]: Exclude<T[K], null> };
}

type Item<E extends keyof Entities> = NonNullable<Awaited<ReturnType<ReturnType<Entities[E]['get']>['go']>>['data']>;

function toProfile(item: Item<'profile'>): Profile {
  return { ...item, email: item.email ?? null, phone: item.phone ?? null };
}

function toMeta(item: Item<'meta'>): UserMeta {
  return { ...item, defaultAddressId: item.defaultAddressId ?? null };
}

function toAddress(item: Item<'address'>): Address {
  return { ...item, line2: item.line2 ?? null };
}

function toPet(item: Item<'pet'>): Pet {
  return {
    ...item,
    breed: item.breed ?? null,
    birthDate: item.birthDate ?? null,
    weightKg: item.weightKg ?? null,
    weightDate: item.weightDate ?? null,
    notes: item.notes ?? null,
    photoKey: item.photoKey ?? null,
  };
}

function toRecord(item: Item<'record'>): PetRecord {
  return withoutNulls(item) as PetRecord;
}

// ---------------------------------------------------------------- cursors

type Keys = Record<string, string>;

function decodeCursorKeys(cursor: string): Keys {
  let keys: unknown;
  try {
    keys = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursor();
  }
  if (!keys || typeof keys !== 'object' || Array.isArray(keys)) throw new InvalidCursor();
  const entries = Object.entries(keys);
  if (entries.length !== 2 || entries.some(([, value]) => typeof value !== 'string')) throw new InvalidCursor();
  if (!Object.hasOwn(keys, partitionKey) || !Object.hasOwn(keys, sortKey)) throw new InvalidCursor();
  return keys as Keys;
}

/**
 * A cursor is accepted only if it is the table key of an item of this entity inside the
 * partition (and pet) being listed: anything else is a 400, never a DynamoDB error.
 */
function checkedCursor(entity: Entities[keyof Entities], cursor: string | undefined, expected: Record<string, string>): string | undefined {
  if (cursor === undefined) return undefined;
  const keys = decodeCursorKeys(cursor);
  const conversions = createConversions(entity as Entities['record']);
  let composite: Record<string, unknown>;
  try {
    composite = conversions.fromKeys.toComposite(keys as never) as Record<string, unknown>;
    const rebuilt = conversions.fromComposite.toKeys(composite as never) as Keys;
    if (rebuilt[partitionKey] !== keys[partitionKey] || rebuilt[sortKey] !== keys[sortKey]) throw new InvalidCursor();
  } catch {
    throw new InvalidCursor();
  }
  for (const [name, value] of Object.entries(expected)) if (composite[name] !== value) throw new InvalidCursor();
  return cursor;
}

/** Reads one item more than asked: the cursor points at the last item returned, or is null at the end. */
async function page<I, T>(
  entity: Entities[keyof Entities],
  run: (options: { count: number; limit: number; pages: 'all'; cursor: string | null; consistent: boolean }) => Promise<{ data: I[] }>,
  request: PageRequest,
  expected: Record<string, string>,
  map: (item: I) => T,
): Promise<Page<T>> {
  const cursor = checkedCursor(entity, request.cursor, expected) ?? null;
  // limit caps what each DynamoDB request reads; count keeps requesting until enough items passed the filter.
  const { data } = await run({ count: request.limit + 1, limit: request.limit + 1, pages: 'all', cursor, consistent: true });
  const items = data.slice(0, request.limit);
  const last = items[items.length - 1];
  const nextCursor = data.length > request.limit && last !== undefined
    ? createConversions(entity as Entities['record']).fromComposite.toCursor(last as never)
    : null;
  return { items: items.map(map), nextCursor };
}

// ---------------------------------------------------------------- writes

function refKey(ref: ItemRef) {
  return ref.entity === 'pet'
    ? db().pet.delete({ userId: ref.userId, petId: ref.id })
    : db().address.delete({ userId: ref.userId, addressId: ref.id });
}

function putOperation(stored: Stored) {
  const e = db();
  switch (stored.entity) {
    case 'profile': return { entity: e.profile, item: withoutNulls(stored.value) };
    case 'meta': return { entity: e.meta, item: withoutNulls(stored.value) };
    case 'address': return { entity: e.address, item: withoutNulls(stored.value) };
    case 'pet': return { entity: e.pet, item: withoutNulls(stored.value) };
    case 'record': return { entity: e.record, item: withoutNulls(stored.value) };
  }
}

/** One domain write → one transaction item; every one carries its condition. */
export function transactItem(write: Write): TransactItem {
  switch (write.op) {
    case 'create': {
      const { entity, item } = putOperation(write);
      return tx.put((entity as Entities['profile']).create(item as never).params());
    }
    case 'replace': {
      const { entity, item } = putOperation(write);
      return tx.put(
        (entity as Entities['profile'])
          .put(item as never)
          .where(({ version }, { eq }) => eq(version, write.expectedVersion))
          .params(),
      );
    }
    case 'delete':
      return tx.delete(refKey(write.ref).where(({ version }, { eq }) => eq(version, write.expectedVersion)).params());
    case 'check':
      // A conditional delete's parameters (Key, condition) are exactly a ConditionCheck's.
      return tx.check(refKey(write.ref).where(({ version }, { eq }) => eq(version, write.expectedVersion)).params());
  }
}

function isTransactionConflict(error: unknown): boolean {
  return error instanceof TransactionCanceledException
    && (error.CancellationReasons ?? []).some((reason) => reason.Code === 'TransactionConflict');
}

const BATCH_ROUNDS = 5;

/** The DynamoDB implementation of the domain's store port. */
export function dynamoUsersStore(): UsersStore {
  return {
    async getProfile(userId) {
      const { data } = await db().profile.get({ userId }).go({ consistent: true });
      return data ? toProfile(data) : null;
    },

    async getMeta(userId) {
      const { data } = await db().meta.get({ userId }).go({ consistent: true });
      return data ? toMeta(data) : null;
    },

    async getAddress(userId, addressId) {
      const { data } = await db().address.get({ userId, addressId }).go({ consistent: true });
      return data ? toAddress(data) : null;
    },

    listAddresses(userId, request) {
      const { address } = db();
      return page(address, (options) => address.query.byUser({ userId }).go(options), request, { userId }, toAddress);
    },

    async allAddresses(userId) {
      const { data } = await db().address.query.byUser({ userId }).go({ pages: 'all', consistent: true });
      return data.map(toAddress);
    },

    async getPet(userId, petId) {
      const { data } = await db().pet.get({ userId, petId }).go({ consistent: true });
      return data ? toPet(data) : null;
    },

    listPets(userId, request) {
      const { pet } = db();
      return page(pet, (options) => pet.query.byUser({ userId }).go(options), request, { userId }, toPet);
    },

    listPetRecords(userId, petId, request: PageRequest & { kind?: RecordKind | undefined }) {
      const { record } = db();
      const kind = request.kind;
      return page(
        record,
        (options) => {
          const query = record.query.byPet({ userId, petId });
          const filtered = kind ? query.where(({ kind: attribute }, { eq }) => eq(attribute, kind)) : query;
          return filtered.go({ ...options, order: 'desc' });
        },
        request,
        { userId, petId },
        toRecord,
      );
    },

    async commit(writes: Write[], events: EventEnvelope[]) {
      try {
        await commitWithEvents(writes.map(transactItem), events);
      } catch (error) {
        if (error instanceof ConditionFailedError || isTransactionConflict(error)) throw new WriteConflict(String((error as Error).message));
        throw error;
      }
    },

    async deletePetRecords(userId, petId) {
      const { record } = db();
      let deleted = 0;
      for (;;) {
        const { data } = await record.query.byPet({ userId, petId }).go({ count: 100, consistent: true, attributes: ['userId', 'petId', 'recordId'] });
        if (data.length === 0) return deleted;
        let pending = data.map(({ recordId }) => ({ userId, petId, recordId }));
        for (let round = 0; pending.length > 0 && round < BATCH_ROUNDS; round++) {
          const { unprocessed } = await record.delete(pending).go();
          pending = unprocessed;
        }
        if (pending.length > 0) throw new Error(`could not delete ${pending.length} records of pet ${petId}`);
        deleted += data.length;
      }
    },
  };
}

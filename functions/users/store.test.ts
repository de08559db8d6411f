import { GetCommand, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import type { AuthContext } from '#shared/auth/access.ts';
import type { EventEnvelope } from '#shared/events/catalog.ts';
import { domainEvent } from '#shared/events/envelope.ts';
import { OUTBOX_KEY_PREFIX } from '#shared/events/outbox.ts';
import { newId } from '#shared/lib/ids.ts';
import { dynamo } from '#shared/table/client.ts';
import { tableDefinition, tableName } from '#shared/table/definition.ts';
import { decodeCursor, encodeCursor, queryBinding } from '#shared/table/entity.ts';
import { fakePhotoStorage } from './memory-store.ts';
import type { AddressInput } from './schemas.ts';
import { dynamoUsersStore } from './store.ts';
import { useLocalDynamo } from '#local/testing.ts';
import type { Caller } from '#shared/auth/caller.ts';
import { allAreas } from './all-areas.ts';

/** The DynamoDB store and the use cases on it, against DynamoDB Local: conditions, transactions, cursors. */

const store = dynamoUsersStore();
const users = allAreas({ store, photos: fakePhotoStorage });

useLocalDynamo();

function someone(): Caller {
  const auth: AuthContext = { userId: newId(), username: 'u', groups: ['customer'] };
  return { auth, correlationId: `corr-${auth.userId}` };
}

const addressInput = (label: string, extra: Partial<AddressInput> = {}): AddressInput => ({
  label,
  recipientName: 'Budi',
  phone: '+6281234567890',
  line1: 'Jl. Malioboro 5',
  city: 'Yogyakarta',
  province: 'DI Yogyakarta',
  postalCode: '55271',
  lat: -7.79,
  lon: 110.36,
  ...extra,
});

async function rawItem(pk: string, sk: string) {
  const { partitionKey, sortKey } = tableDefinition;
  const { Item } = await dynamo().send(
    new GetCommand({ TableName: tableName(), Key: { [partitionKey]: pk, [sortKey]: sk }, ConsistentRead: true }),
  );
  return Item;
}

/** Test only: every outbox item (a Scan never runs on a request path). */
async function outbox(): Promise<EventEnvelope[]> {
  const events: EventEnvelope[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await dynamo().send(
      new ScanCommand({
        TableName: tableName(),
        FilterExpression: 'begins_with(#pk, :prefix)',
        ExpressionAttributeNames: { '#pk': tableDefinition.partitionKey },
        ExpressionAttributeValues: { ':prefix': OUTBOX_KEY_PREFIX },
        ConsistentRead: true,
        ExclusiveStartKey,
      }),
    );
    events.push(...(page.Items ?? []).map((item) => item.event as EventEnvelope));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return events;
}

const eventsOf = (all: EventEnvelope[], userId: string) =>
  all.filter((event) => (event.data as { userId?: string }).userId === userId);

describe('users store on DynamoDB Local', () => {
  it('keeps the documented keys', async () => {
    const me = someone();
    const pet = await users.addPet(me, { name: 'Kopi', species: 'dog', sex: 'male' });
    const address = await users.addAddress(me, addressInput('Rumah'));
    const record = await users.addPetRecord(me, pet.petId, { kind: 'weight', date: '2026-05-01', weightKg: 12.5 });
    const pk = `USER#${me.auth.userId}`;
    expect(await rawItem(pk, `PET#${pet.petId}`)).toMatchObject({
      name: 'Kopi',
      weightKg: 12.5,
      weightDate: '2026-05-01',
      version: 2,
    });
    expect(await rawItem(pk, `ADDRESS#${address.addressId}`)).toMatchObject({ isDefault: true, version: 1 });
    expect(await rawItem(pk, `RECORD#${pet.petId}#${record.recordId}`)).toMatchObject({
      kind: 'weight',
      weightKg: 12.5,
    });
    expect(await rawItem(pk, 'META')).toMatchObject({
      petCount: 1,
      addressCount: 1,
      defaultAddressId: address.addressId,
    });
    // Nulls are absent attributes, not NULLs.
    expect(await rawItem(pk, `PET#${pet.petId}`)).not.toHaveProperty('breed');
  });

  it('creates the profile once however often user.registered arrives', async () => {
    const me = someone();
    const event = domainEvent(
      'user.registered',
      { userId: me.auth.userId, phone: '+6281211112222', name: 'Sari', locale: 'id', groups: ['customer'] },
      'c',
    );
    const outcomes = await Promise.all([
      users.createProfile(event),
      users.createProfile(event),
      users.createProfile(event),
    ]);
    expect(outcomes.sort()).toEqual(['created', 'exists', 'exists']);
    expect(await users.getMe(me)).toMatchObject({
      name: 'Sari',
      phone: '+6281211112222',
      email: null,
      roles: ['customer'],
      version: 1,
    });
  });

  it('concurrent PATCHes of a pet with the same If-Match: exactly one wins, the other is a 409', async () => {
    const me = someone();
    const pet = await users.addPet(me, { name: 'Kopi', species: 'dog', sex: 'male' });
    for (let round = 0; round < 5; round++) {
      const current = await users.getPet(me, pet.petId);
      const results = await Promise.allSettled([
        users.updatePet(me, pet.petId, { name: `A${round}` }, current.version),
        users.updatePet(me, pet.petId, { name: `B${round}` }, current.version),
      ]);
      const won = results.filter((result) => result.status === 'fulfilled');
      const lost = results.filter((result): result is PromiseRejectedResult => result.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect(lost[0]!.reason).toMatchObject({ kind: 'conflict', code: 'version-mismatch' });
      expect((await users.getPet(me, pet.petId)).version).toBe(current.version + 1);
    }
    // One pet.updated per round: the loser's event never reached the outbox.
    const updates = eventsOf(await outbox(), me.auth.userId).filter((event) => event.type === 'pet.updated');
    expect(updates).toHaveLength(5);
  });

  it('concurrent PATCHes without If-Match both land (one retries), no update is lost', async () => {
    const me = someone();
    const pet = await users.addPet(me, { name: 'Kopi', species: 'dog', sex: 'male' });
    await Promise.all([
      users.updatePet(me, pet.petId, { breed: 'Kintamani' }, undefined),
      users.updatePet(me, pet.petId, { notes: 'Suka tidur' }, undefined),
    ]);
    expect(await users.getPet(me, pet.petId)).toMatchObject({ breed: 'Kintamani', notes: 'Suka tidur', version: 3 });
  });

  it('two concurrent default-address changes leave exactly one default', async () => {
    const me = someone();
    const first = await users.addAddress(me, addressInput('Satu'));
    const second = await users.addAddress(me, addressInput('Dua'));
    const third = await users.addAddress(me, addressInput('Tiga'));
    for (let round = 0; round < 3; round++) {
      await Promise.allSettled([
        users.updateAddress(me, second.addressId, { isDefault: true }, undefined),
        users.updateAddress(me, third.addressId, { isDefault: true }, undefined),
      ]);
      const all = await store.allAddresses(me.auth.userId);
      const defaults = all.filter((address) => address.isDefault);
      expect(defaults).toHaveLength(1);
      expect((await store.getMeta(me.auth.userId))?.defaultAddressId).toBe(defaults[0]!.addressId);
      await users.updateAddress(me, first.addressId, { isDefault: true }, undefined);
    }
  });

  it('concurrent adds never exceed the address limit', async () => {
    const me = someone();
    for (let i = 0; i < 18; i++) await users.addAddress(me, addressInput(`A${i}`));
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, (_, i) => users.addAddress(me, addressInput(`B${i}`))),
    );
    const all = await store.allAddresses(me.auth.userId);
    expect(all.length).toBeLessThanOrEqual(20);
    expect(all.length).toBe(18 + results.filter((result) => result.status === 'fulfilled').length);
    expect((await store.getMeta(me.auth.userId))?.addressCount).toBe(all.length);
    expect(all.filter((address) => address.isDefault)).toHaveLength(1);
  });

  it('writes each event in the same transaction as its change, and none for a refused change', async () => {
    const me = someone();
    const pet = await users.addPet(me, { name: 'Kopi', species: 'dog', sex: 'male' });
    const record = await users.addPetRecord(me, pet.petId, { kind: 'weight', date: '2026-05-01', weightKg: 12 });
    await expect(users.updatePet(me, pet.petId, { name: 'Stale' }, 1)).rejects.toMatchObject({ kind: 'conflict' });
    await users.deletePet(me, pet.petId);

    const events = eventsOf(await outbox(), me.auth.userId);
    expect(events.map((event) => event.type).sort()).toEqual([
      'pet.added',
      'pet.record_added',
      'pet.removed',
      'pet.updated',
    ]);
    expect(events.find((event) => event.type === 'pet.record_added')?.data).toEqual({
      userId: me.auth.userId,
      petId: pet.petId,
      recordId: record.recordId,
      kind: 'weight',
    });
    expect(events.every((event) => event.correlationId === me.correlationId)).toBe(true);
  });

  it('pages pets with cursors, ending with null, and refuses foreign or garbage cursors', async () => {
    const me = someone();
    const other = someone();
    const names = ['P1', 'P2', 'P3', 'P4', 'P5'];
    for (const name of names) await users.addPet(me, { name, species: 'cat', sex: 'unknown' });
    await users.addPet(other, { name: 'Other', species: 'cat', sex: 'unknown' });

    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await users.listPets(me, { limit: 2, cursor });
      seen.push(...page.items.map((pet) => pet.name));
      cursor = page.nextCursor ?? undefined;
      pages += 1;
    } while (cursor);
    expect(seen).toEqual(names);
    expect(pages).toBe(3);

    const exact = await users.listPets(me, { limit: 5 });
    expect(exact.nextCursor).toBeNull();

    const first = await users.listPets(me, { limit: 2 });
    const foreign = await users.listPets(other, { limit: 1 });
    await users.addPet(other, { name: 'Other 2', species: 'cat', sex: 'unknown' });
    const foreignCursor = (await users.listPets(other, { limit: 1 })).nextCursor!;
    expect(foreign.items).toHaveLength(1);
    const bad = [
      'garbage',
      Buffer.from('{"pk":1}').toString('base64url'),
      Buffer.from('[]').toString('base64url'),
      foreignCursor,
    ];
    for (const cursor of bad) {
      await expect(users.listPets(me, { limit: 2, cursor })).rejects.toMatchObject({ kind: 'invalid' });
    }
    // A pets cursor is not an addresses cursor.
    await expect(users.listAddresses(me, { limit: 2, cursor: first.nextCursor! })).rejects.toMatchObject({
      kind: 'invalid',
    });

    // Well-formed keys that are not a key of this listing: extra key fields, no id, a nested id,
    // another entity's prefix, another user's partition.
    const { partitionKey: pk, sortKey: sk } = tableDefinition;
    const mine = `USER#${me.auth.userId}`;
    const crafted = [
      { [pk]: mine, [sk]: `PET#${first.items[1]!.petId}`, gsi1pk: 'x' },
      { [pk]: mine, [sk]: 'PET#' },
      { [pk]: mine, [sk]: 'PET#a#b' },
      { [pk]: mine, [sk]: 'ADDRESS#01J00000000000000000000000' },
      { [pk]: mine, [sk]: 'META' },
      { [pk]: `USER#${other.auth.userId}`, [sk]: `PET#${first.items[1]!.petId}` },
      { [pk]: mine },
    ];
    // Sealed with the platform's key for this very listing (as if the key leaked): still checked.
    const binding = queryBinding(mine, { beginsWith: 'PET#', newestFirst: false });
    for (const key of crafted) {
      const cursor = encodeCursor(key, binding)!;
      await expect(users.listPets(me, { limit: 2, cursor })).rejects.toMatchObject({ kind: 'invalid' });
    }
    // The cursor handed out is exactly the table key of the last item returned, sealed: nothing readable.
    expect(decodeCursor(first.nextCursor!, binding)).toEqual({ [pk]: mine, [sk]: `PET#${first.items[1]!.petId}` });
    expect(Buffer.from(first.nextCursor!, 'base64url').toString('latin1')).not.toContain(me.auth.userId);
  });

  it('lists records newest first, by kind, one pet at a time', async () => {
    const me = someone();
    const pet = await users.addPet(me, { name: 'Kopi', species: 'dog', sex: 'male' });
    const otherPet = await users.addPet(me, { name: 'Teh', species: 'dog', sex: 'female' });
    const ids: string[] = [];
    for (let i = 1; i <= 6; i++) {
      const input =
        i % 2 === 0
          ? { kind: 'weight' as const, date: `2026-01-0${i}`, weightKg: 10 + i }
          : { kind: 'vaccination' as const, date: `2026-01-0${i}`, vaccine: `V${i}` };
      ids.push((await users.addPetRecord(me, pet.petId, input)).recordId);
    }
    await users.addPetRecord(me, otherPet.petId, { kind: 'weight', date: '2026-01-01', weightKg: 3 });

    const all = await users.listPetRecords(me, pet.petId, { limit: 10 });
    expect(all.items.map((record) => record.recordId)).toEqual([...ids].reverse());
    expect(all.nextCursor).toBeNull();

    const weights = await users.listPetRecords(me, pet.petId, { limit: 2, kind: 'weight' });
    expect(weights.items.map((record) => record.weightKg)).toEqual([16, 14]);
    const rest = await users.listPetRecords(me, pet.petId, { limit: 2, kind: 'weight', cursor: weights.nextCursor! });
    expect(rest).toMatchObject({ items: [{ weightKg: 12 }], nextCursor: null });
    expect(await users.getPet(me, pet.petId)).toMatchObject({ weightKg: 16 });

    // A cursor of one pet's records does not page another pet's.
    await expect(
      users.listPetRecords(me, otherPet.petId, { limit: 2, cursor: weights.nextCursor! }),
    ).rejects.toMatchObject({ kind: 'invalid' });
  });

  it('pages a kind filter through stretches of other kinds', async () => {
    const me = someone();
    const pet = await users.addPet(me, { name: 'Kopi', species: 'dog', sex: 'male' });
    const oldWeight = await users.addPetRecord(me, pet.petId, { kind: 'weight', date: '2026-01-01', weightKg: 10 });
    for (let i = 0; i < 7; i++)
      await users.addPetRecord(me, pet.petId, { kind: 'vaccination', date: '2026-01-02', vaccine: `V${i}` });
    const newWeight = await users.addPetRecord(me, pet.petId, { kind: 'weight', date: '2026-01-03', weightKg: 11 });
    await users.addPetRecord(me, pet.petId, { kind: 'treatment', date: '2026-01-04', title: 'T' });

    const first = await users.listPetRecords(me, pet.petId, { limit: 1, kind: 'weight' });
    expect(first.items.map((record) => record.recordId)).toEqual([newWeight.recordId]);
    const second = await users.listPetRecords(me, pet.petId, { limit: 1, kind: 'weight', cursor: first.nextCursor! });
    expect(second).toEqual({
      items: [expect.objectContaining({ recordId: oldWeight.recordId, weightKg: 10 })],
      nextCursor: null,
    });
    expect(await users.listPetRecords(me, pet.petId, { limit: 5, kind: 'treatment' })).toMatchObject({
      items: [{ title: 'T' }],
      nextCursor: null,
    });
  });

  it('reads items with attributes it does not know (e.g. written by ElectroDB) as the domain shape', async () => {
    const me = someone();
    const pet = await users.addPet(me, { name: 'Kopi', species: 'dog', sex: 'male' });
    const pk = `USER#${me.auth.userId}`;
    const stored = await rawItem(pk, `PET#${pet.petId}`);
    expect(stored).toMatchObject({ _type: 'pet', _v: 1 });
    const { _type, _v, ...legacy } = stored!;
    await dynamo().send(
      new PutCommand({ TableName: tableName(), Item: { ...legacy, __edb_e__: 'pet', __edb_v__: '1' } }),
    );
    const read = await store.getPet(me.auth.userId, pet.petId);
    expect(read).toEqual({
      userId: me.auth.userId,
      petId: pet.petId,
      name: 'Kopi',
      species: 'dog',
      breed: null,
      sex: 'male',
      birthDate: null,
      weightKg: null,
      weightDate: null,
      notes: null,
      photoKey: null,
      version: 1,
      createdAt: pet.createdAt,
      updatedAt: pet.updatedAt,
    });
    expect((await store.listPets(me.auth.userId, { limit: 5 })).items).toEqual([read]);
    // The next write stores the item in the current shape.
    await users.updatePet(me, pet.petId, { name: 'Kopi 2' }, 1);
    expect(await rawItem(pk, `PET#${pet.petId}`)).toMatchObject({ _type: 'pet', _v: 1, name: 'Kopi 2', version: 2 });
    expect(await rawItem(pk, `PET#${pet.petId}`)).not.toHaveProperty('__edb_e__');
  });

  it('deleting a pet deletes its records in batches', async () => {
    const me = someone();
    const pet = await users.addPet(me, { name: 'Kopi', species: 'dog', sex: 'male' });
    for (let i = 0; i < 130; i++)
      await users.addPetRecord(me, pet.petId, { kind: 'treatment', date: '2026-02-01', title: `T${i}` });
    await users.deletePet(me, pet.petId);
    expect(await store.getPet(me.auth.userId, pet.petId)).toBeNull();
    expect(await store.listPetRecords(me.auth.userId, pet.petId, { limit: 100 })).toEqual({
      items: [],
      nextCursor: null,
    });
    expect((await store.getMeta(me.auth.userId))?.petCount).toBe(0);
  }, 30_000); // 130 writes first: seconds on a loaded 2-core machine
});

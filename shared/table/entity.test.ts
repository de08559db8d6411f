import { describe, expect, it } from 'vitest';
import { useLocalDynamo } from '#local/testing.ts';
import { decodeCursor, defineEntity, encodeCursor, isConditionFailure, queryBinding } from './entity.ts';
import { InvalidCursor } from '../lib/sealed-cursor.ts';
import { commitWithEvents, ConditionFailedError, tx } from './transact.ts';
import { domainEvent } from '../events/envelope.ts';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { getTogether } from './get-together.ts';

/** The entity layer against DynamoDB Local (the real engine). */
interface Note {
  ownerId: string;
  noteId: string;
  text: string;
  likes?: number;
  version: number;
}
const ownerNotes = ({ ownerId }: { ownerId: string }) => `OWNER#${ownerId}`;
const NOTE = 'NOTE#';
const notes = defineEntity<Note, { ownerId: string; noteId: string }>({
  type: 'note',
  version: 1,
  key: (key) => ({ pk: ownerNotes(key), sk: `${NOTE}${key.noteId}` }),
}).withQueries({
  ofOwner: { partition: ownerNotes, beginsWith: NOTE },
  everything: { partition: ownerNotes },
  byText: { index: 'gsi1', partition: ({ text }: { text: string }) => `TEXT#${text}`, sort: (note) => note.noteId },
  liked: {
    index: 'gsi2',
    when: (note): note is Note & { likes: number } => note.likes !== undefined,
    partition: 'LIKED_NOTES',
    sort: (note) => note.noteId,
  },
});

const db = useLocalDynamo({ tableName: 'entity-test' });

describe('defineEntity', () => {
  it('creates once, reads back without key attributes, and updates with a version check', async () => {
    await notes.put(
      { ownerId: 'o1', noteId: 'n1' },
      { ownerId: 'o1', noteId: 'n1', text: 'halo', version: 1 },
      { mustNotExist: true },
    );
    await expect(
      notes.put(
        { ownerId: 'o1', noteId: 'n1' },
        { ownerId: 'o1', noteId: 'n1', text: 'lagi', version: 1 },
        { mustNotExist: true },
      ),
    ).rejects.toSatisfy(isConditionFailure);
    expect(await notes.get({ ownerId: 'o1', noteId: 'n1' })).toEqual({
      ownerId: 'o1',
      noteId: 'n1',
      text: 'halo',
      version: 1,
    });

    const updated = await notes.update(
      { ownerId: 'o1', noteId: 'n1' },
      { text: 'halo dunia' },
      { expectedVersion: 1, add: { likes: 2 } },
    );
    expect(updated).toMatchObject({ text: 'halo dunia', likes: 2, version: 2 });
    await expect(
      notes.update({ ownerId: 'o1', noteId: 'n1' }, { text: 'basi' }, { expectedVersion: 1 }),
    ).rejects.toSatisfy(isConditionFailure);
    await expect(notes.update({ ownerId: 'o1', noteId: 'missing' }, { text: 'x' })).rejects.toSatisfy(
      isConditionFailure,
    );
  });

  it('pages a partition with opaque cursors, newest first when asked, and by index', async () => {
    for (const id of ['n2', 'n3', 'n4'])
      await notes.put({ ownerId: 'o2', noteId: id }, { ownerId: 'o2', noteId: id, text: 'sama', version: 1 });
    const first = await notes.query.ofOwner({ ownerId: 'o2' }, { limit: 2 });
    expect(first.items.map((n) => n.noteId)).toEqual(['n2', 'n3']);
    const second = await notes.query.ofOwner({ ownerId: 'o2' }, { limit: 2, cursor: first.nextCursor! });
    expect(second.items.map((n) => n.noteId)).toEqual(['n4']);
    expect((await notes.query.everything({ ownerId: 'o2' }, { newestFirst: true })).items.map((n) => n.noteId)).toEqual(
      ['n4', 'n3', 'n2'],
    );
    expect((await notes.query.byText({ text: 'sama' })).items).toHaveLength(3);
    expect(notes.query.ofOwner.keyCondition({ ownerId: 'o2' })).toEqual({ partition: 'OWNER#o2', beginsWith: NOTE });
  });

  it("writes an index pattern's keys from the item, and only for the items its `when` admits (a sparse index)", async () => {
    await notes.put({ ownerId: 'o4', noteId: 'plain' }, { ownerId: 'o4', noteId: 'plain', text: 'x', version: 1 });
    await notes.put(
      { ownerId: 'o4', noteId: 'loved' },
      { ownerId: 'o4', noteId: 'loved', text: 'x', likes: 3, version: 1 },
    );
    expect((await notes.query.liked()).items.map((n) => n.noteId)).toEqual(['loved']);
    expect(notes.query.liked.keyCondition()).toEqual({ index: 'gsi2', partition: 'LIKED_NOTES' });
  });

  it('refuses cursors it did not give out, or gave out for another listing (InvalidCursor: a 400 at the edge)', async () => {
    const binding = queryBinding('OWNER#o2', { beginsWith: 'NOTE#' });
    const sealed = encodeCursor({ pk: 'OWNER#o2', sk: 'NOTE#n3' }, binding)!;
    expect(decodeCursor(sealed, binding)).toEqual({ pk: 'OWNER#o2', sk: 'NOTE#n3' });
    // Opaque: neither the key layout nor the owner's id can be read from it.
    expect(Buffer.from(sealed, 'base64url').toString('latin1')).not.toMatch(/OWNER|NOTE|o2|"pk"/);
    const tampered = `${sealed.slice(0, -2)}${sealed.endsWith('AA') ? 'AB' : 'AA'}`;
    const plain = Buffer.from('{"pk":"OWNER#o2","sk":"NOTE#n3"}').toString('base64url');
    for (const bad of [
      'bm90LWpzb24',
      plain,
      Buffer.from('[1]').toString('base64url'),
      tampered,
      'eyJwayI6IlVTRVIjeCJ9',
    ]) {
      expect(() => decodeCursor(bad, binding)).toThrow(InvalidCursor);
    }
    // Given out for another owner's (or another kind of) listing: refused there.
    expect(() => decodeCursor(sealed, queryBinding('OWNER#o3', { beginsWith: 'NOTE#' }))).toThrow(InvalidCursor);
    expect(() => decodeCursor(sealed, queryBinding('OWNER#o2', { beginsWith: 'NOTE#', newestFirst: true }))).toThrow(
      InvalidCursor,
    );
    await expect(notes.query.ofOwner({ ownerId: 'o3' }, { cursor: sealed })).rejects.toMatchObject({
      name: 'InvalidCursor',
    });
  });

  it('writes the change and its event together, or neither', async () => {
    const event = domainEvent('pet.removed', { userId: 'o3', petId: 'p' }, 'c');
    await commitWithEvents(
      [
        tx.put(
          notes.putParams(
            { ownerId: 'o3', noteId: 'n' },
            { ownerId: 'o3', noteId: 'n', text: 't', version: 1 },
            { mustNotExist: true },
          ),
        ),
      ],
      [event],
    );
    const again = domainEvent('pet.removed', { userId: 'o3', petId: 'p' }, 'c');
    await expect(
      commitWithEvents(
        [
          tx.put(
            notes.putParams(
              { ownerId: 'o3', noteId: 'n' },
              { ownerId: 'o3', noteId: 'n', text: 't2', version: 1 },
              { mustNotExist: true },
            ),
          ),
        ],
        [again],
      ),
    ).rejects.toBeInstanceOf(ConditionFailedError);
    const { Item } = await db.client.send(
      new GetItemCommand({ TableName: 'entity-test', Key: { pk: { S: `OUTBOX#${again.id}` }, sk: { S: 'EVENT' } } }),
    );
    expect(Item).toBeUndefined();
    const { Item: first } = await db.client.send(
      new GetItemCommand({ TableName: 'entity-test', Key: { pk: { S: `OUTBOX#${event.id}` }, sk: { S: 'EVENT' } } }),
    );
    expect(first).toBeDefined();
  });
});

/**
 * What the named queries' types refuse. Never run: `npm run typecheck` fails when an expected
 * error goes away (an unused @ts-expect-error is itself an error).
 */
export function namedQueryTypeChecks(): void {
  interface Parcel {
    parcelId: string;
    customerId: string;
    start: string;
    carrier: string;
    carrierOrderId: string | null;
  }
  const parcels = defineEntity<Parcel, { parcelId: string }>({
    type: 'parcel',
    version: 1,
    key: ({ parcelId }) => ({ pk: `PARCEL#${parcelId}`, sk: 'PARCEL' }),
  }).withQueries({
    byCustomer: {
      index: 'gsi1',
      partition: ({ customerId }: { customerId: string }) => `C#${customerId}`,
      sort: (parcel) => parcel.start,
    },
    byCarrierOrder: {
      index: 'gsi2',
      when: (parcel): parcel is Parcel & { carrierOrderId: string } => parcel.carrierOrderId !== null,
      partition: ({ carrier, carrierOrderId }: { carrier: string; carrierOrderId: string }) =>
        `CO#${carrier}#${carrierOrderId}`,
      sort: () => 'PARCEL',
    },
    everything: { partition: 'ALL' },
    fromPrefix: { partition: ({ a }: { a: string }) => a, beginsWith: ({ prefix }: { prefix: string }) => prefix },
    fixedPrefix: { partition: ({ a }: { a: string }) => a, beginsWith: 'X#' },
  });
  void parcels.query.byCustomer({ customerId: 'c' }, { limit: 1, newestFirst: true, between: { from: 'a', to: 'b' } });
  void parcels.query.byCarrierOrder({ carrier: 'jne', carrierOrderId: 'y' });
  void parcels.query.everything({ before: 'x' });
  void parcels.query.fromPrefix({ a: 'x', prefix: 'y' }, { limit: 2 });
  // @ts-expect-error a query takes its own params, not another's
  void parcels.query.byCustomer({ vendorId: 'c' });
  // @ts-expect-error a pattern with a prefix takes no other sort condition
  void parcels.query.fixedPrefix({ a: 'x' }, { beginsWith: 'y' });
  // @ts-expect-error index reads are never consistent
  void parcels.query.byCustomer({ customerId: 'c' }, { consistent: true });
  // @ts-expect-error the prefix's params are required too
  void parcels.query.fromPrefix({ a: 'x' });

  defineEntity<Parcel, { parcelId: string }>({
    type: 'parcel',
    version: 1,
    key: ({ parcelId }) => ({ pk: `PARCEL#${parcelId}`, sk: 'PARCEL' }),
  }).withQueries({
    // @ts-expect-error the item has no vendorId to write the index with
    byVendor: { index: 'gsi1', partition: ({ vendorId }: { vendorId: string }) => `V#${vendorId}`, sort: () => 'S' },
  });
  defineEntity<Parcel, { parcelId: string }>({
    type: 'parcel',
    version: 1,
    key: ({ parcelId }) => ({ pk: `PARCEL#${parcelId}`, sk: 'PARCEL' }),
  }).withQueries({
    byCarrierOrder: {
      index: 'gsi2',
      // @ts-expect-error carrierOrderId may be null: only a `when` that excludes null makes this an index
      partition: ({ carrier, carrierOrderId }: { carrier: string; carrierOrderId: string }) =>
        `${carrier}${carrierOrderId}`,
      sort: () => 'PARCEL',
    },
  });
}

describe('getTogether', () => {
  interface Pin {
    ownerId: string;
    pinned: string;
  }
  const pins = defineEntity<Pin, { ownerId: string }>({
    type: 'pin',
    version: 1,
    key: (key) => ({ pk: ownerNotes(key), sk: 'PIN' }),
  });

  it("reads two entities' items of one partition in one call, each as its own entity, absent ones undefined", async () => {
    await notes.put({ ownerId: 'g1', noteId: 'a' }, { ownerId: 'g1', noteId: 'a', text: 'satu', version: 1 });
    await notes.put({ ownerId: 'g1', noteId: 'b' }, { ownerId: 'g1', noteId: 'b', text: 'dua', version: 1 });
    await pins.put({ ownerId: 'g1' }, { ownerId: 'g1', pinned: 'b' });
    expect(
      await getTogether({
        note: { entity: notes, key: { ownerId: 'g1', noteId: 'b' } },
        pin: { entity: pins, key: { ownerId: 'g1' } },
        missing: { entity: notes, key: { ownerId: 'g1', noteId: 'zzz' } },
      }),
    ).toEqual({ note: { ownerId: 'g1', noteId: 'b', text: 'dua', version: 1 }, pin: { ownerId: 'g1', pinned: 'b' } });
  });

  it('refuses keys of different partitions', async () => {
    await expect(
      getTogether({
        one: { entity: pins, key: { ownerId: 'g1' } },
        other: { entity: pins, key: { ownerId: 'g2' } },
      }),
    ).rejects.toThrow(/one partition/);
  });
});

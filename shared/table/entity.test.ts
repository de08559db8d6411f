import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalDynamo, type LocalDynamo } from '#local/testing.ts';
import { decodeCursor, defineEntity, encodeCursor, isConditionFailure, queryBinding } from './entity.ts';
import { InvalidCursor } from '../lib/sealed-cursor.ts';
import { commitWithEvents, ConditionFailedError, tx } from './transact.ts';
import { domainEvent } from '../events/envelope.ts';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';

/** The entity layer against DynamoDB Local (the real engine). */
interface Note {
  ownerId: string;
  noteId: string;
  text: string;
  likes?: number;
  version: number;
}
const notes = defineEntity<Note, { ownerId: string; noteId: string }>({
  type: 'note',
  version: 1,
  key: ({ ownerId, noteId }) => ({ pk: `OWNER#${ownerId}`, sk: `NOTE#${noteId}` }),
  indexes: { gsi1: (note) => ({ pk: `TEXT#${note.text}`, sk: note.noteId }) },
});

let db: LocalDynamo;
beforeAll(async () => {
  db = await startLocalDynamo({ tableName: 'entity-test' });
}, 90_000);
afterAll(async () => {
  await db?.stop();
});

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
    const first = await notes.query('OWNER#o2', { beginsWith: 'NOTE#', limit: 2 });
    expect(first.items.map((n) => n.noteId)).toEqual(['n2', 'n3']);
    const second = await notes.query('OWNER#o2', { beginsWith: 'NOTE#', limit: 2, cursor: first.nextCursor! });
    expect(second.items.map((n) => n.noteId)).toEqual(['n4']);
    expect((await notes.query('OWNER#o2', { newestFirst: true })).items.map((n) => n.noteId)).toEqual([
      'n4',
      'n3',
      'n2',
    ]);
    expect((await notes.query('TEXT#sama', { index: 'gsi1' })).items).toHaveLength(3);
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
    await expect(notes.query('OWNER#o3', { beginsWith: 'NOTE#', cursor: sealed })).rejects.toMatchObject({
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

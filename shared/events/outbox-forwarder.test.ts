import { describe, expect, it } from 'vitest';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { domainEvent, parseEvent } from './envelope.ts';
import { outboxEnvelope, toBusEntry } from './outbox-forwarder.ts';

const record = (eventName: 'INSERT' | 'MODIFY' | 'REMOVE', image: Record<string, unknown>) =>
  ({
    eventName,
    dynamodb: { NewImage: marshall(image, { removeUndefinedValues: true }), SequenceNumber: '1' },
  }) as unknown as DynamoDBStreamEvent['Records'][number];

describe('outbox forwarder', () => {
  const event = domainEvent('pet.added', { userId: 'u1', petId: 'p1', species: 'cat' }, 'corr-1');

  it('forwards only newly inserted outbox items', () => {
    expect(outboxEnvelope(record('INSERT', { pk: `OUTBOX#${event.id}`, sk: 'EVENT', event }))).toEqual(event);
    expect(outboxEnvelope(record('MODIFY', { pk: `OUTBOX#${event.id}`, sk: 'EVENT', event }))).toBeUndefined();
    expect(outboxEnvelope(record('INSERT', { pk: 'USER#u1', sk: 'PET#p1', name: 'Oyen' }))).toBeUndefined();
  });

  it('puts the event on the bus with its source and type', () => {
    const entry = toBusEntry(event, 'petpro-dev');
    expect(entry).toMatchObject({ EventBusName: 'petpro-dev', Source: 'petpro.users', DetailType: 'pet.added' });
    expect(parseEvent('pet.added', JSON.parse(entry.Detail!))).toEqual(event);
  });
});

describe('event catalog', () => {
  it('refuses data that breaks the schema, and unknown or mismatched types', () => {
    expect(() => domainEvent('pet.added', { userId: 'u1' } as never, 'c')).toThrow();
    const event = domainEvent('pet.removed', { userId: 'u1', petId: 'p1' }, 'c');
    expect(() => parseEvent('pet.added', event)).toThrow(/unexpected event type/);
    expect(() => parseEvent('pet.removed', { ...event, version: 9 })).toThrow(/unsupported/);
  });
});

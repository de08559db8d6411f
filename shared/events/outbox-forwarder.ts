import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { logger } from '../lib/logger.ts';
import { tableDefinition } from '../table/definition.ts';
import { EVENT_BUS_NAME_ENV, type EventEnvelope } from './catalog.ts';
import { OUTBOX_KEY_PREFIX } from './outbox.ts';

/**
 * Table stream → EventBridge. Deployed as a Lambda on the table stream (infra) and run by the
 * local platform on DynamoDB Local's stream: the same code in both places.
 */
const eventBridge = new EventBridgeClient({});

export function outboxEnvelope(record: DynamoDBStreamEvent['Records'][number]): EventEnvelope | undefined {
  if (record.eventName !== 'INSERT' || !record.dynamodb?.NewImage) return undefined;
  const image = unmarshall(record.dynamodb.NewImage as Record<string, AttributeValue>);
  const pk = image[tableDefinition.partitionKey];
  if (typeof pk !== 'string' || !pk.startsWith(OUTBOX_KEY_PREFIX)) return undefined;
  return image.event as EventEnvelope;
}

export function toBusEntry(event: EventEnvelope, busName: string): PutEventsRequestEntry {
  return {
    EventBusName: busName,
    Source: event.source,
    DetailType: event.type,
    Detail: JSON.stringify(event),
    Time: new Date(event.occurredAt),
  };
}

export const handler = async (streamEvent: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
  const busName = process.env[EVENT_BUS_NAME_ENV];
  if (!busName) throw new Error(`${EVENT_BUS_NAME_ENV} is not set`);
  const pending = streamEvent.Records.flatMap((record) => {
    const event = outboxEnvelope(record);
    return event ? [{ sequence: record.dynamodb?.SequenceNumber ?? '', event }] : [];
  });

  const failures: string[] = [];
  for (let start = 0; start < pending.length; start += 10) {
    const batch = pending.slice(start, start + 10);
    try {
      const result = await eventBridge.send(
        new PutEventsCommand({ Entries: batch.map(({ event }) => toBusEntry(event, busName)) }),
      );
      result.Entries?.forEach((entry, index) => {
        if (entry.ErrorCode) failures.push(batch[index]!.sequence);
      });
    } catch (error) {
      logger.error('PutEvents failed', { error: error as Error });
      failures.push(...batch.map(({ sequence }) => sequence));
    }
  }
  if (failures.length > 0) logger.warn('events not forwarded; the stream will retry them', { count: failures.length });
  // Lambda retries from the earliest failed record onwards, so order is kept.
  return { batchItemFailures: failures.map((itemIdentifier) => ({ itemIdentifier })) };
};

import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { logger } from '../lib/logger.ts';
import type { EventEnvelope, EventType } from './catalog.ts';
import { parseEvent } from './envelope.ts';

/** What an EventBridge rule delivers into the subscriber's SQS queue. */
export interface BusMessage {
  'id'?: string;
  'detail-type': string;
  'source': string;
  'detail': unknown;
}

/**
 * Wraps a consumer of domain events delivered rule → SQS → Lambda. Each record is parsed
 * against the catalog; failures are reported per record so SQS retries only those and moves
 * them to the DLQ after maxReceiveCount. Consumers must be idempotent: the event id is the key.
 */
export function eventSubscription<T extends EventType>(
  types: T | readonly T[],
  consume: (event: EventEnvelope<T>) => Promise<void>,
) {
  return async (sqsEvent: SQSEvent, _context?: Context): Promise<SQSBatchResponse> => {
    const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
    for (const record of sqsEvent.Records) {
      let event: EventEnvelope<T>;
      try {
        const message = JSON.parse(record.body) as BusMessage;
        event = parseEvent(types, message.detail);
      } catch (error) {
        // A malformed message will never succeed: log it and let the DLQ keep it for a human.
        logger.error('undeliverable event', { error: error as Error, messageId: record.messageId });
        batchItemFailures.push({ itemIdentifier: record.messageId });
        continue;
      }
      logger.appendKeys({ correlationId: event.correlationId, eventId: event.id, eventType: event.type });
      try {
        await consume(event);
      } catch (error) {
        logger.error('event consumer failed', { error: error as Error });
        batchItemFailures.push({ itemIdentifier: record.messageId });
      } finally {
        logger.removeKeys(['correlationId', 'eventId', 'eventType']);
      }
    }
    return { batchItemFailures };
  };
}

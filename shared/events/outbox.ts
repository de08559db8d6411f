import { tableDefinition, tableName } from '../table/definition.ts';
import { epochSeconds } from '../lib/time.ts';
import type { EventEnvelope } from './catalog.ts';

/** Outbox items live a week; the forwarder reads them from the stream within seconds. */
const OUTBOX_RETENTION_SECONDS = 7 * 24 * 3600;
export const OUTBOX_KEY_PREFIX = 'OUTBOX#';

/** The Put that records an event next to the change that caused it. */
export function outboxItem(event: EventEnvelope) {
  const { partitionKey, sortKey, timeToLiveAttribute } = tableDefinition;
  return {
    TableName: tableName(),
    Item: {
      [partitionKey]: `${OUTBOX_KEY_PREFIX}${event.id}`,
      [sortKey]: 'EVENT',
      kind: 'outbox',
      event,
      [timeToLiveAttribute]: epochSeconds() + OUTBOX_RETENTION_SECONDS,
    },
    ConditionExpression: 'attribute_not_exists(#pk)',
    ExpressionAttributeNames: { '#pk': partitionKey },
  };
}

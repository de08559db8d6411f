import { newId } from '../lib/ids.ts';
import { eventCatalog, isEventType, type EventData, type EventEnvelope, type EventType } from './catalog.ts';
import { checkEmit } from './emits.ts';

/** Builds a validated envelope; throws if the data breaks the catalog's schema. */
export function domainEvent<T extends EventType>(type: T, data: EventData<T>, correlationId: string): EventEnvelope<T> {
  checkEmit(type);
  const entry = eventCatalog[type];
  const parsed = entry.data().parse(data) as EventData<T>;
  return {
    id: newId(),
    type,
    version: entry.version,
    source: entry.source,
    occurredAt: new Date().toISOString(),
    correlationId,
    data: parsed,
  };
}

/** Parses an envelope received from the bus; consumers never trust shape blindly. */
export function parseEvent<T extends EventType>(expected: T | readonly T[], raw: unknown): EventEnvelope<T> {
  const envelope = raw as EventEnvelope;
  const allowed: readonly string[] = typeof expected === 'string' ? [expected] : expected;
  if (!envelope || typeof envelope !== 'object' || !isEventType(envelope.type) || !allowed.includes(envelope.type)) {
    throw new Error(`unexpected event type ${String((envelope as { type?: unknown })?.type)}`);
  }
  const entry = eventCatalog[envelope.type];
  if (envelope.version !== entry.version) throw new Error(`unsupported ${envelope.type} version ${envelope.version}`);
  return { ...envelope, data: entry.data().parse(envelope.data) } as EventEnvelope<T>;
}

import { ENV } from '../config/env.ts';
import * as z from 'zod';

/**
 * Every domain event, one zod schema per type and version. Publishers validate before the
 * event enters the outbox; consumers parse with the same schema.
 * Names: `<aggregate>.<past-tense verb>`; source: `petpro.<domain>`.
 */
const channel = z.enum(['email', 'sms', 'whatsapp', 'push']);

export const eventCatalog = {
  'user.registered': {
    version: 1,
    source: 'petpro.identity',
    data: z.object({
      userId: z.string(),
      email: z.string().optional(),
      phone: z.string().optional(),
      name: z.string(),
      locale: z.enum(['id', 'en']),
      groups: z.array(z.string()),
    }),
  },
  'notification.requested': {
    version: 1,
    source: 'petpro.identity',
    data: z.object({
      channel,
      to: z.string(),
      template: z.enum(['verification-code', 'sign-in-code']),
      locale: z.enum(['id', 'en']),
      params: z.record(z.string(), z.string()),
    }),
  },
  'profile.updated': {
    version: 1,
    source: 'petpro.users',
    data: z.object({ userId: z.string(), fields: z.array(z.string()) }),
  },
  'pet.added': {
    version: 1,
    source: 'petpro.users',
    data: z.object({ userId: z.string(), petId: z.string(), species: z.string() }),
  },
  'pet.updated': {
    version: 1,
    source: 'petpro.users',
    data: z.object({ userId: z.string(), petId: z.string(), fields: z.array(z.string()) }),
  },
  'pet.removed': {
    version: 1,
    source: 'petpro.users',
    data: z.object({ userId: z.string(), petId: z.string() }),
  },
  'pet.record_added': {
    version: 1,
    source: 'petpro.users',
    data: z.object({ userId: z.string(), petId: z.string(), recordId: z.string(), kind: z.string() }),
  },
} as const;

export type EventType = keyof typeof eventCatalog;
export type EventData<T extends EventType> = z.infer<(typeof eventCatalog)[T]['data']>;

export interface EventEnvelope<T extends EventType = EventType> {
  id: string;
  type: T;
  version: number;
  source: string;
  occurredAt: string;
  correlationId: string;
  data: EventData<T>;
}

export function isEventType(value: string): value is EventType {
  return Object.hasOwn(eventCatalog, value);
}

/** The name of the event bus every event goes on, set by CDK and by the local platform. */
export const EVENT_BUS_NAME_ENV = ENV.eventBusName;

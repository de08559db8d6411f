import { Entity } from 'electrodb';
import { dynamo } from '#shared/table/client.ts';
import { tableDefinition, tableName } from '#shared/table/definition.ts';
import { commitWithEvents, ConditionFailedError, tx } from '#shared/table/transact.ts';
import type { EventEnvelope } from '#shared/events/catalog.ts';
import { epochSeconds } from '#shared/lib/time.ts';

const { partitionKey, sortKey, timeToLiveAttribute } = tableDefinition;

function createEntities() {
  const config = { table: tableName(), client: dynamo() };
  /** A pending confirmation code: one per purpose and username; a new one replaces the old. */
  const verificationCode = new Entity(
    {
      model: { entity: 'verificationCode', version: '1', service: 'identity' },
      attributes: {
        purpose: { type: ['sign-up'] as const, required: true },
        username: { type: 'string', required: true },
        codeHash: { type: 'string', required: true },
        attempts: { type: 'number', required: true, default: 0 },
        [timeToLiveAttribute]: { type: 'number', required: true },
      },
      indexes: {
        byUsername: {
          pk: { field: partitionKey, composite: ['purpose', 'username'], template: 'CODE#${purpose}#${username}', casing: 'none' },
          sk: { field: sortKey, composite: [], template: 'CODE', casing: 'none' },
        },
      },
    },
    config,
  );
  /** The Cognito session of a passwordless sign-in between /otp/start and /otp/verify. */
  const otpSession = new Entity(
    {
      model: { entity: 'otpSession', version: '1', service: 'identity' },
      attributes: {
        username: { type: 'string', required: true },
        session: { type: 'string', required: true },
        [timeToLiveAttribute]: { type: 'number', required: true },
      },
      indexes: {
        byUsername: {
          pk: { field: partitionKey, composite: ['username'], template: 'OTP#${username}', casing: 'none' },
          sk: { field: sortKey, composite: [], template: 'SESSION', casing: 'none' },
        },
      },
    },
    config,
  );
  return { verificationCode, otpSession };
}

let entities: ReturnType<typeof createEntities> | undefined;
const table = () => (entities ??= createEntities());

export interface StoredCode {
  codeHash: string;
  attempts: number;
}

/** Named queries of the identity domain. */
export const identityStore = {
  /** Saves (or replaces) the code and queues its delivery in one transaction. */
  async saveCode(username: string, codeHash: string, ttlSeconds: number, events: EventEnvelope[]): Promise<void> {
    const item = { purpose: 'sign-up' as const, username, codeHash, attempts: 0, [timeToLiveAttribute]: epochSeconds() + ttlSeconds };
    await commitWithEvents([tx.put(table().verificationCode.put(item).params())], events);
  },

  /** The live code, or undefined when there is none or it expired (TTL deletion is lazy). */
  async findCode(username: string): Promise<StoredCode | undefined> {
    const { data } = await table().verificationCode.get({ purpose: 'sign-up', username }).go({ consistent: true });
    if (!data || (data[timeToLiveAttribute] as number) <= epochSeconds()) return undefined;
    return { codeHash: data.codeHash, attempts: data.attempts };
  },

  /** Counts a wrong try; false when the limit was already reached (or the code is gone). */
  async countFailedAttempt(username: string, maxAttempts: number): Promise<boolean> {
    try {
      await table()
        .verificationCode.patch({ purpose: 'sign-up', username })
        .add({ attempts: 1 })
        .where(({ attempts }, { lt }) => lt(attempts, maxAttempts))
        .go();
      return true;
    } catch {
      return false;
    }
  },

  /**
   * Uses the code up and records the events, only if that very code is still there: two
   * concurrent confirmations emit the events once. Returns false when another one won.
   */
  async consumeCode(username: string, codeHash: string, events: EventEnvelope[]): Promise<boolean> {
    const remove = table()
      .verificationCode.delete({ purpose: 'sign-up', username })
      .where(({ codeHash: stored }, { eq }) => eq(stored, codeHash))
      .params();
    try {
      await commitWithEvents([tx.delete(remove)], events);
      return true;
    } catch (error) {
      if (error instanceof ConditionFailedError) return false;
      throw error;
    }
  },

  async saveOtpSession(username: string, session: string, ttlSeconds: number): Promise<void> {
    await table().otpSession.put({ username, session, [timeToLiveAttribute]: epochSeconds() + ttlSeconds }).go();
  },

  async findOtpSession(username: string): Promise<string | undefined> {
    const { data } = await table().otpSession.get({ username }).go({ consistent: true });
    if (!data || (data[timeToLiveAttribute] as number) <= epochSeconds()) return undefined;
    return data.session;
  },

  async deleteOtpSession(username: string): Promise<void> {
    await table().otpSession.delete({ username }).go();
  },

  /** Events alone (e.g. a code sent from a Cognito trigger). */
  async publish(events: EventEnvelope[]): Promise<void> {
    await commitWithEvents([], events);
  },
};

export type IdentityStore = typeof identityStore;

import { defineEntity, isConditionFailure } from '#shared/table/entity.ts';
import { commitWithEvents, ConditionFailedError, tx } from '#shared/table/transact.ts';
import type { EventEnvelope } from '#shared/events/catalog.ts';
import { epochSeconds } from '#shared/lib/time.ts';
import type { tableDefinition } from '#shared/table/definition.ts';

/** `expiresAt` is the table's TTL attribute: DynamoDB deletes lazily, so reads check it too. */
const _ttlAttribute: typeof tableDefinition.timeToLiveAttribute = 'expiresAt';
interface VerificationCode {
  username: string;
  codeHash: string;
  attempts: number;
  /** When it was sent (epoch seconds). */
  sentAt?: number;
  expiresAt: number;
  version?: number;
}

interface OtpSession {
  username: string;
  session: string;
  /** When the code was sent (epoch seconds); kept across wrong answers. */
  startedAt: number;
  expiresAt: number;
}

export interface StoredOtpSession {
  session: string;
  startedAt: number;
}

/** A pending sign-up confirmation code: one per username; a new one replaces the old. */
const verificationCodes = defineEntity<VerificationCode, { username: string }>({
  type: 'verificationCode',
  version: 1,
  key: ({ username }) => ({ pk: `CODE#sign-up#${username}`, sk: 'CODE' }),
});

/** The Cognito session of a passwordless sign-in between /otp/start and /otp/verify. */
const otpSessions = defineEntity<OtpSession, { username: string }>({
  type: 'otpSession',
  version: 1,
  key: ({ username }) => ({ pk: `OTP#${username}`, sk: 'SESSION' }),
});

export interface StoredCode {
  codeHash: string;
  attempts: number;
  sentAt: number;
}

const live = <T extends { expiresAt: number }>(item: T | undefined) =>
  item && item.expiresAt > epochSeconds() ? item : undefined;

/** Named queries of the identity domain. */
export const identityStore = {
  /** Saves (or replaces) the code and queues its delivery in one transaction. */
  async saveCode(username: string, codeHash: string, ttlSeconds: number, events: EventEnvelope[]): Promise<void> {
    const now = epochSeconds();
    const item = { username, codeHash, attempts: 0, sentAt: now, expiresAt: now + ttlSeconds };
    await commitWithEvents([tx.put(verificationCodes.putParams({ username }, item))], events);
  },

  /** The live code, or undefined when there is none or it expired. */
  async findCode(username: string): Promise<StoredCode | undefined> {
    const code = live(await verificationCodes.get({ username }));
    return code && { codeHash: code.codeHash, attempts: code.attempts, sentAt: code.sentAt ?? 0 };
  },

  /** Counts a wrong try; false when the limit was already reached (or the code is gone). */
  async countFailedAttempt(username: string, maxAttempts: number): Promise<boolean> {
    try {
      await verificationCodes.update(
        { username },
        {},
        { add: { attempts: 1 }, condition: { expression: 'attempts < :max', values: { ':max': maxAttempts } } },
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  },

  /**
   * Uses the code up and records the events, only if that very code is still there: two
   * concurrent confirmations emit the events once. Returns false when another one won.
   */
  async consumeCode(username: string, codeHash: string, events: EventEnvelope[]): Promise<boolean> {
    const remove = verificationCodes.deleteParams(
      { username },
      { condition: { expression: 'codeHash = :hash', values: { ':hash': codeHash } } },
    );
    try {
      await commitWithEvents([tx.delete(remove)], events);
      return true;
    } catch (error) {
      if (error instanceof ConditionFailedError) return false;
      throw error;
    }
  },

  async saveOtpSession(username: string, { session, startedAt }: StoredOtpSession, ttlSeconds: number): Promise<void> {
    await otpSessions.put({ username }, { username, session, startedAt, expiresAt: startedAt + ttlSeconds });
  },

  async findOtpSession(username: string): Promise<StoredOtpSession | undefined> {
    const found = live(await otpSessions.get({ username }));
    return found && { session: found.session, startedAt: found.startedAt ?? 0 };
  },

  async deleteOtpSession(username: string): Promise<void> {
    await otpSessions.delete({ username });
  },

  /** Events alone (e.g. a code sent from a Cognito trigger). */
  async publish(events: EventEnvelope[]): Promise<void> {
    await commitWithEvents([], events);
  },
};

export type IdentityStore = typeof identityStore;

import { authorize } from '#shared/auth/access.ts';
import type { Caller } from '#shared/auth/caller.ts';
import type { EventEnvelope, EventType } from '#shared/events/catalog.ts';
import { domainEvent } from '#shared/events/envelope.ts';
import { logger } from '#shared/lib/logger.ts';
import { refuse } from '#shared/lib/refusal.ts';
import type { MessageKey } from '#shared/lib/messages.ts';
import type { ConflictRetry } from '#shared/lib/retry-on-conflict.ts';
import { etag, parseIfMatch } from '#shared/http/versioning.ts';

export { etag, parseIfMatch };
import {
  InvalidCursor,
  type Address,
  type Page,
  type Pet,
  type UserMeta,
  type UsersPorts,
  type Write,
} from './model.ts';

/**
 * The users domain: profiles, addresses, pets, pet photos and pet records. Rules live here;
 * persistence and S3 come in through the ports (model.ts). No AWS imports.
 *
 * Here the rules every area shares: retries, versions and changed fields, pages, the user's meta
 * item (counters, default address), links, and the caller's own pet. The use cases live by area,
 * each built on these rules: profile.ts, addresses.ts, pets.ts, pet-photos.ts and pet-records.ts.
 * A handler bundles only its area (decision 0005).
 *
 * Concurrency: every change is read → decide → one conditional unit of work (store.commit).
 * A lost race surfaces as WriteConflict; the use case then reads again and decides again.
 */

export const PHOTO_URL_TTL_SECONDS = 60 * 60;

/** PATCHes retry once after a lost race; collection changes (counters, default) a little more. */
const lostRace = (attempt: number) => logger.info('lost a write race; reading again', { attempt });
export const PATCH_RETRY: ConflictRetry = {
  attempts: 2,
  exhausted: () => refuse.conflict('conflict'),
  onRetry: lostRace,
};
export const COLLECTION_RETRY: ConflictRetry = { ...PATCH_RETRY, attempts: 3 };

// ---------------------------------------------------------------- views (what replies carry)

/** Where a client goes next from a resource (HAL-style `_links`). */
export type Links = Record<string, { href: string }>;

const link = (href: string) => ({ href });
export const links = {
  profile: (): Links => ({ self: link('/v1/me'), pets: link('/v1/me/pets'), addresses: link('/v1/me/addresses') }),
  address: (addressId: string): Links => ({ self: link(`/v1/me/addresses/${addressId}`) }),
  pet: (petId: string): Links => ({
    self: link(`/v1/me/pets/${petId}`),
    records: link(`/v1/me/pets/${petId}/records`),
    photo: link(`/v1/me/pets/${petId}/photo`),
  }),
  record: (petId: string): Links => ({
    pet: link(`/v1/me/pets/${petId}`),
    records: link(`/v1/me/pets/${petId}/records`),
  }),
};

// ---------------------------------------------------------------- helpers

export function checkVersion(expected: number | undefined, current: number): void {
  if (expected !== undefined && expected !== current)
    throw refuse.conflict('version-mismatch', { currentVersion: current });
}

export async function paged<T, V>(load: () => Promise<Page<T>>, view: (item: T) => V | Promise<V>): Promise<Page<V>> {
  let page: Page<T>;
  try {
    page = await load();
  } catch (error) {
    if (error instanceof InvalidCursor) {
      throw refuse.invalid('validation', [{ path: 'query.cursor', message: 'not a cursor this list handed out' }]);
    }
    throw error;
  }
  return { items: await Promise.all(page.items.map(view)), nextCursor: page.nextCursor };
}

/** Only the keys whose value differs from the current one (undefined = not given). */
export function changedFields<T extends object>(current: T, patch: Partial<T>): Partial<T> {
  const changes: Partial<T> = {};
  for (const key of Object.keys(patch) as (keyof T)[]) {
    const value = patch[key];
    if (value !== undefined && value !== current[key]) changes[key] = value;
  }
  return changes;
}

export function bump<T extends { version: number; updatedAt: string }>(
  current: T,
  changes: Partial<T>,
  now: string,
): T {
  return { ...current, ...changes, version: current.version + 1, updatedAt: now };
}

/** The write that moves the user's meta item from `meta` (null: none yet) to its next state. */
export function metaWrite(userId: string, meta: UserMeta | null, changes: Partial<UserMeta>, now: string): Write {
  if (!meta) {
    const value: UserMeta = {
      userId,
      addressCount: 0,
      petCount: 0,
      defaultAddressId: null,
      ...changes,
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
    return { op: 'create', entity: 'meta', value };
  }
  return { op: 'replace', entity: 'meta', value: bump(meta, changes, now), expectedVersion: meta.version };
}

/** The meta item's counters of the collections with a per-user limit (addresses, pets). */
type Counter = 'addressCount' | 'petCount';

/** How many the user has of a limited collection; refused (`full`) when one more would pass `limit`. */
export function countWithRoom(meta: UserMeta | null, counter: Counter, limit: number, full: MessageKey): number {
  const count = meta?.[counter] ?? 0;
  if (count >= limit) throw refuse.unprocessable(full);
  return count;
}

/** The count of a limited collection once one of it is removed (never below zero). */
export function countAfterRemoval(meta: UserMeta | null, counter: Counter): number {
  return Math.max(0, (meta?.[counter] ?? 1) - 1);
}

/** The item if it is the caller's own: 404 when there is none. */
function own<T extends { userId: string }>(caller: Caller, item: T | null): T {
  if (!item) throw refuse.notFound();
  authorize(caller.auth, { owner: item.userId });
  return item;
}

/** What every area's use cases need: the table and a clock. */
export type RecordPorts = Pick<UsersPorts, 'store' | 'now'>;

export type UserRules = ReturnType<typeof userRules>;

export function userRules(ports: RecordPorts) {
  const { store } = ports;
  const now = () => ports.now?.() ?? new Date();
  const nowIso = () => now().toISOString();
  const event = <T extends EventType>(type: T, data: EventEnvelope<T>['data'], caller: Caller) =>
    domainEvent(type, data, caller.correlationId);

  const ownedPet = async (caller: Caller, petId: string): Promise<Pet> =>
    own(caller, await store.getPet(caller.auth.userId, petId));
  const ownedAddress = async (caller: Caller, addressId: string): Promise<Address> =>
    own(caller, await store.getAddress(caller.auth.userId, addressId));

  return { store, now, nowIso, event, ownedPet, ownedAddress };
}

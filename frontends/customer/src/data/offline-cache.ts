import { OfflineError, type KeyValueStore } from '@petpro/api-client';

/** A read that may have come from the device: `updatedAt` is when it was last read from the API. */
export interface Cached<T> {
  value: T;
  /** ISO time of the last successful read from the API. */
  updatedAt: string;
  /** True when the API could not be reached and this is the copy kept on the device. */
  fromCache: boolean;
}

const PREFIX = 'petpro.cache.';

/**
 * What the customer saw last, kept on the device (AsyncStorage) so their bookings and pets stay
 * readable with no network. Reads go to the API first; only when it cannot be reached (OfflineError)
 * is the kept copy answered, marked `fromCache`. Writes never go through here: offline, they fail with
 * the client's clear message rather than being queued and lost. Keys are per user; sign-out clears all.
 */
export class OfflineCache {
  readonly #store: KeyValueStore;
  readonly #now: () => Date;
  #keys = new Set<string>();

  constructor(store: KeyValueStore, now: () => Date = () => new Date()) {
    this.#store = store;
    this.#now = now;
  }

  async read<T>(key: string, fetch: () => Promise<T>): Promise<Cached<T>> {
    const storeKey = PREFIX + key;
    try {
      const value = await fetch();
      const updatedAt = this.#now().toISOString();
      this.#keys.add(storeKey);
      await this.#store.setItem(storeKey, JSON.stringify({ value, updatedAt }));
      await this.#remember(storeKey);
      return { value, updatedAt, fromCache: false };
    } catch (error) {
      if (!(error instanceof OfflineError)) throw error;
      const kept = await this.#kept<T>(storeKey);
      if (!kept) throw error;
      return { ...kept, fromCache: true };
    }
  }

  /** Forgets everything kept (sign-out: the next user of the device sees none of it). */
  async clear(): Promise<void> {
    const keys = new Set([...this.#keys, ...(await this.#index())]);
    for (const key of keys) await this.#store.removeItem(key);
    await this.#store.removeItem(PREFIX + 'index');
    this.#keys.clear();
  }

  async #kept<T>(storeKey: string): Promise<{ value: T; updatedAt: string } | undefined> {
    const text = await this.#store.getItem(storeKey);
    if (!text) return undefined;
    try {
      const parsed = JSON.parse(text) as { value: T; updatedAt: string };
      return typeof parsed.updatedAt === 'string' ? parsed : undefined;
    } catch {
      return undefined;
    }
  }

  async #index(): Promise<string[]> {
    try {
      return JSON.parse((await this.#store.getItem(PREFIX + 'index')) ?? '[]') as string[];
    } catch {
      return [];
    }
  }

  async #remember(storeKey: string): Promise<void> {
    const index = await this.#index();
    if (!index.includes(storeKey)) await this.#store.setItem(PREFIX + 'index', JSON.stringify([...index, storeKey]));
  }
}

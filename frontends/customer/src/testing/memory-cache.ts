import { OfflineCache } from '../data/offline-cache';

/** The real offline cache over a store kept in memory (the device's storage in unit tests). */
export function memoryOfflineCache(now?: () => Date): OfflineCache {
  const items = new Map<string, string>();
  const store = {
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
  };
  return now ? new OfflineCache(store, now) : new OfflineCache(store);
}

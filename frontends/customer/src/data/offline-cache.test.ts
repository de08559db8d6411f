import { OfflineError } from '@petpro/api-client';
import { describe, expect, it } from 'vitest';
import { OfflineCache } from './offline-cache';

function memoryStore() {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (key: string) => map.get(key) ?? null,
    setItem: (key: string, value: string) => void map.set(key, value),
    removeItem: (key: string) => void map.delete(key),
  };
}

describe('OfflineCache', () => {
  it('answers from the API while online and keeps the copy; offline it answers the copy, marked, with its time', async () => {
    const store = memoryStore();
    let now = new Date('2026-12-07T01:00:00Z');
    const cache = new OfflineCache(store, () => now);
    expect(await cache.read('u1.pets', async () => ['Milo'])).toEqual({
      value: ['Milo'],
      updatedAt: '2026-12-07T01:00:00.000Z',
      fromCache: false,
    });
    now = new Date('2026-12-07T02:00:00Z');
    const offline = await cache.read('u1.pets', async () => {
      throw new OfflineError('id');
    });
    expect(offline).toEqual({ value: ['Milo'], updatedAt: '2026-12-07T01:00:00.000Z', fromCache: true });
  });

  it('offline with nothing kept, and any other failure, is the error itself', async () => {
    const cache = new OfflineCache(memoryStore());
    await expect(cache.read('u1.pets', () => Promise.reject(new OfflineError('id')))).rejects.toBeInstanceOf(
      OfflineError,
    );
    await cache.read('u1.pets', async () => 1);
    await expect(cache.read('u1.pets', () => Promise.reject(new Error('500')))).rejects.toThrow('500');
  });

  it('clear forgets every kept read, also those of an earlier launch', async () => {
    const store = memoryStore();
    await new OfflineCache(store).read('u1.bookings', async () => [1]);
    const later = new OfflineCache(store);
    await later.clear();
    expect([...store.map.keys()]).toEqual([]);
    await expect(later.read('u1.bookings', () => Promise.reject(new OfflineError('id')))).rejects.toBeInstanceOf(
      OfflineError,
    );
  });
});

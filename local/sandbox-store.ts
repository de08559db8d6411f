import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { readJsonFile, writeFileAtomic } from './json-file.ts';

/**
 * A provider sandbox's records, kept in memory by id and persisted to one JSON file in the data
 * folder as `{ "<collection>": [...] }` (in the order they were first kept): read at start, written
 * whole after every change through `writeFileAtomic`, so a crash mid-write never leaves a truncated file.
 */
export interface SandboxStore<T> {
  /** By id, oldest first. */
  readonly records: Map<string, T>;
  /** Writes every record to the file. */
  save(): void;
}

export function openSandboxStore<T>(file: string, collection: string, idOf: (record: T) => string): SandboxStore<T> {
  const stored = readJsonFile<Record<string, T[] | undefined>>(file, {});
  const records = new Map<string, T>();
  for (const record of stored[collection] ?? []) records.set(idOf(record), record);
  mkdirSync(dirname(file), { recursive: true });
  return {
    records,
    save: () => writeFileAtomic(file, JSON.stringify({ [collection]: [...records.values()] }, null, 2)),
  };
}

import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';

/**
 * The local platform's state files (outbox capture, stream checkpoints, keys): written to a
 * temporary file and renamed over the old one, so a kill -9 mid-write leaves the previous file,
 * never a truncated one the next start cannot read.
 */
export function writeFileAtomic(file: string, content: string | Buffer, options: { mode?: number } = {}): void {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, content, options);
  renameSync(temporary, file);
}

/** A JSON state file, or `fallback` when there is none yet. */
export function readJsonFile<T>(file: string | undefined, fallback: T): T {
  return file && existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as T) : fallback;
}

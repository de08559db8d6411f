import type { PhotoStorage } from './model.ts';
import { s3PhotoStorage } from './photo-storage.ts';

let storage: PhotoStorage | undefined;

/** The S3 photo storage, for the handlers whose replies carry photo URLs (one per process). */
export function photos(): PhotoStorage {
  storage ??= s3PhotoStorage();
  return storage;
}

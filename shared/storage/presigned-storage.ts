import { presignObjectUrl, type PresignedRequest } from './presign.ts';

/**
 * Files in the uploads bucket through presigned URLs only (the API never carries their bytes): the
 * port a domain's use cases take, and its one adapter. The domain keeps its key layout, content types,
 * size limits and URL lifetimes; this only signs.
 */
export interface PresignedStorage {
  /** A PUT signed with its Content-Type and Content-Length, so S3 refuses any other type or size. */
  presignUpload(
    key: string,
    contentType: string,
    sizeBytes: number,
    expiresInSeconds: number,
  ): Promise<PresignedRequest>;
  presignDownload(key: string, expiresInSeconds: number): Promise<string>;
}

/**
 * Signed locally (SigV4 query auth, no S3 client, no network; shared/storage/presign.ts): bucket,
 * region, credentials and endpoint come from the environment; `bucket` overrides the bucket, for tests.
 */
export function presignedStorage(options: { bucket?: string } = {}): PresignedStorage {
  const bucket = options.bucket !== undefined ? { bucket: options.bucket } : {};
  return {
    async presignUpload(key, contentType, sizeBytes, expiresInSeconds) {
      const headers = { 'content-type': contentType, 'content-length': String(sizeBytes) };
      return presignObjectUrl({ method: 'PUT', key, expiresInSeconds, headers, ...bucket });
    },
    async presignDownload(key, expiresInSeconds) {
      return (await presignObjectUrl({ method: 'GET', key, expiresInSeconds, ...bucket })).url;
    },
  };
}

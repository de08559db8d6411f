import { presignObjectUrl } from '#shared/storage/presign.ts';
import type { PhotoStorage } from './model.ts';

/**
 * Pet photos in the uploads bucket, through presigned URLs (SigV4 query auth, signed locally:
 * no S3 client, no network). The PUT is signed with its Content-Type and Content-Length, so S3
 * refuses any other type or size. Bucket, region, credentials and endpoint come from the
 * environment (shared/storage/presign.ts); `bucket` overrides the bucket, for tests.
 */
export function s3PhotoStorage(options: { bucket?: string } = {}): PhotoStorage {
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

import { presignObjectUrl } from '#shared/storage/presign.ts';
import type { ImageStorage } from './model.ts';

/**
 * Product images in the uploads bucket through presigned URLs (signed locally, no S3 client). The
 * PUT is signed with its Content-Type and Content-Length, so S3 refuses any other type or size.
 */
export function s3ImageStorage(): ImageStorage {
  return {
    async presignUpload(key, contentType, sizeBytes, expiresInSeconds) {
      const headers = { 'content-type': contentType, 'content-length': String(sizeBytes) };
      return presignObjectUrl({ method: 'PUT', key, expiresInSeconds, headers });
    },
    async presignDownload(key, expiresInSeconds) {
      return (await presignObjectUrl({ method: 'GET', key, expiresInSeconds })).url;
    },
  };
}

import { presignObjectUrl } from '#shared/storage/presign.ts';
import type { DocumentStorage } from './model.ts';

/**
 * Licences and permits in the uploads bucket through presigned URLs. The PUT is signed with its
 * Content-Type and Content-Length, so S3 refuses any other type or size than the one checked.
 */
export function s3DocumentStorage(): DocumentStorage {
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

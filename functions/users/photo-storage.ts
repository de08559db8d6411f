import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { ENV, requireEnv } from '#shared/config/env.ts';
import type { PhotoStorage } from './model.ts';

/**
 * Pet photos in the uploads bucket, through presigned URLs. The PUT is signed with its
 * Content-Type and Content-Length, so S3 refuses any other type or size. Configuration comes
 * from the environment only (bucket, path-style for S3 stand-ins, endpoint via AWS_ENDPOINT_URL_S3).
 */
export function s3PhotoStorage(options: { client?: S3Client; bucket?: string } = {}): PhotoStorage {
  let client = options.client;
  let bucket = options.bucket;
  const s3 = () => {
    client ??= new S3Client({
      forcePathStyle: process.env[ENV.s3ForcePathStyle] === 'true',
      // Presigned PUTs must not carry a checksum the browser cannot compute (and S3 stand-ins reject).
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
    bucket ??= requireEnv(ENV.uploadsBucket);
    return { client, bucket };
  };

  return {
    async presignUpload(key, contentType, sizeBytes, expiresInSeconds) {
      const { client, bucket } = s3();
      const command = new PutObjectCommand({ Bucket: bucket, Key: key, ContentType: contentType, ContentLength: sizeBytes });
      const url = await getSignedUrl(client, command, {
        expiresIn: expiresInSeconds,
        signableHeaders: new Set(['content-type', 'content-length']),
      });
      return { url, headers: { 'content-type': contentType, 'content-length': String(sizeBytes) } };
    },

    async presignDownload(key, expiresInSeconds) {
      const { client, bucket } = s3();
      return getSignedUrl(client, new GetObjectCommand({ Bucket: bucket, Key: key }), { expiresIn: expiresInSeconds });
    },
  };
}

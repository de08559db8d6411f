import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { s3PhotoStorage } from './photo-storage.ts';

/** The presigned URLs against the local S3 stand-in (s3rver): what the client app does with them works. */

const BUCKET = 'petpro-uploads-test';
let server: S3rver;
let directory: string;
let endpoint: string;

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), 'users-s3-'));
  server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: BUCKET }] });
  const { port } = await server.run();
  endpoint = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  await server?.close();
  rmSync(directory, { recursive: true, force: true });
});

describe('S3 photo storage', () => {
  it('a presigned PUT with the signed headers uploads; the presigned GET reads it back', async () => {
    const client = new S3Client({
      endpoint, region: 'ap-southeast-3', forcePathStyle: true, requestChecksumCalculation: 'WHEN_REQUIRED',
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
    const photos = s3PhotoStorage({ client, bucket: BUCKET });
    const bytes = Buffer.from('\xff\xd8\xff\xe0 not really a jpeg', 'latin1');
    const key = 'pets/U/P/01J00000000000000000000000.jpg';

    const upload = await photos.presignUpload(key, 'image/jpeg', bytes.length, 600);
    const signed = new URL(upload.url).searchParams.get('X-Amz-SignedHeaders')?.split(';');
    expect(signed).toEqual(expect.arrayContaining(['content-type', 'content-length', 'host']));
    const put = await fetch(upload.url, { method: 'PUT', headers: upload.headers, body: bytes });
    expect(put.status).toBe(200);

    const get = await fetch(await photos.presignDownload(key, 3600));
    expect(get.status).toBe(200);
    expect(get.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await get.arrayBuffer())).toEqual(bytes);
  });
});

import { createHash, createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ENV } from '#shared/config/env.ts';
import { presignedStorage } from '#shared/storage/presigned-storage.ts';

/**
 * The presigned URLs against the local S3 stand-in (s3rver): what the client app does with them works.
 *
 * s3rver does NOT verify SigV4 signatures (its authentication middleware: "Signature version 4
 * calculation is unimplemented"). It checks only that the access key is known and that the URL
 * has not expired, so on its own it would accept a PUT with any content type or length. To prove
 * the signed headers bind the upload, the requests go through a front that checks the SigV4
 * signature of each request exactly as it arrives (an implementation of the AWS spec independent
 * of the signer: node:crypto only) and answers 403 like S3 would, before passing it on to s3rver.
 */

const BUCKET = 'petpro-uploads-test';
const CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
let server: S3rver;
let front: Server;
let directory: string;
let s3rverEndpoint: string;
const savedEnv = { ...process.env };

// ---------------------------------------------------------------- SigV4 check (query auth)

const sha256 = (data: string) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();
const rfc3986 = (value: string) =>
  encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** Whether the presigned request, as received, carries a valid signature (AWS SigV4, S3 flavour). */
function validSignature(method: string, rawUrl: string, headers: IncomingHttpHeaders): boolean {
  const [path = '', rawQuery = ''] = rawUrl.split('?');
  const query = [...new URLSearchParams(rawQuery)];
  const param = (name: string) => query.find(([key]) => key === name)?.[1] ?? '';
  const [accessKeyId, date, region, service, terminator] = param('X-Amz-Credential').split('/');
  if (accessKeyId !== CREDENTIALS.accessKeyId || terminator !== 'aws4_request' || !date || !region || !service)
    return false;
  const signedHeaders = param('X-Amz-SignedHeaders');
  const canonicalQuery = query
    .filter(([key]) => key !== 'X-Amz-Signature')
    .map(([key, value]) => `${rfc3986(key)}=${rfc3986(value)}`)
    .sort()
    .join('&');
  const canonicalHeaders = signedHeaders
    .split(';')
    .map(
      (name) =>
        `${name}:${String(headers[name] ?? '')
          .trim()
          .replace(/\s+/g, ' ')}\n`,
    )
    .join('');
  const canonicalRequest = [method, path, canonicalQuery, canonicalHeaders, signedHeaders, 'UNSIGNED-PAYLOAD'].join(
    '\n',
  );
  const scope = `${date}/${region}/${service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', param('X-Amz-Date'), scope, sha256(canonicalRequest)].join('\n');
  let key = hmac(`AWS4${CREDENTIALS.secretAccessKey}`, date);
  for (const part of [region, service, 'aws4_request']) key = hmac(key, part);
  return hmac(key, stringToSign).toString('hex') === param('X-Amz-Signature');
}

/** Checks the signature, then passes the request on to s3rver (which checks expiry and the key). */
function startFront(): Promise<string> {
  front = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    if (!validSignature(request.method ?? '', request.url ?? '', request.headers)) {
      response
        .writeHead(403, { 'content-type': 'application/xml' })
        .end('<Error><Code>SignatureDoesNotMatch</Code></Error>');
      return;
    }
    const contentType = request.headers['content-type'];
    const upstream = await fetch(`${s3rverEndpoint}${request.url}`, {
      method: request.method ?? 'GET',
      headers: contentType ? { 'content-type': contentType } : {},
      ...(body.length > 0 ? { body } : {}),
    });
    const replyType = upstream.headers.get('content-type');
    response
      .writeHead(upstream.status, replyType ? { 'content-type': replyType } : {})
      .end(Buffer.from(await upstream.arrayBuffer()));
  });
  return new Promise((resolve) =>
    front.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(front.address() as AddressInfo).port}`)),
  );
}

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), 'users-s3-'));
  server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: BUCKET }] });
  const { port } = await server.run();
  s3rverEndpoint = `http://127.0.0.1:${port}`;
  // What the Lambda environment provides; presign.ts reads it.
  Object.assign(process.env, {
    AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
    AWS_REGION: 'ap-southeast-3',
    AWS_ENDPOINT_URL_S3: await startFront(),
    [ENV.s3ForcePathStyle]: 'true',
  });
  delete process.env.AWS_SESSION_TOKEN;
});

afterAll(async () => {
  process.env = savedEnv;
  await new Promise((resolve) => front?.close(resolve));
  await server?.close();
  rmSync(directory, { recursive: true, force: true });
});

const photos = presignedStorage({ bucket: BUCKET });
const jpeg = Buffer.from('\xff\xd8\xff\xe0 not really a jpeg', 'latin1');
const keyFor = (name: string) => `pets/U/P/${name}.jpg`;

async function signedAt<T>(time: Date, sign: () => Promise<T>): Promise<T> {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(time);
  try {
    return await sign();
  } finally {
    vi.useRealTimers();
  }
}

describe('S3 photo storage', () => {
  it('a presigned PUT with the signed headers uploads; the presigned GET reads it back', async () => {
    const key = keyFor('01J00000000000000000000000');
    const upload = await photos.presignUpload(key, 'image/jpeg', jpeg.length, 600);
    expect(upload.headers).toEqual({ 'content-type': 'image/jpeg', 'content-length': String(jpeg.length) });
    const signed = new URL(upload.url).searchParams.get('X-Amz-SignedHeaders')?.split(';');
    expect(signed).toEqual(expect.arrayContaining(['content-type', 'content-length', 'host']));
    const put = await fetch(upload.url, { method: 'PUT', headers: upload.headers, body: jpeg });
    expect(put.status).toBe(200);

    const get = await fetch(await photos.presignDownload(key, 3600));
    expect(get.status).toBe(200);
    expect(get.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await get.arrayBuffer())).toEqual(jpeg);
  });

  it('refuses a PUT with another content type or another length than signed; nothing is stored', async () => {
    const key = keyFor('01J00000000000000000000001');
    const upload = await photos.presignUpload(key, 'image/jpeg', jpeg.length, 600);

    const otherType = await fetch(upload.url, {
      method: 'PUT',
      headers: { ...upload.headers, 'content-type': 'image/png' },
      body: jpeg,
    });
    expect(otherType.status).toBe(403);
    expect(await otherType.text()).toContain('SignatureDoesNotMatch');

    // fetch derives Content-Length from the body: a bigger body is a different signed header.
    const bigger = Buffer.concat([jpeg, Buffer.from('more')]);
    const otherLength = await fetch(upload.url, {
      method: 'PUT',
      headers: { 'content-type': 'image/jpeg' },
      body: bigger,
    });
    expect(otherLength.status).toBe(403);

    const get = await fetch(await photos.presignDownload(key, 3600));
    expect(get.status).toBe(404);
  });

  it('a URL is refused once it has expired (checked by s3rver itself)', async () => {
    const key = keyFor('01J00000000000000000000002');
    // Signed 11 minutes ago, valid for 10.
    const upload = await signedAt(new Date(Date.now() - 11 * 60 * 1000), () =>
      photos.presignUpload(key, 'image/jpeg', jpeg.length, 600),
    );
    const put = await fetch(upload.url, { method: 'PUT', headers: upload.headers, body: jpeg });
    expect(put.status).toBe(403);
    expect(await put.text()).toContain('Request has expired');
  });
});

import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { ENV } from '#shared/config/env.ts';
import { domainEvent } from '#shared/events/envelope.ts';
import type { HttpEvent, HttpResult } from '#shared/http/route.ts';
import { newId } from '#shared/lib/ids.ts';
import { manifest } from './manifest.ts';
import { useLocalDynamo } from '#local/testing.ts';

/** Every manifest entry has its handler; the handlers speak HTTP as the API promises (ETag, If-Match, problems). */

const DIR = import.meta.dirname;
type Handler = (event: unknown, context: Context) => Promise<unknown>;
const load = async (file: string): Promise<Handler> =>
  ((await import(pathToFileURL(join(DIR, file)).href)) as { handler: Handler }).handler;

const context = (): Context => ({
  callbackWaitsForEmptyEventLoop: false,
  functionName: 'users-test',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:ap-southeast-3:000000000000:function:users-test',
  memoryLimitInMB: '1024',
  awsRequestId: randomUUID(),
  logGroupName: '/aws/lambda/users-test',
  logStreamName: 'test',
  getRemainingTimeInMillis: () => 30_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
});

describe('manifest', () => {
  const entries = [...Object.values(manifest.routes), ...Object.values(manifest.subscriptions)];
  it.each(entries.map((entry) => [entry.handler]))('%s exists and exports handler', async (file) => {
    expect(existsSync(join(DIR, file))).toBe(true);
    expect(typeof (await load(file))).toBe('function');
  });
});

describe('handlers on DynamoDB Local', () => {
  const userId = newId();

  useLocalDynamo();
  beforeAll(async () => {
    Object.assign(process.env, {
      [ENV.uploadsBucket]: 'petpro-uploads-test',
      [ENV.s3ForcePathStyle]: 'true',
      AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:4569',
    });
  }, 90_000);

  type RouteName = keyof typeof manifest.routes;

  async function call(
    name: RouteName,
    options: {
      params?: Record<string, string>;
      query?: Record<string, string>;
      body?: unknown;
      headers?: Record<string, string>;
      as?: string;
    } = {},
  ): Promise<{ status: number; headers: Record<string, string>; body: Record<string, unknown> | undefined }> {
    const route = manifest.routes[name];
    const path = route.path.replace(/\{(\w+)\}/g, (_, key: string) => options.params?.[key] ?? '');
    const event: HttpEvent = {
      version: '2.0',
      routeKey: `${route.method} ${route.path}`,
      rawPath: path,
      rawQueryString: new URLSearchParams(options.query).toString(),
      headers: { 'content-type': 'application/json', ...options.headers },
      ...(options.query ? { queryStringParameters: options.query } : {}),
      ...(options.params ? { pathParameters: options.params } : {}),
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      isBase64Encoded: false,
      requestContext: {
        accountId: '000000000000',
        apiId: 'test',
        domainName: 'localhost',
        domainPrefix: 'localhost',
        http: { method: route.method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'vitest' },
        requestId: randomUUID(),
        routeKey: `${route.method} ${route.path}`,
        stage: '$default',
        time: '',
        timeEpoch: Date.now(),
        authorizer: {
          jwt: {
            claims: {
              'sub': options.as ?? userId,
              'username': 'tester',
              'cognito:groups': '[customer]',
              'token_use': 'access',
            },
            scopes: null,
          },
        },
      },
    };
    const result = (await (
      await load(route.handler)
    )(event, context())) as HttpResult & { headers?: Record<string, string> };
    return {
      status: result.statusCode ?? 0,
      headers: (result.headers ?? {}) as Record<string, string>,
      body: typeof result.body === 'string' && result.body.length > 0 ? JSON.parse(result.body) : undefined,
    };
  }

  it('user.registered over SQS creates the profile once; a broken message is a batch item failure', async () => {
    const handler = (await load('handlers/on-user-registered.ts')) as unknown as (
      event: SQSEvent,
      context: Context,
    ) => Promise<SQSBatchResponse>;
    const registered = domainEvent(
      'user.registered',
      { userId, email: 'rina@example.id', name: 'Rina', locale: 'en', groups: ['customer'] },
      'corr',
    );
    const message = (messageId: string, body: string) => ({
      messageId,
      receiptHandle: messageId,
      body,
      attributes: {} as SQSEvent['Records'][number]['attributes'],
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:ap-southeast-3:000000000000:users',
      awsRegion: 'ap-southeast-3',
    });
    const busMessage = JSON.stringify({
      'detail-type': 'user.registered',
      'source': 'petpro.identity',
      'detail': registered,
    });
    const result = await handler(
      { Records: [message('m1', busMessage), message('m2', busMessage), message('m3', '{"detail":{"type":"nope"}}')] },
      context(),
    );
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'm3' }]);

    const me = await call('getMe');
    expect(me).toMatchObject({
      status: 200,
      headers: { etag: '"1"' },
      body: { userId, name: 'Rina', email: 'rina@example.id', roles: ['customer'], version: 1 },
    });
  });

  it('PATCH /v1/me honours If-Match and answers problem+json on a mismatch', async () => {
    const ok = await call('updateMe', { body: { locale: 'id' }, headers: { 'if-match': '"1"' } });
    expect(ok).toMatchObject({ status: 200, headers: { etag: '"2"' }, body: { locale: 'id', version: 2 } });
    const stale = await call('updateMe', { body: { name: 'Late' }, headers: { 'if-match': '"1"' } });
    expect(stale.status).toBe(409);
    expect(stale.headers['content-type']).toBe('application/problem+json');
    expect(stale.body).toMatchObject({
      status: 409,
      type: 'https://petpro.id/problems/version-mismatch',
      currentVersion: 2,
    });
    const garbage = await call('updateMe', { body: { name: 'X' }, headers: { 'if-match': 'yesterday' } });
    expect(garbage.status).toBe(400);
  });

  it('pets: 201 with Location and ETag, 404 for anyone else, presigned photo upload, records', async () => {
    const created = await call('addPet', { body: { name: 'Mochi', species: 'cat', birthDate: '2024-02-29' } });
    expect(created).toMatchObject({
      status: 201,
      headers: { etag: '"1"' },
      body: { name: 'Mochi', sex: 'unknown', photoUrl: null, version: 1 },
    });
    const petId = String(created.body?.petId);
    expect(created.headers.location).toBe(`/v1/me/pets/${petId}`);

    expect((await call('getPet', { params: { petId }, as: newId() })).status).toBe(404);

    const upload = await call('requestPetPhotoUpload', {
      params: { petId },
      body: { contentType: 'image/jpeg', sizeBytes: 2048 },
    });
    expect(upload.status).toBe(200);
    const uploadUrl = new URL(String(upload.body?.uploadUrl));
    expect(uploadUrl.pathname).toMatch(new RegExp(`^/petpro-uploads-test/pets/${userId}/${petId}/[0-9A-Z]{26}\\.jpg$`));
    expect(uploadUrl.searchParams.get('X-Amz-Expires')).toBe('600');
    expect(uploadUrl.searchParams.get('X-Amz-SignedHeaders')?.split(';')).toEqual(
      expect.arrayContaining(['content-type', 'content-length']),
    );
    expect([...uploadUrl.searchParams.keys()].some((key) => key.toLowerCase().includes('checksum'))).toBe(false);
    expect(upload.body?.headers).toEqual({ 'content-type': 'image/jpeg', 'content-length': '2048' });

    const pet = await call('getPet', { params: { petId } });
    expect(pet).toMatchObject({ status: 200, headers: { etag: '"2"' }, body: { version: 2 } });
    expect(new URL(String(pet.body?.photoUrl)).searchParams.get('X-Amz-Expires')).toBe('3600');

    const record = await call('addPetRecord', {
      params: { petId },
      body: { kind: 'weight', date: '2026-06-01', weightKg: 4.4 },
    });
    expect(record).toMatchObject({ status: 201, body: { kind: 'weight', weightKg: 4.4, version: 1 } });
    const future = await call('addPetRecord', {
      params: { petId },
      body: { kind: 'weight', date: '2999-01-01', weightKg: 4.4 },
    });
    expect(future.status).toBe(400);
    const records = await call('listPetRecords', { params: { petId }, query: { kind: 'weight' } });
    expect(records).toMatchObject({ status: 200, body: { items: [{ weightKg: 4.4 }], nextCursor: null } });
    expect((await call('getPet', { params: { petId } })).body).toMatchObject({ weightKg: 4.4, version: 3 });

    expect((await call('listPets', { query: { cursor: 'not-a-cursor' } })).status).toBe(400);
    expect((await call('deletePet', { params: { petId } })).status).toBe(204);
    expect((await call('getPet', { params: { petId } })).status).toBe(404);
  });

  it('addresses: default moves, unsetting the default is a 422', async () => {
    const input = {
      label: 'Rumah',
      recipientName: 'Rina',
      phone: '+6281234567890',
      line1: 'Jl. Asia Afrika 8',
      city: 'Bandung',
      province: 'Jawa Barat',
      postalCode: '40111',
      lat: -6.92,
      lon: 107.6,
    };
    const home = await call('addAddress', { body: input });
    const office = await call('addAddress', { body: { ...input, label: 'Kantor', isDefault: true } });
    expect(home.body).toMatchObject({ isDefault: true, line2: null });
    expect(office.body).toMatchObject({ isDefault: true });
    const list = await call('listAddresses');
    expect((list.body?.items as { label: string; isDefault: boolean }[]).map((a) => [a.label, a.isDefault])).toEqual([
      ['Rumah', false],
      ['Kantor', true],
    ]);
    const refused = await call('updateAddress', {
      params: { addressId: String(office.body?.addressId) },
      body: { isDefault: false },
    });
    expect(refused).toMatchObject({
      status: 422,
      body: { type: 'https://petpro.id/problems/default-address-required' },
    });
    expect((await call('deleteAddress', { params: { addressId: String(office.body?.addressId) } })).status).toBe(204);
    const after = await call('listAddresses');
    expect(after.body?.items).toMatchObject([{ label: 'Rumah', isDefault: true }]);
  });
});

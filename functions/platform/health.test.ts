import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import type { HttpEvent, HttpResult } from '#shared/http/route.ts';
import { TABLE_NAME_ENV } from '#shared/table/definition.ts';
import { useLocalDynamo } from '#local/testing.ts';
import { handler } from './handlers/health.ts';
import { markReady, markStarting } from './readiness.ts';

/** GET /v1/health: 200 `ok` when ready; 503 `starting` with the step while the platform is being filled; 503 `degraded` without the table. */

const context = (): Context => ({
  callbackWaitsForEmptyEventLoop: false,
  functionName: 'platform-health',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:ap-southeast-3:000000000000:function:platform-health',
  memoryLimitInMB: '1024',
  awsRequestId: randomUUID(),
  logGroupName: '/aws/lambda/platform-health',
  logStreamName: 'test',
  getRemainingTimeInMillis: () => 30_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
});

async function health(): Promise<{ status: number; headers: Record<string, string>; body: Record<string, unknown> }> {
  const event: HttpEvent = {
    version: '2.0',
    routeKey: 'GET /v1/health',
    rawPath: '/v1/health',
    rawQueryString: '',
    headers: {},
    isBase64Encoded: false,
    requestContext: {
      accountId: '000000000000',
      apiId: 'test',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: { method: 'GET', path: '/v1/health', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'vitest' },
      requestId: randomUUID(),
      routeKey: 'GET /v1/health',
      stage: '$default',
      time: '',
      timeEpoch: Date.now(),
    },
  } as HttpEvent;
  const result = (await handler(event, context())) as HttpResult & { headers: Record<string, string>; body: string };
  return {
    status: result.statusCode ?? 0,
    headers: result.headers,
    body: JSON.parse(result.body) as Record<string, unknown>,
  };
}

describe('GET /v1/health on DynamoDB Local', () => {
  useLocalDynamo();

  it('is ready without a readiness item, says "starting" with the step while one exists, and ready again once it is gone', async () => {
    expect(await health()).toMatchObject({ status: 200, body: { status: 'ok', checks: { table: 'ok' } } });

    const since = new Date().toISOString();
    await markStarting({ step: 'demo vendors', done: 120, total: 240, since });
    const starting = await health();
    expect(starting).toMatchObject({ status: 503, headers: { 'retry-after': '5', 'cache-control': 'no-store' } });
    expect(starting.body).toEqual({
      status: 'starting',
      checks: { table: 'ok' },
      starting: { step: 'demo vendors', done: 120, total: 240, since },
    });

    await markReady();
    await markReady(); // twice is fine
    expect(await health()).toMatchObject({ status: 200, body: { status: 'ok', checks: { table: 'ok' } } });
  });

  it('is degraded when the table does not answer', async () => {
    const table = process.env[TABLE_NAME_ENV];
    try {
      process.env[TABLE_NAME_ENV] = 'no-such-table';
      expect(await health()).toMatchObject({
        status: 503,
        body: { status: 'degraded', checks: { table: 'unavailable' } },
      });
    } finally {
      process.env[TABLE_NAME_ENV] = table;
    }
  });
});

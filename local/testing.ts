import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll } from 'vitest';
import { HttpProblem, problemFor } from '#shared/http/problem.ts';
import { Refusal } from '#shared/lib/refusal.ts';
import { DEFAULT_REGION, ENV } from '#shared/config/env.ts';
import { TABLE_NAME_ENV } from '#shared/table/definition.ts';
import { ensureTable, startDynamo } from './dynamodb.ts';
import { freePort } from './ports.ts';

/**
 * DynamoDB Local (in memory, on a free port) with the platform's table, for store-level tests.
 * Sets the environment the production code reads (endpoint, region, dummy credentials, table
 * name), so call it before the first use of shared/table/client.ts in the test file.
 */
export interface LocalDynamo {
  endpoint: string;
  tableName: string;
  client: DynamoDBClient;
  stop(): Promise<void>;
}

export async function startLocalDynamo(options: { tableName?: string } = {}): Promise<LocalDynamo> {
  const dynamo = await startDynamo({ port: await freePort() });
  const tableName = options.tableName ?? 'petpro-test';
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    AWS_REGION: DEFAULT_REGION,
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    [TABLE_NAME_ENV]: tableName,
    [ENV.cursorKey]: process.env[ENV.cursorKey] ?? 'petpro-test-cursor-key',
  });
  const client = new DynamoDBClient({
    endpoint: dynamo.endpoint,
    region: DEFAULT_REGION,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    await ensureTable(dynamo.endpoint, tableName);
  } catch (error) {
    await dynamo.stop();
    throw error;
  }
  return {
    endpoint: dynamo.endpoint,
    tableName,
    client,
    async stop() {
      client.destroy();
      await dynamo.stop();
    },
  };
}

/**
 * One DynamoDB Local for the test file: started before its tests (call at the top level, before any
 * other beforeAll that needs the table) and stopped after. The fields are there once it started.
 */
export function useLocalDynamo(options: { tableName?: string } = {}): LocalDynamo {
  let started: LocalDynamo | undefined;
  beforeAll(async () => {
    started = await startLocalDynamo(options);
  }, 90_000);
  afterAll(async () => {
    await started?.stop();
  }, 30_000);
  const running = (): LocalDynamo => {
    if (!started) throw new Error('DynamoDB Local is not running yet: use it inside a test or a later beforeAll');
    return started;
  };
  return {
    get endpoint() {
      return running().endpoint;
    },
    get tableName() {
      return running().tableName;
    },
    get client() {
      return running().client;
    },
    stop: () => running().stop(),
  };
}

/**
 * The problem the API answers a use case's refusal with, through the edge's one mapper
 * (shared/http/problem.ts `problemFor`); undefined when the work succeeded. Anything else is rethrown.
 */
export async function refusalOf(work: Promise<unknown>): Promise<HttpProblem | undefined> {
  const error = await work.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (error === undefined) return undefined;
  if (error instanceof Refusal || error instanceof HttpProblem) return problemFor(error);
  throw error;
}

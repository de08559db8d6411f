import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { httpRoute } from '#shared/http/route.ts';
import { dynamo } from '#shared/table/client.ts';
import { tableDefinition, tableName } from '#shared/table/definition.ts';
import { manifest } from '../manifest.ts';

/** A key read proves the table answers (and that this function's role may read it). */
async function checkTable(): Promise<string> {
  try {
    const { partitionKey, sortKey } = tableDefinition;
    await dynamo().send(new GetCommand({ TableName: tableName(), Key: { [partitionKey]: 'HEALTH', [sortKey]: 'HEALTH' } }));
    return 'ok';
  } catch {
    return 'unavailable';
  }
}

export const handler = httpRoute(manifest.routes.health, async () => {
  const checks = { table: await checkTable() };
  const healthy = Object.values(checks).every((status) => status === 'ok');
  return { status: healthy ? 200 : 503, body: { status: healthy ? 'ok' : 'degraded', checks }, headers: { 'cache-control': 'no-store' } };
});

import * as z from 'zod';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { defineDomain } from '#shared/manifest/types.ts';
import { httpRoute, reply } from '#shared/http/route.ts';
import { dynamo } from '#shared/table/client.ts';
import { tableName } from '#shared/table/definition.ts';

/**
 * Reference: the least a table-backed route loads — the route wrapper plus the DynamoDB client —
 * and the least its first call does: one GetItem on the table. The denominator of every handler's
 * init + first call budget (bench/budgets.ts).
 */
const manifest = defineDomain({
  domain: 'reference',
  description: 'benchmark reference',
  routes: {
    read: {
      method: 'GET',
      path: '/read/{id}',
      handler: 'platform-floor.ts',
      auth: 'public',
      access: { table: 'read' },
      summary: 'read',
      request: { params: z.object({ id: z.string() }) },
      responses: { 200: { description: 'ok' } },
    },
  },
});
export const handler = httpRoute(manifest.routes.read, async ({ params }) =>
  reply.ok(
    (await dynamo().send(new GetCommand({ TableName: tableName(), Key: { pk: params.id, sk: params.id } }))).Item ?? {},
  ),
);

import * as z from 'zod';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { defineDomain } from '#shared/manifest/types.ts';
import { httpRoute, reply } from '#shared/http/route.ts';
import { dynamo } from '#shared/table/client.ts';

/** Reference: the least a table-backed route loads — the route wrapper plus the DynamoDB client. */
const manifest = defineDomain({
  domain: 'reference',
  description: 'benchmark reference',
  routes: {
    read: {
      method: 'GET', path: '/read/{id}', handler: 'platform-floor.ts', auth: 'public', access: { table: 'read' }, summary: 'read',
      request: { params: z.object({ id: z.string() }) },
      responses: { 200: { description: 'ok' } },
    },
  },
});
export const handler = httpRoute(manifest.routes.read, async ({ params }) =>
  reply.ok((await dynamo().send(new GetCommand({ TableName: 'reference', Key: { pk: params.id, sk: params.id } }))).Item ?? {}),
);

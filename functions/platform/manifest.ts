import * as z from 'zod';
import { defineDomain } from '#shared/manifest/types.ts';

/** Platform: health and the API's own documentation. */
export const manifest = defineDomain({
  domain: 'platform',
  description: 'Health check and API reference',
  routes: {
    health: {
      method: 'GET', path: '/v1/health', handler: 'handlers/health.ts', auth: 'public', access: { table: 'read' },
      summary: 'Service health with dependency checks',
      responses: {
        200: { description: 'Healthy', body: z.object({ status: z.literal('ok'), checks: z.record(z.string(), z.string()) }) },
        503: { description: 'A dependency is down' },
      },
    },
    openapi: {
      method: 'GET', path: '/v1/openapi.json', handler: 'handlers/openapi.ts', auth: 'public', access: {},
      summary: 'OpenAPI 3.1 document generated from the route schemas',
      responses: { 200: { description: 'OpenAPI document' } },
    },
    docs: {
      method: 'GET', path: '/docs', handler: 'handlers/docs.ts', auth: 'public', access: {},
      summary: 'API reference page',
      responses: { 200: { description: 'HTML page', contentType: 'text/html' } },
    },
  },
});

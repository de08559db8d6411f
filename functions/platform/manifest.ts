import * as z from 'zod';
import { defineDomain } from '#shared/manifest/types.ts';
import { problemResponse } from '#shared/http/schemas.ts';
import { DOCS_ASSETS } from './docs-page.ts';

/** Platform: health and the API's own documentation. */
export const manifest = defineDomain({
  domain: 'platform',
  description: 'Health check and API reference',
  routes: {
    health: {
      method: 'GET',
      path: '/v1/health',
      handler: 'handlers/health.ts',
      emits: [],
      auth: 'public',
      access: { table: 'read' },
      summary: 'Service health with dependency checks and readiness',
      responses: {
        200: {
          description: 'Healthy',
          body: z.object({ status: z.literal('ok'), checks: z.record(z.string(), z.string()) }),
        },
        503: {
          description:
            'Up but not ready: `starting` while it is still being filled (e.g. the local platform seeding its demo data; `Retry-After` says when to ask again), or `degraded` when a dependency is down',
          body: z.object({
            status: z.enum(['starting', 'degraded']),
            checks: z.record(z.string(), z.string()),
            starting: z
              .object({
                step: z.string(),
                done: z.number().int().optional(),
                total: z.number().int().optional(),
                since: z.string(),
              })
              .optional(),
          }),
        },
      },
    },
    openapi: {
      method: 'GET',
      path: '/v1/openapi.json',
      handler: 'handlers/openapi.ts',
      emits: [],
      auth: 'public',
      access: {},
      summary: 'OpenAPI 3.1 document generated from the route schemas',
      responses: { 200: { description: 'OpenAPI document' } },
    },
    docs: {
      method: 'GET',
      path: '/docs',
      handler: 'handlers/docs.ts',
      emits: [],
      auth: 'public',
      access: {},
      summary: 'API reference page (Swagger UI: operations by domain, search, schemas, examples)',
      responses: { 200: { description: 'HTML page', contentType: 'text/html' } },
    },
    docsAsset: {
      method: 'GET',
      path: '/docs/assets/{file}',
      handler: 'handlers/docs-asset.ts',
      emits: [],
      auth: 'public',
      access: {},
      summary: "The reference page's script and style sheet, served from the swagger-ui-dist package (no CDN)",
      request: { params: z.object({ file: z.enum(DOCS_ASSETS) }) },
      files: DOCS_ASSETS.map((file) => `swagger-ui-dist/${file}`),
      responses: {
        200: { description: 'JavaScript or CSS', contentType: 'text/plain' },
        400: problemResponse("Not one of the page's files"),
      },
    },
  },
});

import * as z from 'zod';
import { defineDomain } from '#shared/manifest/types.ts';
import { httpRoute, reply } from '#shared/http/route.ts';

/** Reference: the shared route wrapper (middy, Powertools logger, zod) and no AWS client. */
const manifest = defineDomain({
  domain: 'reference',
  description: 'benchmark reference',
  routes: {
    echo: {
      method: 'POST',
      path: '/echo',
      handler: 'http-wrapper.ts',
      auth: 'public',
      access: {},
      summary: 'echo',
      request: { body: z.strictObject({ name: z.string().min(1).max(60) }) },
      responses: { 200: { description: 'ok' } },
    },
  },
});
export const handler = httpRoute(manifest.routes.echo, async ({ body }) => reply.ok(body));

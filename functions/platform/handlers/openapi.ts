import { httpRoute, reply } from '#shared/http/route.ts';
import document from '#docs/api/openapi.json' with { type: 'json' };
import { manifest } from '../manifest.ts';

/** Generated from the manifests by `npm run openapi`; a test keeps it in step with them. */
export const handler = httpRoute(manifest.routes.openapi, async () =>
  reply.ok(document, { 'cache-control': 'public, max-age=300' }),
);

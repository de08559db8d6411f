import { httpRoute, reply } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { docsPage } from '../docs-page.ts';

export const handler = httpRoute(manifest.routes.docs, async () => reply.html(docsPage('/v1/openapi.json')));

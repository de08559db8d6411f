import { httpRoute, reply } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { indexing } from '../indexing.ts';

export const handler = httpRoute(manifest.routes.reindex, async () => reply.ok(await (await indexing()).reindex()));

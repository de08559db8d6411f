import { httpRoute, reply } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { vendors } from '../wiring.ts';

export const handler = httpRoute(manifest.routes.reviewQueue, async (request) => {
  const { status, ...pageRequest } = request.query;
  return reply.ok(await vendors().reviewQueue(status, pageRequest));
});

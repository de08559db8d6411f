import { httpRoute, reply } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { applications } from '../wiring.ts';

export const handler = httpRoute(manifest.routes.reviewQueue, async (request) => {
  const { status, ...pageRequest } = request.query;
  return reply.ok(await applications().reviewQueue(status, pageRequest));
});

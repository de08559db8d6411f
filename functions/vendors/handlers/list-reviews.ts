import { httpRoute, reply } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { reviews } from '../wiring.ts';

export const handler = httpRoute(manifest.routes.listReviews, async (request) => {
  return reply.ok(await reviews().listReviews(request.params.vendorId, request.query, request.locale));
});

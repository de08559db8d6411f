import { httpRoute, reply } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { search } from '../wiring.ts';

export const handler = httpRoute(manifest.routes.getProduct, async (request) =>
  reply.ok(await (await search()).getProduct(request.params.productId)),
);

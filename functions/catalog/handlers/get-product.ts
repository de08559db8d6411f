import { callerOf } from '#shared/auth/caller.ts';
import { httpRoute } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { products, tagged } from '../wiring.ts';

export const handler = httpRoute(manifest.routes.getProduct, async (request) =>
  tagged(await products().get(callerOf(request), request.params.vendorId, request.params.productId)),
);

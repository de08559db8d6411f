import { httpRoute } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { catalog, caller, tagged } from '../wiring.ts';

export const handler = httpRoute(manifest.routes.getProduct, async (request) =>
  tagged(await catalog().get(caller(request), request.params.vendorId, request.params.productId)));

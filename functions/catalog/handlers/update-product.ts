import { callerOf } from '#shared/auth/caller.ts';
import { httpRoute } from '#shared/http/route.ts';
import { parseIfMatch } from '#shared/http/versioning.ts';
import { manifest } from '../manifest.ts';
import { products, tagged } from '../wiring.ts';

export const handler = httpRoute(manifest.routes.updateProduct, async (request) => {
  const { vendorId, productId } = request.params;
  return tagged(
    await products().update(
      callerOf(request),
      vendorId,
      productId,
      request.body,
      parseIfMatch(request.headers['if-match']),
    ),
  );
});

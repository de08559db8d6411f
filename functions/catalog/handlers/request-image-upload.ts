import { callerOf } from '#shared/auth/caller.ts';
import { httpRoute, reply } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { productImages } from '../wiring.ts';

/** A presigned PUT for one more image; PUT the file with exactly the uploadHeaders. */
export const handler = httpRoute(manifest.routes.requestImageUpload, async (request) =>
  reply.created(
    await productImages().requestImageUpload(
      callerOf(request),
      request.params.vendorId,
      request.params.productId,
      request.body,
    ),
  ),
);

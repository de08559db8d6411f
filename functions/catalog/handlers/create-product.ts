import { callerOf } from '#shared/auth/caller.ts';
import { idempotentHttpRoute } from '#shared/http/idempotency.ts';
import { manifest } from '../manifest.ts';
import { products, tagged } from '../wiring.ts';

/** A new product (and its stock); a repeat with the same Idempotency-Key answers the first product again. */
export const handler = idempotentHttpRoute(manifest.routes.createProduct, async (request) =>
  tagged(await products().create(callerOf(request), request.params.vendorId, request.body), 201),
);

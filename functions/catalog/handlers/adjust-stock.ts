import { callerOf } from '#shared/auth/caller.ts';
import { httpRoute, reply } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { stockAdjustments } from '../wiring.ts';

export const handler = httpRoute(manifest.routes.adjustStock, async (request) =>
  reply.ok(
    await stockAdjustments().adjustStock(
      callerOf(request),
      request.params.vendorId,
      request.params.productId,
      request.body,
    ),
  ),
);

import { callerOf } from '#shared/auth/caller.ts';
import { httpRoute, reply } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { stockAdjustments } from '../wiring.ts';

export const handler = httpRoute(manifest.routes.stockHistory, async (request) => {
  const { vendorId, productId } = request.params;
  return reply.ok(
    await stockAdjustments().stockHistory(
      callerOf(request),
      vendorId,
      productId,
      request.query.limit,
      request.query.cursor,
    ),
  );
});

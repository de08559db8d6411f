import { callerOf } from '#shared/auth/caller.ts';
import { httpRoute, reply } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { checkouts } from '../wiring.ts';

export const handler = httpRoute(manifest.routes.getCheckout, async (request) => {
  const checkout = await checkouts().getCheckout(callerOf(request), request.params.checkoutId);
  return reply.ok({
    checkoutId: checkout.checkoutId,
    status: checkout.status,
    total: { amount: checkout.total, currency: 'IDR' },
    orderIds: checkout.orderIds,
    payment: checkout.payment,
    expiresAt: checkout.expiresAt,
  });
});

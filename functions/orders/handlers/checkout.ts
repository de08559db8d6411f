import { callerOf } from '#shared/auth/caller.ts';
import { idempotentHttpRoute } from '#shared/http/idempotency.ts';
import { awaitPaymentPage } from '#shared/http/payment-page.ts';
import { reply } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { toOrderView } from '../view.ts';
import { checkouts } from '../wiring.ts';

/**
 * Reserves the cart's stock (409 naming what is gone) and writes one order per vendor; the order
 * saga opens the payment page right after — the answer waits briefly for it, else the app reads
 * it from GET /v1/checkouts/{id}.
 */
export const handler = idempotentHttpRoute(manifest.routes.checkout, async (request) => {
  const { checkout, orders: created } = await checkouts().checkout(callerOf(request), request.body);
  const current = await awaitPaymentPage(checkout, () =>
    checkouts().getCheckout(callerOf(request), checkout.checkoutId),
  );
  return reply.created(
    {
      checkoutId: checkout.checkoutId,
      status: current.status,
      total: { amount: checkout.total, currency: 'IDR' },
      orders: created.map(toOrderView),
      payment: current.payment,
    },
    `/v1/checkouts/${checkout.checkoutId}`,
  );
});

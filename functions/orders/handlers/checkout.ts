import { idempotentHttpRoute } from '#shared/http/idempotency.ts';
import { reply } from '#shared/http/route.ts';
import { PAYMENT_PAGE_WAIT_MS } from '../model.ts';
import { manifest } from '../manifest.ts';
import { orderView } from '../view.ts';
import { caller, orders } from '../wiring.ts';

/**
 * Reserves the cart's stock (409 naming what is gone) and writes one order per vendor; the order
 * saga opens the payment page right after — the answer waits briefly for it, else the app reads
 * it from GET /v1/checkouts/{id}.
 */
export const handler = idempotentHttpRoute(manifest.routes.checkout, async (request) => {
  const { checkout, orders: created } = await orders().checkout(caller(request), request.body);
  let current = checkout;
  const deadline = Date.now() + PAYMENT_PAGE_WAIT_MS;
  while (!current.payment && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    current = await orders().getCheckout(caller(request), checkout.checkoutId);
  }
  return reply.created({
    checkoutId: checkout.checkoutId, status: current.status, total: { amount: checkout.total, currency: 'IDR' }, orders: created.map(orderView), payment: current.payment,
  }, `/v1/checkouts/${checkout.checkoutId}`);
});

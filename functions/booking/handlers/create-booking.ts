import { idempotentHttpRoute } from '#shared/http/idempotency.ts';
import { reply } from '#shared/http/route.ts';
import { PAYMENT_PAGE_WAIT_MS } from '../model.ts';
import { manifest } from '../manifest.ts';
import { bookingView } from '../view.ts';
import { bookings, caller } from '../wiring.ts';

/**
 * Takes the slot (409 when it is full). A prepaid booking's saga opens the payment page right
 * after; the answer waits briefly for it so the app can go straight to paying, else the app
 * finds it on GET /v1/bookings/{id}.
 */
export const handler = idempotentHttpRoute(manifest.routes.createBooking, async (request) => {
  const booked = await bookings().book(caller(request), request.body);
  let current = booked;
  const deadline = Date.now() + PAYMENT_PAGE_WAIT_MS;
  while (booked.prepay && !current.payment && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    current = (await bookings().get(caller(request), booked.bookingId)) ?? current;
  }
  const view = bookingView(current);
  return reply.created({ ...view, payment: current.payment }, `/v1/bookings/${booked.bookingId}`);
});

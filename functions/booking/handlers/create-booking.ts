import { callerOf } from '#shared/auth/caller.ts';
import { idempotentHttpRoute } from '#shared/http/idempotency.ts';
import { awaitPaymentPage } from '#shared/http/payment-page.ts';
import { reply } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { toBookingView } from '../view.ts';
import { bookings } from '../wiring.ts';

/**
 * Takes the slot (409 when it is full). A prepaid booking's saga opens the payment page right
 * after; the answer waits briefly for it so the app can go straight to paying, else the app
 * finds it on GET /v1/bookings/{id}.
 */
export const handler = idempotentHttpRoute(manifest.routes.createBooking, async (request) => {
  const booked = await bookings().book(callerOf(request), request.body);
  // Only a prepaid booking gets a payment page.
  const current = booked.prepay
    ? await awaitPaymentPage(booked, () => bookings().get(callerOf(request), booked.bookingId))
    : booked;
  const view = toBookingView(current);
  return reply.created({ ...view, payment: current.payment }, `/v1/bookings/${booked.bookingId}`);
});

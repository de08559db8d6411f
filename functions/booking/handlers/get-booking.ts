import { callerOf } from '#shared/auth/caller.ts';
import { httpRoute, reply } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { toBookingView } from '../view.ts';
import { bookings } from '../wiring.ts';

export const handler = httpRoute(manifest.routes.getBooking, async (request) =>
  reply.ok(toBookingView(await bookings().get(callerOf(request), request.params.bookingId))),
);

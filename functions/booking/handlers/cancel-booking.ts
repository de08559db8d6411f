import { callerOf } from '#shared/auth/caller.ts';
import { httpRoute, reply } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { toBookingView } from '../view.ts';
import { bookings } from '../wiring.ts';

export const handler = httpRoute(manifest.routes.cancelBooking, async (request) =>
  reply.ok(toBookingView(await bookings().cancel(callerOf(request), request.params.bookingId, request.body?.reason))),
);

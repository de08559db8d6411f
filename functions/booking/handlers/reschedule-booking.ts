import { callerOf } from '#shared/auth/caller.ts';
import { httpRoute, reply } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { toBookingView } from '../view.ts';
import { bookings } from '../wiring.ts';

export const handler = httpRoute(manifest.routes.rescheduleBooking, async (request) =>
  reply.ok(toBookingView(await bookings().reschedule(callerOf(request), request.params.bookingId, request.body.start))),
);

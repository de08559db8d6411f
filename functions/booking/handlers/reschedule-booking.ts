import { callerOf } from '#shared/auth/caller.ts';
import { httpRoute, reply } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { bookingView } from '../view.ts';
import { bookings } from '../wiring.ts';

export const handler = httpRoute(manifest.routes.rescheduleBooking, async (request) =>
  reply.ok(bookingView(await bookings().reschedule(callerOf(request), request.params.bookingId, request.body.start))),
);

import { callerOf } from '#shared/auth/caller.ts';
import { httpRoute, reply } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { bookings } from '../wiring.ts';

export const handler = httpRoute(manifest.routes.reviewBooking, async (request) =>
  reply.created(await bookings().review(callerOf(request), request.params.bookingId, request.body)),
);

import { httpRoute, reply } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { bookings, caller } from '../wiring.ts';

export const handler = httpRoute(manifest.routes.reviewBooking, async (request) =>
  reply.created(await bookings().review(caller(request), request.params.bookingId, request.body)));

import { callerOf } from '#shared/auth/caller.ts';
import { httpRoute, reply } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { toBookingView } from '../view.ts';
import { bookings } from '../wiring.ts';

export const handler = httpRoute(manifest.routes.myBookings, async (request) => {
  const page = await bookings().mine(callerOf(request), request.query.limit, request.query.cursor);
  return reply.ok({ items: page.items.map(toBookingView), nextCursor: page.nextCursor });
});

import { httpRoute, reply } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { bookingView } from '../view.ts';
import { bookings, caller } from '../wiring.ts';

export const handler = httpRoute(manifest.routes.vendorBookings, async (request) => {
  const items = await bookings().vendorCalendar(caller(request), request.params.vendorId, new Date(request.query.from), new Date(request.query.to));
  return reply.ok({ items: items.map((booking) => ({ ...bookingView(booking), customer: booking.customerContact })) });
});

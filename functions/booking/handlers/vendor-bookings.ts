import { callerOf } from '#shared/auth/caller.ts';
import { httpRoute, reply } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { toBookingView } from '../view.ts';
import { vendorDay } from '../wiring.ts';

export const handler = httpRoute(manifest.routes.vendorBookings, async (request) => {
  const items = await vendorDay().vendorCalendar(
    callerOf(request),
    request.params.vendorId,
    new Date(request.query.from),
    new Date(request.query.to),
  );
  return reply.ok({
    items: items.map((booking) => ({ ...toBookingView(booking), customer: booking.customerContact })),
  });
});

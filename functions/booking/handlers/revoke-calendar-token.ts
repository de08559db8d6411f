import { httpRoute, reply } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { bookings, caller } from '../wiring.ts';

export const handler = httpRoute(manifest.routes.revokeCalendarToken, async (request) => {
  await bookings().revokeCalendarToken(caller(request), request.params.vendorId);
  return reply.noContent();
});

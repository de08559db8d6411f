import { callerOf } from '#shared/auth/caller.ts';
import { httpRoute, reply } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { bookings } from '../wiring.ts';

export const handler = httpRoute(manifest.routes.revokeCalendarToken, async (request) => {
  await bookings().revokeCalendarToken(callerOf(request), request.params.vendorId);
  return reply.noContent();
});

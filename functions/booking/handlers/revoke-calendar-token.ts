import { callerOf } from '#shared/auth/caller.ts';
import { httpRoute, reply } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { calendars } from '../wiring.ts';

export const handler = httpRoute(manifest.routes.revokeCalendarToken, async (request) => {
  await calendars().revokeCalendarToken(callerOf(request), request.params.vendorId);
  return reply.noContent();
});

import { callerOf } from '#shared/auth/caller.ts';
import { httpRoute } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { calendars } from '../wiring.ts';

export const handler = httpRoute(manifest.routes.bookingCalendar, async (request) => ({
  status: 200,
  text: await calendars().bookingIcs(callerOf(request), request.params.bookingId),
  headers: {
    'content-type': 'text/calendar; charset=utf-8',
    'content-disposition': `attachment; filename="petpro-${request.params.bookingId}.ics"`,
  },
}));

import { httpRoute } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { calendars } from '../wiring.ts';

export const handler = httpRoute(manifest.routes.vendorCalendarFeed, async ({ params, query }) => ({
  status: 200,
  text: await calendars().vendorFeed(params.vendorId, query.token),
  headers: { 'content-type': 'text/calendar; charset=utf-8', 'cache-control': 'private, max-age=300' },
}));

import { callerOf } from '#shared/auth/caller.ts';
import { httpRoute, reply } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { schedules } from '../wiring.ts';

export const handler = httpRoute(manifest.routes.holidaySuggestions, async (request) => {
  const from = request.query.from ?? new Date().toISOString().slice(0, 10);
  const to = request.query.to ?? '2027-12-31';
  return reply.ok({
    items: await schedules().holidaySuggestions(callerOf(request), request.params.vendorId, from, to),
  });
});

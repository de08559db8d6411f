import { callerOf } from '#shared/auth/caller.ts';
import { ENV, optionalEnv } from '#shared/config/env.ts';
import { httpRoute, reply } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { calendars } from '../wiring.ts';

/** A new secret feed link (the previous one stops working); shown once. */
export const handler = httpRoute(manifest.routes.issueCalendarToken, async (request) => {
  const { vendorId } = request.params;
  const token = await calendars().issueCalendarToken(callerOf(request), vendorId);
  const base = (optionalEnv(ENV.apiBaseUrl) ?? '').replace(/\/+$/, '');
  return reply.created({ url: `${base}/v1/vendors/${vendorId}/calendar.ics?token=${token}` });
});

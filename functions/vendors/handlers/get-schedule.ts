import { callerOf } from '#shared/auth/caller.ts';
import { httpRoute } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { tagged, schedules } from '../wiring.ts';

export const handler = httpRoute(manifest.routes.getSchedule, async (request) => {
  return tagged(await schedules().getSchedule(callerOf(request), request.params.vendorId));
});

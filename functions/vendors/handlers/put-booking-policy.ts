import { callerOf } from '#shared/auth/caller.ts';
import { httpRoute } from '#shared/http/route.ts';
import { parseIfMatch } from '#shared/http/versioning.ts';
import { manifest } from '../manifest.ts';
import { tagged, schedules } from '../wiring.ts';

export const handler = httpRoute(manifest.routes.putBookingPolicy, async (request) =>
  tagged(
    await schedules().putBookingPolicy(
      callerOf(request),
      request.params.vendorId,
      request.body,
      parseIfMatch(request.headers['if-match']),
    ),
  ),
);

import { callerOf } from '#shared/auth/caller.ts';
import { httpRoute, reply } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { toBookingView } from '../view.ts';
import { vendorDay } from '../wiring.ts';

export const handler = httpRoute(manifest.routes.checkIn, async (request) =>
  reply.ok(toBookingView(await vendorDay().checkIn(callerOf(request), request.params.bookingId))),
);

import { callerOf } from '#shared/auth/caller.ts';
import { httpRoute, reply } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { toBookingView } from '../view.ts';
import { vendorDay } from '../wiring.ts';

export const handler = httpRoute(manifest.routes.noShow, async (request) =>
  reply.ok(toBookingView(await vendorDay().noShow(callerOf(request), request.params.bookingId))),
);

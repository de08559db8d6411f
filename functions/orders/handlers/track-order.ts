import { callerOf } from '#shared/auth/caller.ts';
import { httpRoute, reply } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { toTrackingView } from '../view.ts';
import { fulfilment } from '../wiring.ts';

/** The order's status and its shipment's tracking, from what shipping's events told the order (no call to shipping). */
export const handler = httpRoute(manifest.routes.trackOrder, async (request) =>
  reply.ok(toTrackingView(await fulfilment().get(callerOf(request), request.params.orderId))),
);

import { callerOf } from '#shared/auth/caller.ts';
import { httpRoute, reply } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { toOrderView } from '../view.ts';
import { fulfilment } from '../wiring.ts';

/** The vendor asks for the courier: 202 with the order; shipping books it and the order follows its events. */
export const handler = httpRoute(manifest.routes.shipOrder, async (request) =>
  reply.accepted(toOrderView(await fulfilment().requestShipping(callerOf(request), request.params.orderId))),
);

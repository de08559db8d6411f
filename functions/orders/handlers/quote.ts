import { callerOf } from '#shared/auth/caller.ts';
import { httpRoute, reply } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { checkouts } from '../wiring.ts';

/** Prices the cart with each shop's shipping from the rate offer shipping published (409 rates-needed without one). */
export const handler = httpRoute(manifest.routes.quote, async (request) =>
  reply.ok(await checkouts().quote(callerOf(request), request.body)),
);

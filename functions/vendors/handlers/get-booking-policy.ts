import { httpRoute } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { caller, tagged, vendors } from '../wiring.ts';

export const handler = httpRoute(manifest.routes.getBookingPolicy, async (request) => tagged(await vendors().getBookingPolicy(caller(request), request.params.vendorId)));

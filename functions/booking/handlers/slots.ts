import { httpRoute, reply } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { listings } from '../wiring.ts';

export const handler = httpRoute(manifest.routes.slots, async ({ params, query }) =>
  reply.ok({
    items: await listings().slots(params.vendorId, params.serviceId, new Date(query.from), new Date(query.to)),
  }),
);

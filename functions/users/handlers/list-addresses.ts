import { callerOf } from '#shared/auth/caller.ts';
import { httpRoute, reply } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { addresses } from '../wiring.ts';

export const handler = httpRoute(manifest.routes.listAddresses, async (request) =>
  reply.ok(await addresses().listAddresses(callerOf(request), request.query)),
);

import { callerOf } from '#shared/auth/caller.ts';
import { httpRoute, reply } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { petRecords } from '../wiring.ts';

export const handler = httpRoute(manifest.routes.listPetRecords, async (request) =>
  reply.ok(await petRecords().listPetRecords(callerOf(request), request.params.petId, request.query)),
);

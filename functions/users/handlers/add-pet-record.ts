import { callerOf } from '#shared/auth/caller.ts';
import { idempotentHttpRoute } from '#shared/http/idempotency.ts';
import { manifest } from '../manifest.ts';
import { createdTagged, petRecords } from '../wiring.ts';

export const handler = idempotentHttpRoute(manifest.routes.addPetRecord, async (request) =>
  createdTagged(await petRecords().addPetRecord(callerOf(request), request.params.petId, request.body)),
);

import { callerOf } from '#shared/auth/caller.ts';
import { idempotentHttpRoute } from '#shared/http/idempotency.ts';
import { manifest } from '../manifest.ts';
import { createdTagged, users } from '../wiring.ts';

export const handler = idempotentHttpRoute(manifest.routes.addPetRecord, async (request) =>
  createdTagged(await users().addPetRecord(callerOf(request), request.params.petId, request.body)),
);

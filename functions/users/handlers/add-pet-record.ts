import { idempotentHttpRoute } from '#shared/http/idempotency.ts';
import { manifest } from '../manifest.ts';
import { caller, createdTagged, users } from '../wiring.ts';

export const handler = idempotentHttpRoute(manifest.routes.addPetRecord, async (request) =>
  createdTagged(await users().addPetRecord(caller(request), request.params.petId, request.body)));

import { httpRoute } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { caller, createdTagged, users } from '../wiring.ts';

export const handler = httpRoute(manifest.routes.addPetRecord, async (request) =>
  createdTagged(await users().addPetRecord(caller(request), request.params.petId, request.body)));

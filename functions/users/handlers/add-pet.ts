import { callerOf } from '#shared/auth/caller.ts';
import { idempotentHttpRoute } from '#shared/http/idempotency.ts';
import { manifest } from '../manifest.ts';
import { createdTagged, pets } from '../wiring.ts';

export const handler = idempotentHttpRoute(manifest.routes.addPet, async (request) => {
  const pet = await pets().addPet(callerOf(request), request.body);
  return createdTagged(pet, `/v1/me/pets/${pet.petId}`);
});

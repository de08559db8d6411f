import { httpRoute, reply } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { identityDeps } from '../deps.ts';
import { resendConfirmation } from '../identity.ts';

export const handler = httpRoute(manifest.routes.resendConfirmation, async ({ body, correlationId }) => {
  await resendConfirmation(identityDeps(correlationId), body.username);
  return reply.accepted();
});

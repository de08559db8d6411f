import { httpRoute, reply } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { identityDeps } from '../deps.ts';
import { confirmSignUp } from '../identity.ts';

export const handler = httpRoute(manifest.routes.confirm, async ({ body, correlationId }) => {
  await confirmSignUp(identityDeps(correlationId), body);
  return reply.noContent();
});

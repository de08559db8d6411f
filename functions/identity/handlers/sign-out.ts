import { httpRoute, reply } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { identityDeps } from '../deps.ts';
import { signOut } from '../identity.ts';

export const handler = httpRoute(manifest.routes.signOut, async ({ body, correlationId }) => {
  await signOut(identityDeps(correlationId), body.refreshToken);
  return reply.noContent();
});

import { httpRoute, reply } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { identityProvider } from '../provider.ts';
import { signOut } from '../identity.ts';

export const handler = httpRoute(manifest.routes.signOut, async ({ body }) => {
  await signOut({ provider: identityProvider() }, body.refreshToken);
  return reply.noContent();
});

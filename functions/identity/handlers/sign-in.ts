import { httpRoute, reply } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { identityProvider } from '../provider.ts';
import { signIn } from '../identity.ts';

export const handler = httpRoute(manifest.routes.signIn, async ({ body }) =>
  reply.ok(await signIn({ provider: identityProvider() }, body), { 'cache-control': 'no-store' }),
);

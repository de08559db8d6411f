import { httpRoute, reply } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { identityProvider } from '../provider.ts';
import { refreshTokens } from '../identity.ts';

export const handler = httpRoute(manifest.routes.refresh, async ({ body }) =>
  reply.ok(await refreshTokens({ provider: identityProvider() }, body.refreshToken), { 'cache-control': 'no-store' }),
);

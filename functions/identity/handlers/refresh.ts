import { httpRoute, reply } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { identityDeps } from '../deps.ts';
import { refreshTokens } from '../identity.ts';

export const handler = httpRoute(manifest.routes.refresh, async ({ body, correlationId }) =>
  reply.ok(await refreshTokens(identityDeps(correlationId), body.refreshToken), { 'cache-control': 'no-store' }),
);

import { httpRoute, reply } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { identityDeps } from '../deps.ts';
import { signIn } from '../identity.ts';

export const handler = httpRoute(manifest.routes.signIn, async ({ body, correlationId }) =>
  reply.ok(await signIn(identityDeps(correlationId), body), { 'cache-control': 'no-store' }),
);

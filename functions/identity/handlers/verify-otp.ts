import { httpRoute, reply } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { identityDeps } from '../deps.ts';
import { verifyOtp } from '../identity.ts';
import { usernameOf } from '../codes.ts';

export const handler = httpRoute(manifest.routes.verifyOtp, async ({ body, correlationId }) =>
  reply.ok(await verifyOtp(identityDeps(correlationId), { username: usernameOf(body), code: body.code }), {
    'cache-control': 'no-store',
  }),
);

import { httpRoute, reply } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { identityDeps } from '../deps.ts';
import { startOtp } from '../identity.ts';
import { usernameOf } from '../codes.ts';

export const handler = httpRoute(manifest.routes.startOtp, async ({ body, correlationId }) => {
  await startOtp(identityDeps(correlationId), usernameOf(body), { channel: body.channel });
  return reply.accepted();
});

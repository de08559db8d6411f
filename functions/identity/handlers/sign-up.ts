import { httpRoute, reply } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { identityDeps } from '../deps.ts';
import { signUp } from '../identity.ts';

export const handler = httpRoute(manifest.routes.signUp, async ({ body, correlationId, locale }) =>
  reply.created(await signUp(identityDeps(correlationId), { ...body, locale: body.locale ?? locale })),
);

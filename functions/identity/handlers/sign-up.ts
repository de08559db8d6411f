import { httpRoute, reply } from '#shared/http/route.ts';
import { explicitLocale } from '#shared/lib/messages.ts';
import { manifest } from '../manifest.ts';
import { identityDeps } from '../deps.ts';
import { signUp } from '../identity.ts';

export const handler = httpRoute(manifest.routes.signUp, async ({ body, correlationId, headers }) =>
  // Indonesian unless the person asked otherwise (in the body, or by their app's language).
  reply.created(
    await signUp(identityDeps(correlationId), {
      ...body,
      locale: body.locale ?? explicitLocale(headers['accept-language']) ?? 'id',
    }),
  ),
);

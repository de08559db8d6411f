import { httpRoute, reply } from '#shared/http/route.ts';
import { xenditKeys } from '../keys.ts';
import { manifest } from '../manifest.ts';
import { xenditNotification } from '../provider-notifications.ts';
import { webhooks } from '../wiring.ts';
import { answeringRejectedWith401 } from './provider-webhook.ts';

export const handler = httpRoute(manifest.routes.xenditWebhook, async (request) => {
  const { callbackToken } = await xenditKeys();
  await answeringRejectedWith401('xendit', request, () =>
    webhooks().receive(
      xenditNotification(request.headers['x-callback-token'], request.body, callbackToken),
      request.correlationId,
    ),
  );
  return reply.ok({ received: true });
});

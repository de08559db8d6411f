import { httpRoute, reply } from '#shared/http/route.ts';
import { xenditKeys } from '../keys.ts';
import { manifest } from '../manifest.ts';
import { xenditNotification } from '../provider-notifications.ts';
import { receiveWebhook } from './provider-webhook.ts';

export const handler = httpRoute(manifest.routes.xenditWebhook, async (request) => {
  const { callbackToken } = await xenditKeys();
  await receiveWebhook(
    'xendit',
    () => xenditNotification(request.headers['x-callback-token'], request.body, callbackToken),
    request,
  );
  return reply.ok({ received: true });
});

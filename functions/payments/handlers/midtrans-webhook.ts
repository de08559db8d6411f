import { httpRoute, reply } from '#shared/http/route.ts';
import { midtransKeys } from '../keys.ts';
import { manifest } from '../manifest.ts';
import { midtransNotification } from '../provider-notifications.ts';
import { receiveWebhook } from './provider-webhook.ts';

export const handler = httpRoute(manifest.routes.midtransWebhook, async (request) => {
  const { serverKey } = await midtransKeys();
  await receiveWebhook('midtrans', () => midtransNotification(request.body, serverKey), request);
  return reply.ok({ received: true });
});

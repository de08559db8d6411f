import { httpRoute, reply } from '#shared/http/route.ts';
import { midtransKeys } from '../keys.ts';
import { manifest } from '../manifest.ts';
import { midtransNotification } from '../provider-notifications.ts';
import { webhooks } from '../wiring.ts';
import { answeringRejectedWith401 } from './provider-webhook.ts';

export const handler = httpRoute(manifest.routes.midtransWebhook, async (request) => {
  const { serverKey } = await midtransKeys();
  await answeringRejectedWith401('midtrans', request, () =>
    webhooks().receive(midtransNotification(request.body, serverKey), request.correlationId),
  );
  return reply.ok({ received: true });
});

import { logger } from '#shared/lib/logger.ts';
import { HttpProblem } from '#shared/http/problem.ts';
import { httpRoute, reply } from '#shared/http/route.ts';
import { midtransKeys } from '../keys.ts';
import { manifest } from '../manifest.ts';
import { REJECTED_NOTIFICATION_LOG } from '../model.ts';
import { midtransNotification, RejectedNotification } from '../provider-notifications.ts';
import { webhooks } from '../wiring.ts';

export const handler = httpRoute(manifest.routes.midtransWebhook, async (request) => {
  const { serverKey } = await midtransKeys();
  try {
    await webhooks().receive(midtransNotification(request.body, serverKey), request.correlationId);
  } catch (error) {
    if (!(error instanceof RejectedNotification)) throw error;
    logger.warn(REJECTED_NOTIFICATION_LOG.midtrans, {
      reason: error.message,
      sourceIp: request.event.requestContext.http.sourceIp,
    });
    throw new HttpProblem(401, 'invalid-signature');
  }
  return reply.ok({ received: true });
});

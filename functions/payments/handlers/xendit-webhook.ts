import { logger } from '#shared/lib/logger.ts';
import { HttpProblem } from '#shared/http/problem.ts';
import { httpRoute, reply } from '#shared/http/route.ts';
import { xenditKeys } from '../keys.ts';
import { manifest } from '../manifest.ts';
import { REJECTED_NOTIFICATION_LOG } from '../model.ts';
import { RejectedNotification, xenditNotification } from '../provider-notifications.ts';
import { webhooks } from '../wiring.ts';

export const handler = httpRoute(manifest.routes.xenditWebhook, async (request) => {
  const { callbackToken } = await xenditKeys();
  try {
    await webhooks().receive(
      xenditNotification(request.headers['x-callback-token'], request.body, callbackToken),
      request.correlationId,
    );
  } catch (error) {
    if (!(error instanceof RejectedNotification)) throw error;
    logger.warn(REJECTED_NOTIFICATION_LOG.xendit, {
      reason: error.message,
      sourceIp: request.event.requestContext.http.sourceIp,
    });
    throw new HttpProblem(401, 'invalid-signature');
  }
  return reply.ok({ received: true });
});

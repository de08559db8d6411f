import { logger } from '#shared/lib/logger.ts';
import { HttpProblem, problems } from '#shared/http/problem.ts';
import { httpRoute, reply } from '#shared/http/route.ts';
import { BITESHIP_WEBHOOK_HEADER, parseBiteshipWebhook, verifyBiteshipWebhook } from '../biteship.ts';
import { biteshipKeys } from '../keys.ts';
import { manifest } from '../manifest.ts';
import { REJECTED_WEBHOOK_LOG } from '../model.ts';
import { tracking } from '../wiring.ts';

/** Verifies the carrier's webhook, answers at once; the update is applied from its event (handlers/on-tracking.ts). */
export const handler = httpRoute(manifest.routes.carrierWebhook, async (request) => {
  if (request.params.carrier !== 'biteship') throw problems.notFound();
  const refuse = (reason: string) => {
    logger.warn(REJECTED_WEBHOOK_LOG, {
      carrier: request.params.carrier,
      reason,
      sourceIp: request.event.requestContext.http.sourceIp,
    });
    return new HttpProblem(401, 'invalid-signature');
  };
  const { webhookSecret } = await biteshipKeys();
  if (!verifyBiteshipWebhook(request.headers[BITESHIP_WEBHOOK_HEADER], webhookSecret))
    throw refuse(`${BITESHIP_WEBHOOK_HEADER} does not match`);
  const update = parseBiteshipWebhook(request.body);
  if (update === undefined) throw refuse('not a Biteship order.status body');
  // Other events (order.price, order.waybill_id) and Biteship's URL check: received, nothing to apply.
  if (update === 'ignored')
    logger.info('carrier webhook ignored', {
      carrier: 'biteship',
      event: (request.body as { event?: unknown } | undefined)?.event,
    });
  else await tracking().receive('biteship', update, request.correlationId);
  return reply.ok({ received: true });
});

import { HttpProblem } from '#shared/http/problem.ts';
import type { HttpEvent } from '#shared/http/route.ts';
import { logger } from '#shared/lib/logger.ts';
import { REJECTED_NOTIFICATION_LOG, type Provider } from '../model.ts';
import type { Notification } from '../payment-rules.ts';
import { RejectedNotification } from '../provider-notifications.ts';
import { webhooks } from '../wiring.ts';

/*
 * What the two provider webhook handlers (midtrans-webhook.ts, xendit-webhook.ts) share; not a
 * Lambda entry point itself.
 */

/**
 * A provider's webhook: `read` verifies and reads its notification (RejectedNotification when the
 * signature or token fails), then the webhooks use case receives it. A rejected one is logged (the
 * provider's REJECTED_NOTIFICATION_LOG line, with the caller's IP) and answered 401.
 */
export async function receiveWebhook(
  provider: Provider,
  read: () => Notification,
  request: { correlationId: string; event: HttpEvent },
): Promise<void> {
  try {
    await webhooks().receive(read(), request.correlationId);
  } catch (error) {
    if (!(error instanceof RejectedNotification)) throw error;
    logger.warn(REJECTED_NOTIFICATION_LOG[provider], {
      reason: error.message,
      sourceIp: request.event.requestContext.http.sourceIp,
    });
    throw new HttpProblem(401, 'invalid-signature');
  }
}

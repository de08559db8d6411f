import { HttpProblem } from '#shared/http/problem.ts';
import type { HttpEvent } from '#shared/http/route.ts';
import { logger } from '#shared/lib/logger.ts';
import { REJECTED_NOTIFICATION_LOG, type Provider } from '../model.ts';
import { RejectedNotification } from '../provider-notifications.ts';

/*
 * What the two provider webhook handlers (midtrans-webhook.ts, xendit-webhook.ts) share; not a
 * Lambda entry point itself.
 */

/**
 * Runs `receive` (which verifies the provider's notification and hands it to the webhooks use case);
 * a notification rejected there (RejectedNotification: the signature or token failed) is logged —
 * the provider's REJECTED_NOTIFICATION_LOG line, with the caller's IP — and answered 401.
 */
export async function answeringRejectedWith401(
  provider: Provider,
  request: { event: HttpEvent },
  receive: () => Promise<void>,
): Promise<void> {
  try {
    await receive();
  } catch (error) {
    if (!(error instanceof RejectedNotification)) throw error;
    logger.warn(REJECTED_NOTIFICATION_LOG[provider], {
      reason: error.message,
      sourceIp: request.event.requestContext.http.sourceIp,
    });
    throw new HttpProblem(401, 'invalid-signature');
  }
}

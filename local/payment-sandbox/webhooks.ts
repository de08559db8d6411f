import { LOCAL_XENDIT_SECRET } from '../messaging.ts';
import { postWebhook, trimBase } from '../sandbox-server.ts';
import type { SandboxAttempt } from './model.ts';

/**
 * Webhook delivery to the API, as each provider sends it: a POST to `/v1/webhooks/<provider>` with
 * the provider's user agent (Midtrans `Veritrans`; Xendit with its `x-callback-token`). An outcome's
 * notifications are sent while `pay()` waits (answering each delivery's HTTP status, 0 when lost);
 * those that follow an API answer (a refund, a cancel, an expire) are sent just after it, and `idle()`
 * waits for them.
 */

export interface Webhooks {
  /** Sends `body` for this attempt's provider; the HTTP status, or 0 when the API did not answer. */
  send(attempt: SandboxAttempt, body: unknown, status: string): Promise<number>;
  /** As at the providers, the notification (of a refund, a cancel) follows the answer. */
  afterAnswer(work: () => Promise<unknown>): void;
  /** Resolves once every notification sent after an answer was delivered. */
  idle(): Promise<void>;
}

export function createWebhooks(options: { apiBaseUrl: () => string; log: (line: string) => void }): Webhooks {
  const inFlight = new Set<Promise<void>>();
  return {
    send: (attempt, body, status) =>
      postWebhook({
        url: `${trimBase(options.apiBaseUrl())}/v1/webhooks/${attempt.provider}`,
        headers: {
          'user-agent': attempt.provider === 'midtrans' ? 'Veritrans' : 'Xendit',
          ...(attempt.provider === 'xendit' ? { 'x-callback-token': LOCAL_XENDIT_SECRET.value.callbackToken } : {}),
        },
        body,
        what: `[payments] ${attempt.provider} webhook ${attempt.providerOrderId} ${status}`,
        log: options.log,
      }),
    afterAnswer(work) {
      const task: Promise<void> = new Promise<void>((resolve) => setImmediate(resolve))
        .then(work)
        .then(
          () => undefined,
          (error: unknown) => options.log(`[payments] notification failed: ${String(error)}`),
        )
        .finally(() => inFlight.delete(task));
      inFlight.add(task);
    },
    async idle() {
      while (inFlight.size > 0) await Promise.all([...inFlight]);
    },
  };
}

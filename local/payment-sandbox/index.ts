import type { DevRoute } from '../gateway.ts';
import { startSandboxServer, trimBase } from '../sandbox-server.ts';
import { midtransRoutes } from './midtrans.ts';
import type { PayOptions, PayResult, SandboxAttempt, SandboxOutcome } from './model.ts';
import { createPay } from './outcomes.ts';
import { PAGE_PREFIX, pagePath, paymentPageRoute } from './page.ts';
import { openAttemptState, type SandboxContext } from './state.ts';
import { createWebhooks } from './webhooks.ts';
import { xenditRoutes } from './xendit.ts';

/**
 * Stand-in for Midtrans (Snap create, Core API status, cancel, refund) and Xendit (Invoice create, list
 * by external_id, expire, refunds) on one port, with their Basic auth checked against the local keys.
 * Its payment page (served through the gateway at /sandbox/pay/<paymentId>, our payment id as sent in
 * Midtrans `custom_field1` / Xendit `metadata.payment_id`; the provider order id works too) or `pay()`
 * settles an attempt and sends the provider's own signed webhook to the API, as the provider would.
 *
 * This file composes the areas and routes requests: `midtrans.ts` and `xendit.ts` (each provider's
 * API and notification shape), `page.ts` (the page the customer clicks), `outcomes.ts` (`pay()`),
 * `webhooks.ts` (delivery to the API), `state.ts` (the attempts and their file), `model.ts` (the words
 * they share); the HTTP server is `../sandbox-server.ts`, shared with the shipping sandbox.
 */

export {
  formatRupiah,
  SANDBOX_METHODS,
  SANDBOX_OUTCOMES,
  SandboxError,
  type PayOptions,
  type PayResult,
  type SandboxAttempt,
  type SandboxMethod,
  type SandboxOutcome,
  type SandboxProvider,
  type SandboxRefund,
} from './model.ts';

export interface PaymentSandbox {
  endpoint: string;
  /** `/sandbox/pay...` for the gateway: the page, its buttons and the scripted outcome route. */
  devRoutes: Record<string, DevRoute>;
  /** `id`: our payment id or the provider order id. */
  pay(id: string, outcome: SandboxOutcome, options?: PayOptions): Promise<PayResult>;
  attempts(): SandboxAttempt[];
  /** Resolves once the notifications sent after refunds were delivered. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

export async function startPaymentSandbox(options: {
  port: number;
  dataFile: string;
  apiBaseUrl: () => string;
  log?: (line: string) => void;
}): Promise<PaymentSandbox> {
  const log = options.log ?? (() => {});
  const state = openAttemptState(options.dataFile);
  const webhooks = createWebhooks({ apiBaseUrl: options.apiBaseUrl, log });
  const context: SandboxContext = {
    state,
    webhooks,
    log,
    pageUrl: (attempt) => `${trimBase(options.apiBaseUrl())}${pagePath(attempt)}`,
  };
  const pay = createPay(context);
  const pageRoute = paymentPageRoute(state, pay);

  const server = await startSandboxServer({
    title: 'payment sandbox',
    tag: 'payments',
    port: options.port,
    log,
    errorBody: (_status, message) => ({ message }),
    routes: [
      {
        path: new RegExp(`^${PAGE_PREFIX}(?:/|$)`),
        handle: (request, response, { url }) => pageRoute(request, response, url),
      },
      ...midtransRoutes(context),
      ...xenditRoutes(context),
    ],
  });

  return {
    endpoint: server.endpoint,
    devRoutes: { [PAGE_PREFIX]: pageRoute },
    pay,
    attempts: () => [...state.attempts.values()].map((attempt) => structuredClone(attempt)),
    idle: () => webhooks.idle(),
    async stop() {
      await webhooks.idle();
      await server.stop();
    },
  };
}

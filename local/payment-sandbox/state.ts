import { openSandboxStore } from '../sandbox-store.ts';
import type { SandboxAttempt } from './model.ts';
import type { Webhooks } from './webhooks.ts';

/**
 * The payment attempts, kept by provider order id and persisted to the data folder's
 * `payment-sandbox.json` (`{ "attempts": [...] }`) after every change; found by provider order id,
 * our payment id or the provider's own id. Also what every area is handed: the state, the webhooks,
 * the page's URL and the log.
 */

export interface AttemptState {
  /** By provider order id (Midtrans order_id / Xendit external_id), oldest first. */
  readonly attempts: Map<string, SandboxAttempt>;
  save(): void;
  /** By provider order id, else by our payment id (the latest attempt carrying it). */
  find(id: string): SandboxAttempt | undefined;
  /** By the provider's own id (Midtrans transaction_id / Xendit invoice id). */
  byProviderId(provider: SandboxAttempt['provider'], id: string): SandboxAttempt | undefined;
  /** Refunds made so far, at both providers (Midtrans numbers its refunds by it). */
  refundCount(): number;
}

export function openAttemptState(dataFile: string): AttemptState {
  const { records: attempts, save } = openSandboxStore<SandboxAttempt>(
    dataFile,
    'attempts',
    (attempt) => attempt.providerOrderId,
  );
  return {
    attempts,
    save,
    find(id) {
      const byOrder = attempts.get(id);
      if (byOrder) return byOrder;
      let found: SandboxAttempt | undefined;
      for (const attempt of attempts.values()) if (attempt.paymentId === id) found = attempt;
      return found;
    },
    byProviderId: (provider, id) =>
      [...attempts.values()].find((attempt) => attempt.provider === provider && attempt.id === id),
    refundCount: () => [...attempts.values()].reduce((count, attempt) => count + (attempt.refunds?.length ?? 0), 0),
  };
}

/** What the provider areas, the outcomes and the page work with. */
export interface SandboxContext {
  state: AttemptState;
  webhooks: Webhooks;
  /** The attempt's payment page on the API's gateway. */
  pageUrl(attempt: SandboxAttempt): string;
  log(line: string): void;
}

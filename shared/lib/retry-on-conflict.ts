import { WriteConflict } from '../table/write-conflict.ts';

/** How a use case retries its read → decide → write after losing a race. Each domain keeps its own numbers. */
export interface ConflictRetry {
  /** Tries in all, the first included (2: one retry). */
  attempts: number;
  /**
   * Milliseconds to wait after failed attempt `attempt` (1-based) before the next; no wait when absent.
   * `jitter(ms)` spreads racers apart: up to ms × attempt.
   */
  backoff?: (attempt: number) => number;
  /** Which conflicts are lost races worth another try (default: every WriteConflict); any other is thrown at once. */
  retryable?: (conflict: WriteConflict) => boolean;
  /** What to throw when the attempts run out (default: the last WriteConflict, which shared/http answers 409 concurrent-change). */
  exhausted?: (conflict: WriteConflict) => Error;
  /** Told of each lost race that will be tried again (e.g. to log it). */
  onRetry?: (attempt: number, conflict: WriteConflict) => void;
}

/** Random wait of up to `ms` × attempt: racers that collided do not collide again in step. */
export const jitter = (ms: number) => (attempt: number) => Math.random() * ms * attempt;

/**
 * Runs `work` (which reads, decides and writes conditionally) again when it throws a retryable
 * WriteConflict, up to `attempts` tries in all. Any other error, and a conflict that is not a race
 * (a taken SKU, a full slot), goes straight up.
 */
export async function retryOnConflict<T>(options: ConflictRetry, work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof WriteConflict) || (options.retryable && !options.retryable(error))) throw error;
      if (attempt >= options.attempts) throw options.exhausted ? options.exhausted(error) : error;
      options.onRetry?.(attempt, error);
      const wait = options.backoff?.(attempt) ?? 0;
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}

/**
 * Resuming a saga step that waits for a callback (`.waitForTaskToken`). `gone`: nothing waits on
 * the token any more (the step already finished, timed out, or the execution stopped) — the
 * caller's work is done either way, so a retried event never fails forever on it.
 */
export interface SagaCallbacks {
  succeed(taskToken: string, output: unknown): Promise<'sent' | 'gone'>;
  fail(taskToken: string, error: string, cause: unknown): Promise<'sent' | 'gone'>;
}

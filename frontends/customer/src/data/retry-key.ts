/**
 * The Idempotency-Key of one intended write: the same while the body is the same (a retry after no
 * network or a timeout is answered once), a new one when the customer changed what they send (the
 * API refuses a known key with another body).
 */
export class RetryKey {
  readonly #newKey: () => string;
  #key: string | null = null;
  #body = '';

  constructor(newKey: () => string) {
    this.#newKey = newKey;
  }

  for(body: unknown): string {
    const json = JSON.stringify(body);
    if (this.#key === null || json !== this.#body) {
      this.#key = this.#newKey();
      this.#body = json;
    }
    return this.#key;
  }
}

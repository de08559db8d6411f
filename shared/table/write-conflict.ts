/**
 * A write that did not happen because a condition of it did not hold (a version moved, a record
 * already exists, stock ran out) or because another transaction touched the same items at the
 * same moment. Nothing was written: the use case may read again and decide again. Stores throw it
 * (see `committing` in transact.ts); domain modules catch it; `shared/http` answers one that
 * escapes a use case with 409 concurrent-change. Knows no AWS and no HTTP.
 */
export class WriteConflict extends Error {
  /**
   * What failed, as the store names it: the meaning of each write whose condition failed ('sku',
   * 'slot', 'review', 'event'...), or 'race' when the transaction collided with another. Empty
   * when the store does not say.
   */
  readonly failed: readonly string[];
  /** Positions in the transaction of the items whose condition failed; empty on a race or when unknown. */
  readonly positions: readonly number[];

  constructor(detail: { failed?: readonly string[]; positions?: readonly number[]; message?: string } = {}) {
    const failed = detail.failed ?? [];
    const positions = detail.positions ?? [];
    super(
      detail.message ??
        `write conflict${failed.length ? ` (${failed.join(', ')})` : ''}${positions.length ? ` at ${positions.join(', ')}` : ''}`,
    );
    this.name = 'WriteConflict';
    this.failed = failed;
    this.positions = positions;
  }
}

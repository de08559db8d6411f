import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PAYMENT_STATUSES, type PaymentStatus } from './model.ts';
import { applyUpdates, isForward, midtransStatus, xenditStatus } from './status.ts';

describe('midtransStatus', () => {
  it.each([
    ['capture', 'accept', 'paid'],
    ['capture', 'challenge', 'review'],
    ['capture', undefined, 'paid'],
    ['capture', 'deny', undefined],
    ['settlement', 'accept', 'paid'],
    ['settlement', undefined, 'paid'],
    ['pending', undefined, 'pending'],
    ['deny', 'deny', 'failed'],
    ['failure', undefined, 'failed'],
    ['cancel', undefined, 'cancelled'],
    ['expire', undefined, 'expired'],
    ['refund', undefined, 'refunded'],
    ['partial_refund', undefined, 'partially_refunded'],
    ['chargeback', undefined, 'disputed'],
    ['partial_chargeback', undefined, 'disputed'],
    ['authorize', undefined, undefined],
    ['SETTLEMENT', undefined, undefined],
    ['', undefined, undefined],
  ] as const)('%s / %s → %s', (transactionStatus, fraudStatus, expected) => {
    expect(midtransStatus(transactionStatus, fraudStatus)).toBe(expected);
  });
});

describe('xenditStatus', () => {
  it.each([
    ['PAID', 'paid'],
    ['SETTLED', 'paid'],
    ['EXPIRED', 'expired'],
    ['PENDING', 'pending'],
    ['REFUND_SUCCEEDED', 'partially_refunded'],
    ['REFUND_FAILED', undefined],
    ['paid', undefined],
    ['FAILED', undefined],
    ['', undefined],
  ] as const)('%s → %s', (status, expected) => {
    expect(xenditStatus(status)).toBe(expected);
  });
});

describe('isForward', () => {
  it('follows the machine in model.ts', () => {
    expect(isForward('pending', 'review')).toBe(true);
    expect(isForward('review', 'paid')).toBe(true);
    expect(isForward('paid', 'partially_refunded')).toBe(true);
    expect(isForward('partially_refunded', 'refunded')).toBe(true);
    expect(isForward('review', 'expired')).toBe(true);
    expect(isForward('paid', 'disputed')).toBe(true);
    expect(isForward('partially_refunded', 'disputed')).toBe(true);
    // Late webhooks may skip steps.
    expect(isForward('pending', 'refunded')).toBe(true);
  });

  it('never goes back, sideways, or out of a terminal status', () => {
    expect(isForward('paid', 'pending')).toBe(false);
    expect(isForward('paid', 'review')).toBe(false);
    expect(isForward('paid', 'expired')).toBe(false);
    expect(isForward('partially_refunded', 'partially_refunded')).toBe(false);
    expect(isForward('refunded', 'disputed')).toBe(false);
    expect(isForward('disputed', 'refunded')).toBe(false);
    for (const terminal of ['failed', 'expired', 'cancelled', 'refunded', 'disputed'] as const) {
      for (const to of PAYMENT_STATUSES) expect(isForward(terminal, to)).toBe(false);
    }
    for (const status of PAYMENT_STATUSES) expect(isForward(status, status)).toBe(false);
  });

  it('is a strict partial order', () => {
    const status = fc.constantFrom(...PAYMENT_STATUSES);
    fc.assert(
      fc.property(status, status, status, (a, b, c) => {
        expect(isForward(a, a)).toBe(false);
        if (isForward(a, b)) expect(isForward(b, a)).toBe(false);
        if (isForward(a, b) && isForward(b, c)) expect(isForward(a, c)).toBe(true);
      }),
      { numRuns: 1000 },
    );
    // The domain is small: check every triple too, so no case depends on sampling.
    for (const a of PAYMENT_STATUSES) {
      expect(isForward(a, a)).toBe(false);
      for (const b of PAYMENT_STATUSES) {
        if (isForward(a, b)) expect(isForward(b, a)).toBe(false);
        for (const c of PAYMENT_STATUSES) if (isForward(a, b) && isForward(b, c)) expect(isForward(a, c)).toBe(true);
      }
    }
  });
});

describe('applyUpdates', () => {
  it('applies forward updates and ignores duplicates and stale ones', () => {
    expect(applyUpdates('pending', ['paid', 'pending', 'paid', 'refunded', 'partially_refunded'])).toEqual({
      final: 'refunded',
      transitions: [
        ['pending', 'paid'],
        ['paid', 'refunded'],
      ],
    });
    expect(applyUpdates('expired', ['paid'])).toEqual({ final: 'expired', transitions: [] });
    expect(applyUpdates('pending', [])).toEqual({ final: 'pending', transitions: [] });
  });

  // Real provider histories, written out independently of status.ts: the single steps a payment takes.
  const REAL_STEPS: Record<PaymentStatus, PaymentStatus[]> = {
    pending: ['review', 'paid', 'failed', 'expired', 'cancelled'],
    review: ['paid', 'failed', 'expired', 'cancelled'],
    paid: ['partially_refunded', 'refunded', 'disputed'],
    partially_refunded: ['refunded', 'disputed'],
    failed: [],
    expired: [],
    cancelled: [],
    refunded: [],
    disputed: [],
  };

  /** A history starting at pending: each choice picks the next step, stopping early or at a terminal status. */
  const history = fc.array(fc.nat({ max: 5 }), { maxLength: 6 }).map((choices) => {
    const path: PaymentStatus[] = ['pending'];
    for (const choice of choices) {
      const options = REAL_STEPS[path[path.length - 1] as PaymentStatus];
      if (options.length === 0 || choice === 5) break;
      path.push(options[choice % options.length] as PaymentStatus);
    }
    return path;
  });

  /** Each status of the history delivered 1–5 times, in a random order. */
  const deliveries = history
    .chain((path) =>
      fc.tuple(
        fc.constant(path),
        fc.array(fc.integer({ min: 1, max: 5 }), { minLength: path.length, maxLength: path.length }),
      ),
    )
    .chain(([path, counts]) => {
      const all = path.flatMap((status, i) => Array.from({ length: counts[i] ?? 1 }, () => status));
      return fc.tuple(fc.constant(path), fc.shuffledSubarray(all, { minLength: all.length, maxLength: all.length }));
    });

  it('reaches the last status of any real history whatever the order and duplication', () => {
    fc.assert(
      fc.property(deliveries, ([path, delivered]) => {
        const { final, transitions } = applyUpdates('pending', delivered);
        expect(final).toBe(path[path.length - 1]);

        expect(transitions.length).toBeLessThanOrEqual(path.length - 1);
        const keys = transitions.map(([from, to]) => `${from}>${to}`);
        expect(new Set(keys).size).toBe(keys.length);
        // The steps taken form a chain pending → … → final through statuses of the history, in its order.
        let at = 'pending' as PaymentStatus;
        let index = 0;
        for (const [from, to] of transitions) {
          expect(from).toBe(at);
          expect(isForward(from, to)).toBe(true);
          const next = path.indexOf(to);
          expect(next).toBeGreaterThan(index);
          at = to;
          index = next;
        }
        expect(at).toBe(final);
      }),
      { numRuns: 300 },
    );
  });

  it('gives the same result for a history delivered in two different orders', () => {
    fc.assert(
      fc.property(
        deliveries.chain(([path, delivered]) =>
          fc.tuple(
            fc.constant(path),
            fc.constant(delivered),
            fc.shuffledSubarray(delivered, { minLength: delivered.length, maxLength: delivered.length }),
          ),
        ),
        ([, first, second]) => {
          expect(applyUpdates('pending', first).final).toBe(applyUpdates('pending', second).final);
        },
      ),
      { numRuns: 300 },
    );
  });
});

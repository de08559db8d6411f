import { forwardOnly } from '#shared/lib/forward-only.ts';
import type { PaymentStatus } from './model.ts';

/**
 * Provider vocabularies mapped to ours, and the forward-only machine from model.ts.
 * Pure: the domain uses `applyUpdates` as the one rule for webhooks that arrive late, twice or out of order.
 */

/** Midtrans `transaction_status` (+ `fraud_status` for card captures); undefined = not a status we act on. */
export function midtransStatus(transactionStatus: string, fraudStatus?: string): PaymentStatus | undefined {
  switch (transactionStatus) {
    case 'capture':
      // Non-card methods omit fraud_status; an unknown verdict (e.g. 'deny' on a capture) must not read as paid.
      if (fraudStatus === undefined || fraudStatus === '' || fraudStatus === 'accept') return 'paid';
      if (fraudStatus === 'challenge') return 'review';
      return undefined;
    case 'settlement':
      return 'paid';
    case 'pending':
      return 'pending';
    case 'deny':
    case 'failure':
      return 'failed';
    case 'cancel':
      return 'cancelled';
    case 'expire':
      return 'expired';
    case 'refund':
      return 'refunded';
    case 'partial_refund':
      return 'partially_refunded';
    case 'chargeback':
    case 'partial_chargeback':
      return 'disputed';
    default:
      return undefined;
  }
}

/** Xendit Invoice callback `status`; undefined = not a status we act on. */
export function xenditStatus(status: string): PaymentStatus | undefined {
  switch (status) {
    case 'PAID':
    case 'SETTLED':
      return 'paid';
    case 'EXPIRED':
      return 'expired';
    case 'PENDING':
      return 'pending';
    // A refund callback (`REFUND_<status>`); how much decides partial or full (the domain's toRefundView).
    case 'REFUND_SUCCEEDED':
      return 'partially_refunded';
    default:
      return undefined;
  }
}

/** The single steps a payment can take (model.ts); `isForward` is their transitive closure (shared/lib/forward-only.ts). */
const STEPS: Record<PaymentStatus, readonly PaymentStatus[]> = {
  pending: ['review', 'paid', 'failed', 'expired', 'cancelled'],
  review: ['paid', 'failed', 'expired', 'cancelled'],
  paid: ['partially_refunded', 'refunded', 'disputed'],
  // No self-step: a second partial refund changes the amount, not the status (handled by the domain).
  partially_refunded: ['refunded', 'disputed'],
  failed: [],
  expired: [],
  cancelled: [],
  refunded: [],
  disputed: [],
};

// Forward only over the closure, so a late webhook can jump several steps (e.g. `refund` seen before `settlement`).
export const { isForward, applyUpdates } = forwardOnly(STEPS);

import type { EventEnvelope } from '#shared/events/catalog.ts';
import type { VendorKind } from '#shared/lib/pet-care.ts';

/**
 * The payments domain's records and ports. No AWS imports.
 *
 * A payment belongs to one reference (a booking or an order attempt) and moves forward only:
 *   pending → review → paid → partially_refunded → refunded
 *   pending/review → failed | expired | cancelled
 *   paid/partially_refunded → disputed
 * A status that is not ahead of the current one (a duplicate or an older webhook) changes nothing.
 */
export const PROVIDERS = ['midtrans', 'xendit'] as const;

/** What a webhook logs when it refuses a notification; the manifest alarms on bursts of it. */
export const REJECTED_NOTIFICATION_LOG = {
  midtrans: 'midtrans notification rejected',
  xendit: 'xendit callback rejected',
} as const;
export type Provider = (typeof PROVIDERS)[number];

export const PAYMENT_STATUSES = [
  'pending',
  'review',
  'paid',
  'failed',
  'expired',
  'cancelled',
  'partially_refunded',
  'refunded',
  'disputed',
] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/** What a provider notification says, once mapped to our vocabulary. */
export interface ProviderUpdate {
  provider: Provider;
  /** The provider's id of this attempt (Midtrans order_id, Xendit external_id). */
  providerOrderId: string;
  status: PaymentStatus;
  /** Integer rupiah the provider reports (gross_amount / amount). */
  amount: number;
  /** The provider's transaction id, payment method, raw status — kept for support. */
  providerTransactionId: string | null;
  method: string | null;
  rawStatus: string;
}

/**
 * One vendor's share of a payment that pays several orders (a multi-vendor checkout): captured,
 * the platform's commission and the courier's shipping are booked per share, so each vendor's
 * balance is the sum of its own entries.
 */
export interface PaymentSplit {
  vendorId: string;
  /** The order this share pays. */
  reference: string;
  /** Integer rupiah of the payment that belongs to this order (its total). */
  amount: number;
  /** The platform's commission on this order (already computed by checkout's pricing). */
  commission: number;
  /** The courier's price for this order, passed through. */
  shipping: number;
}

export interface Payment {
  paymentId: string;
  /** `booking:<id>` or `order:<checkoutId>`: one payment per reference attempt. */
  reference: string;
  provider: Provider;
  providerOrderId: string;
  payerId: string;
  vendorId: string;
  /** Decides the default commission rate. */
  vendorKind: VendorKind;
  amount: number;
  currency: 'IDR';
  status: PaymentStatus;
  method: string | null;
  providerTransactionId: string | null;
  expiresAt: string;
  /** The provider's payment page for this attempt (null until the provider answered). */
  redirectUrl: string | null;
  refundedAmount: number;
  /**
   * The task token of the saga step waiting for this payment (booking/order saga, `.waitForTaskToken`);
   * the payment's outcome resumes it. Absent on payments no saga waits for.
   */
  sagaToken?: string | null;
  /** Several orders paid at once: the ledger is booked per share (absent: the whole payment is `vendorId`'s). */
  splits?: PaymentSplit[];
  /**
   * What this payment was for and has ended without taking it (the payment's own reference, or a
   * split's order): a booking or order that expired or was cancelled unpaid. Money captured for
   * them goes back, once per reference (decision 0020).
   */
  endedReferences?: string[];
  version: number;
  createdAt: string;
  updatedAt: string;
}

export type LedgerKind = 'payment_captured' | 'platform_commission' | 'vendor_payable' | 'shipping_payable' | 'refund';

/** One immutable money movement; balances are sums of entries. */
export interface LedgerEntry {
  entryId: string;
  paymentId: string;
  vendorId: string;
  /** The order a split payment's entry belongs to. */
  reference?: string;
  kind: LedgerKind;
  /** Integer rupiah; refunds and reversals are negative. */
  amount: number;
  at: string;
}

export interface PaymentsStore {
  getPayment(paymentId: string): Promise<Payment | undefined>;
  paymentByProviderOrder(provider: Provider, providerOrderId: string): Promise<Payment | undefined>;
  paymentByReference(reference: string): Promise<Payment | undefined>;
  /** The day's reconciliation report (Jakarta date), replaced by a later run of the same day. */
  saveReport(date: string, report: unknown): Promise<void>;
  report(date: string): Promise<unknown | undefined>;
  /** Pending or in-review payments whose expiry is before `before` (ISO), oldest first. */
  overdue(before: string, limit: number): Promise<Payment[]>;
  ledger(paymentId: string): Promise<LedgerEntry[]>;
  /** Creates the payment (fails with WriteConflict if the reference already has one). */
  create(payment: Payment, events: EventEnvelope[]): Promise<void>;
  /** Commits events alone (a verified notification, applied later from its event). */
  publish(events: EventEnvelope[]): Promise<void>;
  /** Replaces the payment if its stored version is `expectedVersion`, with ledger entries and events, all or nothing. */
  transition(payment: Payment, expectedVersion: number, ledger: LedgerEntry[], events: EventEnvelope[]): Promise<void>;
  /** The payment's refunds, oldest first. */
  refunds(paymentId: string): Promise<Refund[]>;
  refund(refundId: string): Promise<Refund | undefined>;
  /** Open manual refund tasks, oldest first. */
  openRefundTasks(limit: number, cursor?: string): Promise<{ items: Refund[]; nextCursor: string | null }>;
  /** Creates the refund and bumps the payment's version (so refunds of one payment never interleave). */
  addRefund(payment: Payment, expectedVersion: number, refund: Refund): Promise<void>;
  /** Replaces the refund if its stored version is `expectedVersion`. */
  updateRefund(refund: Refund, expectedVersion: number): Promise<void>;
  /** Closes a manual refund with the payment's change, its ledger entries and events, all or nothing (both versions as read). */
  completeRefund(
    refund: Refund,
    refundVersion: number,
    payment: Payment,
    paymentVersion: number,
    ledger: LedgerEntry[],
    events: EventEnvelope[],
  ): Promise<void>;
}

/** What a provider needs to open its payment page for an attempt. */
export interface CheckoutRequest {
  paymentId: string;
  /** Our id of this attempt at the provider (Midtrans order_id, Xendit external_id). */
  providerOrderId: string;
  amount: number;
  customer: { name: string; email?: string; phone?: string };
  items: { id: string; name: string; price: number; quantity: number }[];
  expiresAt: string;
  /** Where the provider's page sends the customer back (the app's payment screen for this payment). */
  returnUrls?: { success: string; failure: string };
}

/** The provider's own view of an attempt (status API), in its words. */
export interface ProviderStatus {
  rawStatus: string;
  fraudStatus?: string;
  amount: number;
  providerTransactionId: string | null;
  method: string | null;
  /** All refunded so far, when the provider reports refunds (Midtrans refund_amount, Xendit's succeeded refunds). */
  refundedAmount?: number;
}

/** A refund at the provider: its `refundKey` makes a retry answer the first refund, never a second one. */
export interface RefundRequest {
  providerOrderId: string;
  /** Xendit refunds by invoice id; Midtrans by order id. */
  providerTransactionId: string | null;
  amount: number;
  reason: string;
  refundKey: string;
}

/** The provider said no to a refund (method, window, amount): retrying the same request will not help. */
export class RefundRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RefundRefused';
  }
}

export const REFUND_STATUSES = ['requested', 'failed', 'open', 'completed'] as const;
/** requested → (provider's notification moves the money) | failed; open (manual task) → completed. */
export type RefundStatus = (typeof REFUND_STATUSES)[number];

/**
 * A refund asked by a platform admin. `provider`: sent to the provider, the money moves when its
 * refund notification is applied. `manual`: a method the provider cannot refund by API (bank
 * transfer, convenience store); an admin pays it back and completes the task, which moves the money.
 */
export interface Refund {
  refundId: string;
  paymentId: string;
  /** `<paymentId>-<hash of the Idempotency-Key>`: the provider's refund_key / idempotency-key. */
  refundKey: string;
  kind: 'provider' | 'manual';
  status: RefundStatus;
  amount: number;
  reason: string;
  provider: Provider;
  method: string | null;
  vendorId: string;
  /** On a split payment: the order (split reference) this refund gives back. */
  reference?: string;
  payerId: string;
  requestedBy: string;
  providerRefundId: string | null;
  /** Why the provider refused (failed), for support. */
  failure: string | null;
  completedBy: string | null;
  completedAt: string | null;
  note: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** One payment provider (Midtrans Snap, Xendit Invoice); each adapter reads its own keys. */
export interface ProviderGateway {
  createCheckout(request: CheckoutRequest): Promise<{ redirectUrl: string }>;
  /** undefined when the provider does not know the attempt. */
  status(providerOrderId: string): Promise<ProviderStatus | undefined>;
  /** Throws RefundRefused when the provider says no; other errors may be retried with the same key. */
  refund(request: RefundRequest): Promise<{ providerRefundId: string | null }>;
  /**
   * Closes an unpaid attempt so it can no longer be paid (Midtrans cancel, Xendit expire invoice).
   * `settled`: the provider already took the money (or it is otherwise final) — the caller must not
   * treat the payment as cancelled; `unknown`: the provider never saw the attempt (nothing to close).
   */
  cancel(providerOrderId: string): Promise<{ outcome: 'cancelled' | 'settled' | 'unknown' }>;
}

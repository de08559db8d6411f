import type { EventEnvelope } from '#shared/events/catalog.ts';

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
export type Provider = (typeof PROVIDERS)[number];

export const PAYMENT_STATUSES = ['pending', 'review', 'paid', 'failed', 'expired', 'cancelled', 'partially_refunded', 'refunded', 'disputed'] as const;
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

export interface Payment {
  paymentId: string;
  /** `booking:<id>` or `order:<checkoutId>`: one payment per reference attempt. */
  reference: string;
  provider: Provider;
  providerOrderId: string;
  payerId: string;
  vendorId: string;
  amount: number;
  currency: 'IDR';
  status: PaymentStatus;
  method: string | null;
  providerTransactionId: string | null;
  expiresAt: string;
  /** The provider's payment page for this attempt (null until the provider answered). */
  redirectUrl: string | null;
  refundedAmount: number;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export type LedgerKind = 'payment_captured' | 'platform_commission' | 'vendor_payable' | 'refund';

/** One immutable money movement; balances are sums of entries. */
export interface LedgerEntry {
  entryId: string;
  paymentId: string;
  vendorId: string;
  kind: LedgerKind;
  /** Integer rupiah; refunds and reversals are negative. */
  amount: number;
  at: string;
}

export class WriteConflict extends Error {
  constructor() {
    super('write conflict');
    this.name = 'WriteConflict';
  }
}

export interface PaymentsStore {
  getPayment(paymentId: string): Promise<Payment | undefined>;
  paymentByProviderOrder(provider: Provider, providerOrderId: string): Promise<Payment | undefined>;
  paymentByReference(reference: string): Promise<Payment | undefined>;
  /** Pending or in-review payments whose expiry is before `before` (ISO), oldest first. */
  overdue(before: string, limit: number): Promise<Payment[]>;
  ledger(paymentId: string): Promise<LedgerEntry[]>;
  /** Creates the payment (fails with WriteConflict if the reference already has one). */
  create(payment: Payment, events: EventEnvelope[]): Promise<void>;
  /** Commits events alone (a verified notification, applied later from its event). */
  publish(events: EventEnvelope[]): Promise<void>;
  /** Replaces the payment if its stored version is `expectedVersion`, with ledger entries and events, all or nothing. */
  transition(payment: Payment, expectedVersion: number, ledger: LedgerEntry[], events: EventEnvelope[]): Promise<void>;
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
}

/** The provider's own view of an attempt (status API), in its words. */
export interface ProviderStatus {
  rawStatus: string;
  fraudStatus?: string;
  amount: number;
  providerTransactionId: string | null;
  method: string | null;
}

/** One payment provider (Midtrans Snap, Xendit Invoice); each adapter reads its own keys. */
export interface ProviderGateway {
  createCheckout(request: CheckoutRequest): Promise<{ redirectUrl: string }>;
  /** undefined when the provider does not know the attempt. */
  status(providerOrderId: string): Promise<ProviderStatus | undefined>;
}

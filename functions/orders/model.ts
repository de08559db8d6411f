import type { EventData, EventEnvelope } from '#shared/events/catalog.ts';
import type { Courier, ShipmentStatus } from '#shared/lib/shipping.ts';
import type { RateOffer, RateOfferKey } from '#shared/table/rate-offers.ts';
import { WriteConflict } from '#shared/table/write-conflict.ts';
import type { PricedLine } from './pricing.ts';

export interface StockLine {
  productId: string;
  quantity: number;
}

/**
 * The orders domain's records and ports. No AWS imports.
 *
 *   pending_payment ─(paid)→ paid → processing (courier booked) → shipped → delivered → completed
 *   pending_payment ─(payment failed / expired / saga gave up)→ expired
 *   paid ─(customer, or vendor with a reason; not once shipping was requested)→ cancelled (refunded, stock back)
 *
 * Shipping is asked for, not called: the vendor's ship request marks the paid order (`shipRequest`)
 * and emits order.ship_requested in one conditional write — the same order item a cancel must
 * change, so the two never both win. Shipping answers with shipment.status_changed (booked → the
 * order is processing, with its shipment) or shipment.booking_failed (the request is cleared, its
 * reason kept in `shipFailure`: the vendor may ask again).
 */
export const ORDER_STATUSES = [
  'pending_payment',
  'paid',
  'processing',
  'shipped',
  'delivered',
  'completed',
  'cancelled',
  'expired',
  'refunded',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** Lines a checkout may hold: each reserves two items in one transaction (DynamoDB takes 100). */
export const MAX_CART_LINES = 30;
export const MAX_LINE_QUANTITY = 99;
/** How long a checkout's payment (and its stock reservations) may stay unpaid. */
export const CHECKOUT_HOLD_MINUTES = 30;
/** Delivered orders complete on their own after this many days (disputes go to support before). */
export const AUTO_COMPLETE_DAYS = 3;

export type ProductListing = EventData<'product.listing_updated'>;
export type VendorListing = EventData<'vendor.listing_updated'>;

export interface CartLine {
  productId: string;
  vendorId: string;
  quantity: number;
  /** The price the customer saw when adding it; the cart warns when it changed. */
  unitPriceSeen: number;
  addedAt: string;
}

export interface Cart {
  customerId: string;
  lines: CartLine[];
  version: number;
  updatedAt: string;
}

export interface Destination {
  addressId: string;
  recipientName: string;
  phone: string;
  line1: string;
  /** Absent on orders checked out before it was kept. */
  line2?: string | null;
  city: string;
  province: string;
  postalCode: string;
  lat: number;
  lon: number;
}

export interface Order {
  orderId: string;
  checkoutId: string;
  vendorId: string;
  vendorName: string;
  customerId: string;
  status: OrderStatus;
  /** Priced lines, with each product's weight then (the courier's parcel). */
  lines: (PricedLine & { weightGrams: number })[];
  subtotal: number;
  shipping: number;
  tax: number;
  total: number;
  commission: number;
  vendorPayable: number;
  shippingServiceCode: string;
  destination: Destination;
  paymentId: string | null;
  /** The vendor's pending ship request (order.ship_requested), until shipping answers; absent on older orders. */
  shipRequest?: ShipRequest | null;
  /** Why shipping could not book the last request (shipment.booking_failed); cleared by a new request. */
  shipFailure?: ShipFailure | null;
  /** The shipment as shipping's events told it (shipment.status_changed): tracking answers from it. */
  shipment: OrderShipment | null;
  cancelReason: string | null;
  cancelledBy: 'customer' | 'vendor' | null;
  deliveredAt: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface ShipRequest {
  requestId: string;
  requestedAt: string;
}

export interface ShipFailure {
  requestId: string;
  /** shipping's problem key: service-not-offered, validation, coordinates-required, conflict. */
  code: string;
  reason: string;
  at: string;
}

/** What orders keeps of its shipment from shipment.status_changed. */
export interface OrderShipment {
  shipmentId: string;
  trackingNumber: string | null;
  courier: Courier;
  serviceCode: string;
  /** The furthest status reported (events may arrive out of order; shipments only move forward). */
  status: ShipmentStatus;
  /** Each status reached, once, in order, with when shipping reported it. */
  history: { status: ShipmentStatus; at: string }[];
}

/** One shipment.status_changed, as orders reads it. */
export type ShipmentChange = Pick<
  EventData<'shipment.status_changed'>,
  'shipmentId' | 'orderId' | 'status' | 'courier' | 'serviceCode' | 'trackingNumber'
>;

/** Shipping's published rate offer (shared/table/rate-offers.ts): what the quote prices shipping from. */
export type { RateOffer, RateOfferKey };

export interface Checkout {
  checkoutId: string;
  customerId: string;
  orderIds: string[];
  total: number;
  provider: 'midtrans' | 'xendit';
  status: 'pending_payment' | 'paid' | 'expired';
  payment: { paymentId: string; redirectUrl: string | null; expiresAt: string } | null;
  expiresAt: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** How long a quote's shipping prices hold: checkout charges them (no carrier call), or asks for a new quote. */
export const QUOTE_VALID_MINUTES = 30;

/** The customer's latest quote: what checkout charges for shipping, for exactly that cart, address and couriers. */
export interface Quote {
  customerId: string;
  cartVersion: number;
  addressId: string;
  shipping: Record<string, string>;
  shippingPrices: Record<string, number>;
  etaDays: Record<string, { min: number; max: number }>;
  /** Each shop's name and kind as quoted: what checkout names the orders and takes commission by (read once, at the quote). */
  vendors: Record<string, Pick<VendorListing, 'name' | 'kind'>>;
  expiresAt: string;
}

export interface OrdersStore {
  cart(customerId: string): Promise<Cart | undefined>;
  saveCart(cart: Cart, expectedVersion: number | null): Promise<void>;
  quote(customerId: string): Promise<Quote | undefined>;
  /** The cart and the latest quote, read together (checkout needs both). */
  cartWithQuote(customerId: string): Promise<{ cart: Cart | undefined; quote: Quote | undefined }>;
  saveQuote(quote: Quote): Promise<void>;
  product(productId: string): Promise<ProductListing | undefined>;
  saveProduct(listing: ProductListing): Promise<'saved' | 'stale'>;
  vendor(vendorId: string): Promise<VendorListing | undefined>;
  saveVendor(listing: VendorListing): Promise<'saved' | 'stale'>;
  order(orderId: string): Promise<Order | undefined>;
  checkout(checkoutId: string): Promise<Checkout | undefined>;
  customerOrders(
    customerId: string,
    limit: number,
    cursor?: string,
  ): Promise<{ items: Order[]; nextCursor: string | null }>;
  vendorOrders(
    vendorId: string,
    status: OrderStatus | undefined,
    limit: number,
    cursor?: string,
  ): Promise<{ items: Order[]; nextCursor: string | null }>;
  /** Checkouts still awaiting payment whose expiry is before `before` (ISO), oldest first (the sweeper). */
  staleCheckouts(before: string, limit: number): Promise<Checkout[]>;
  /** Delivered orders whose delivery is older than `before` (auto-complete). */
  deliveredBefore(before: string, limit: number): Promise<Order[]>;
  /** The stock reservation's lines (its id is the checkout's) and their status; empty when there is none. */
  reservation(
    reservationId: string,
  ): Promise<{ productId: string; quantity: number; status: 'reserved' | 'released' | 'committed' }[]>;
  /**
   * All or nothing, with the events. A failed condition throws CommitConflict naming the writes that
   * failed ('order', 'checkout', 'cart', 'reserveStock', ... 'event'), and the stock lines; a lost
   * race throws it with failed ['race'].
   */
  commit(writes: Write[], events: EventEnvelope[]): Promise<void>;
}

/**
 * One change to the table, committed with others and the events in one transaction. The stock writes
 * move the catalog's stock (its invariants are the table's: shared/table/stock.ts) — at most 50 lines
 * each, one line per product.
 */
export type Write =
  | { type: 'order'; item: Order; expectedVersion: number | null }
  | { type: 'checkout'; item: Checkout; expectedVersion: number | null }
  | { type: 'cart'; item: Cart; expectedVersion: number | null }
  /** Each line's quantity taken from the available stock, held under the reservation (the checkout's id). */
  | { type: 'reserveStock'; reservationId: string; lines: StockLine[] }
  /** The reservation's lines back to the available stock (only lines still reserved). */
  | { type: 'releaseStock'; reservationId: string; lines: StockLine[] }
  /** The reservation's lines sold: off the stock on hand (only lines still reserved). */
  | { type: 'commitStock'; reservationId: string; lines: StockLine[] }
  /** Sold stock back on hand (a paid order cancelled before shipping). */
  | { type: 'restock'; lines: StockLine[] }
  /** The delivered order joins the list that auto-completes (with the delivery). */
  | { type: 'listDelivered'; orderId: string; deliveredAt: string }
  /** …and leaves it (with the completion). */
  | { type: 'unlistDelivered'; orderId: string; deliveredAt: string };

/** A stock line whose condition failed in a commit: its write, its place in the write's lines, and why. */
export interface FailedStockLine extends StockLine {
  write: Write;
  line: number;
  /**
   * 'stock': the stock item's condition (reserve: not enough available; any: no stock item).
   * 'reservation': the reservation was not as expected (reserve: this id already reserved the product;
   * release / commit: already released or committed, or another quantity).
   */
  because: 'stock' | 'reservation';
}

/**
 * What `OrdersStore.commit` throws when a condition did not hold or the transaction lost a race:
 * a WriteConflict (retried, else 409 concurrent-change) that tells which writes failed.
 */
export class CommitConflict extends WriteConflict {
  /** The writes whose condition failed, in commit order (none on a race or when only an event failed). */
  readonly failedWrites: readonly Write[];
  /** The stock lines whose items failed, in write then line order. */
  readonly failedLines: readonly FailedStockLine[];

  constructor(
    conflict: WriteConflict,
    detail: { failedWrites: readonly Write[]; failedLines: readonly FailedStockLine[] },
  ) {
    super({ failed: conflict.failed, positions: conflict.positions, message: conflict.message });
    this.failedWrites = detail.failedWrites;
    this.failedLines = detail.failedLines;
  }
}

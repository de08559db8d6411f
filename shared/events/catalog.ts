import { ENV } from '../config/env.ts';
import * as z from 'zod';
import '../lib/zod-cold-start.ts';
import { bookingPolicySchema, money, scheduleSchema } from '../lib/shapes.ts';
import {
  PRODUCT_CATEGORIES,
  PRODUCT_SUBCATEGORY_KEYS,
  SERVICE_CATEGORIES,
  SPECIES,
  TAX_CATEGORIES,
  VENDOR_KINDS,
} from '../lib/pet-care.ts';
import { lazySchema } from '../lib/lazy-schema.ts';
import { CARRIERS, COURIERS, SHIPMENT_STATUSES } from '../lib/shipping.ts';

/**
 * Every domain event, one zod schema per type and version. Publishers validate before the
 * event enters the outbox; consumers parse with the same schema. Each schema is built on first use
 * (`lazySchema`): a handler publishes and reads a few of these types, not all of them.
 * Names: `<aggregate>.<past-tense verb>`; source: `petpro.<domain>`.
 */
const channel = lazySchema(() => z.enum(['email', 'sms', 'whatsapp', 'push']));

const paymentOutcome = lazySchema(() =>
  z.object({
    paymentId: z.string(),
    reference: z.string(),
    vendorId: z.string(),
    payerId: z.string(),
    amount: z.number().int(),
    status: z.string(),
  }),
);

const vendorStatusChange = lazySchema(() =>
  z.object({ vendorId: z.string(), by: z.string(), reason: z.string().optional() }),
);

/** What search needs to list a vendor: the whole public listing, so consumers never read vendors' items. */
const vendorListing = lazySchema(() =>
  z.object({
    vendorId: z.string(),
    /** Grows with every change; consumers keep the highest. */
    listingVersion: z.number().int(),
    /** Approved (and not suspended): shown in search. */
    listed: z.boolean(),
    name: z.string(),
    kind: z.enum(VENDOR_KINDS),
    description: z.string().nullable(),
    address: z.string(),
    city: z.string(),
    province: z.string(),
    /** Where parcels are picked up (shipping); absent on listings published before it was added. */
    postalCode: z.string().optional(),
    lat: z.number(),
    lon: z.number(),
    phone: z.string(),
    rating: z.number().nullable(),
    reviewCount: z.number().int(),
    services: z.array(
      z.object({
        serviceId: z.string(),
        name: z.string(),
        category: z.enum(SERVICE_CATEGORIES),
        species: z.array(z.enum(SPECIES)),
        durationMin: z.number().int(),
        price: money,
        prepay: z.boolean(),
        /** Pets per slot, and minutes kept free after each slot (booking builds slots from them). */
        capacity: z.number().int(),
        bufferMin: z.number().int(),
      }),
    ),
    schedule: scheduleSchema,
    bookingPolicy: bookingPolicySchema,
    updatedAt: z.string(),
  }),
);

/**
 * What search needs to list a product: the whole public listing, so consumers never read the
 * catalog's items. Published on every change of the product, its stock or its vendor's listing.
 */
const productListing = lazySchema(() =>
  z.object({
    productId: z.string(),
    vendorId: z.string(),
    vendorName: z.string(),
    /** Grows with every change (product, stock or vendor); consumers keep the highest. */
    listingVersion: z.number().int(),
    /** Active, and its vendor approved (not suspended) and selling: shown in search. */
    listed: z.boolean(),
    name: z.string(),
    description: z.object({ id: z.string(), en: z.string().nullable() }),
    category: z.enum(PRODUCT_CATEGORIES),
    subcategory: z.enum(PRODUCT_SUBCATEGORY_KEYS),
    price: money,
    weightGrams: z.number().int(),
    /** standard: PPN applies; exempt: it does not. */
    taxCategory: z.enum(TAX_CATEGORIES),
    /** The first image (a presigned GET, valid for days), or null. */
    imageUrl: z.string().nullable(),
    /** On hand − reserved, when the change committed. */
    available: z.number().int(),
    inStock: z.boolean(),
    updatedAt: z.string(),
  }),
);

/** Who a booking belongs to and when: every booking.* event carries it (notifications, reporting, reminders). */
const bookingRef = lazySchema(() =>
  z.object({
    bookingId: z.string(),
    vendorId: z.string(),
    serviceId: z.string(),
    customerId: z.string(),
    petId: z.string(),
    /** ISO instants (UTC). */
    start: z.string(),
    end: z.string(),
  }),
);
const bookingActor = lazySchema(() => z.enum(['customer', 'vendor', 'system']));

/** Every order.* event carries it. */
const orderRef = lazySchema(() =>
  z.object({
    orderId: z.string(),
    checkoutId: z.string(),
    vendorId: z.string(),
    customerId: z.string(),
    total: z.number().int(),
  }),
);

export const eventCatalog = {
  'user.registered': {
    version: 1,
    source: 'petpro.identity',
    data: lazySchema(() =>
      z.object({
        userId: z.string(),
        email: z.string().optional(),
        phone: z.string().optional(),
        name: z.string(),
        locale: z.enum(['id', 'en']),
        groups: z.array(z.string()),
      }),
    ),
  },
  'notification.requested': {
    version: 1,
    // Any domain asks for a message; the notifications domain owns the contract.
    source: 'petpro.notifications',
    data: lazySchema(() =>
      z.object({
        channel: channel(),
        to: z.string(),
        template: z.enum(['verification-code', 'sign-in-code', 'vendor-invitation']),
        locale: z.enum(['id', 'en']),
        params: z.record(z.string(), z.string()),
      }),
    ),
  },
  'profile.updated': {
    version: 1,
    source: 'petpro.users',
    data: lazySchema(() => z.object({ userId: z.string(), fields: z.array(z.string()) })),
  },
  'pet.added': {
    version: 1,
    source: 'petpro.users',
    data: lazySchema(() => z.object({ userId: z.string(), petId: z.string(), species: z.string() })),
  },
  'pet.updated': {
    version: 1,
    source: 'petpro.users',
    data: lazySchema(() => z.object({ userId: z.string(), petId: z.string(), fields: z.array(z.string()) })),
  },
  'pet.removed': {
    version: 1,
    source: 'petpro.users',
    data: lazySchema(() => z.object({ userId: z.string(), petId: z.string() })),
  },
  'pet.record_added': {
    version: 1,
    source: 'petpro.users',
    data: lazySchema(() => z.object({ userId: z.string(), petId: z.string(), recordId: z.string(), kind: z.string() })),
  },
  'vendor.registered': {
    version: 1,
    source: 'petpro.vendors',
    data: lazySchema(() =>
      z.object({ vendorId: z.string(), name: z.string(), kind: z.enum(VENDOR_KINDS), applicantId: z.string() }),
    ),
  },
  'vendor.submitted': { version: 1, source: 'petpro.vendors', data: vendorStatusChange },
  'vendor.approved': { version: 1, source: 'petpro.vendors', data: vendorStatusChange },
  'vendor.rejected': { version: 1, source: 'petpro.vendors', data: vendorStatusChange },
  'vendor.suspended': { version: 1, source: 'petpro.vendors', data: vendorStatusChange },
  'vendor.listing_updated': { version: 1, source: 'petpro.vendors', data: vendorListing },
  'vendor.staff_added': {
    version: 1,
    source: 'petpro.vendors',
    data: lazySchema(() =>
      z.object({
        vendorId: z.string(),
        userId: z.string(),
        /** The member's Cognito username: identity adds them to the role's group. */
        username: z.string(),
        role: z.enum(['clinic_staff', 'clinic_admin']),
        by: z.string(),
      }),
    ),
  },
  'vendor.staff_removed': {
    version: 1,
    source: 'petpro.vendors',
    data: lazySchema(() => z.object({ vendorId: z.string(), userId: z.string(), by: z.string() })),
  },
  'product.listing_updated': { version: 1, source: 'petpro.catalog', data: productListing },
  /**
   * Stock moved through the reservation builders of shared/table/stock.ts (checkout reserving,
   * an order releasing or committing): whoever commits those items adds this event to the same
   * transaction (`stockChangedEvent`), and the catalog republishes those products' listings.
   */
  'stock.changed': {
    version: 1,
    source: 'petpro.catalog',
    data: lazySchema(() =>
      z.object({
        reservationId: z.string(),
        productIds: z.array(z.string()).min(1).max(50),
        /** `restocked`: committed stock back on hand (a paid order cancelled before shipping). */
        change: z.enum(['reserved', 'released', 'committed', 'restocked']),
      }),
    ),
  },
  /** A provider notification that passed verification; the payments domain applies it from the event. */
  'payment.notification_received': {
    version: 1,
    source: 'petpro.payments',
    data: lazySchema(() =>
      z.object({
        provider: z.enum(['midtrans', 'xendit']),
        providerOrderId: z.string(),
        rawStatus: z.string(),
        fraudStatus: z.string().optional(),
        amount: z.number().int(),
        providerTransactionId: z.string().nullable(),
        method: z.string().nullable(),
        /** All refunded so far, when the notification says (Midtrans refund_amount). */
        refundedAmount: z.number().int().optional(),
        /** A refund notification: the provider's refund id, and why it failed (Xendit refund.failed). */
        providerRefundId: z.string().optional(),
        failure: z.string().optional(),
      }),
    ),
  },
  'payment.succeeded': { version: 1, source: 'petpro.payments', data: paymentOutcome },
  'payment.failed': { version: 1, source: 'petpro.payments', data: paymentOutcome },
  'payment.expired': { version: 1, source: 'petpro.payments', data: paymentOutcome },
  'payment.refunded': {
    version: 1,
    source: 'petpro.payments',
    data: lazySchema(() => paymentOutcome().extend({ refundedAmount: z.number().int() })),
  },
  /** A slot was taken; the booking saga starts from it (prepay: pay within the hold, else confirm). */
  'booking.held': {
    version: 1,
    source: 'petpro.booking',
    data: lazySchema(() =>
      bookingRef().extend({ prepay: z.boolean(), amount: z.number().int(), holdExpiresAt: z.string() }),
    ),
  },
  /** The saga opened the payment page: pay by `expiresAt` or the hold ends. */
  'booking.payment_pending': {
    version: 1,
    source: 'petpro.booking',
    data: lazySchema(() =>
      bookingRef().extend({ paymentId: z.string(), redirectUrl: z.string().nullable(), expiresAt: z.string() }),
    ),
  },
  'booking.confirmed': {
    version: 1,
    source: 'petpro.booking',
    data: lazySchema(() => bookingRef().extend({ paymentId: z.string().nullable() })),
  },
  'booking.expired': {
    version: 1,
    source: 'petpro.booking',
    data: lazySchema(() => bookingRef().extend({ reason: z.string() })),
  },
  /**
   * `paymentTaken`: the booking had been confirmed with its payment, so what goes back is the booking's
   * to decide (booking.refund_due); false: it ended unpaid, and any money that still arrives for it is
   * payments' to return (absent on older events: read as `refundAmount > 0`).
   */
  'booking.cancelled': {
    version: 1,
    source: 'petpro.booking',
    data: lazySchema(() =>
      bookingRef().extend({ by: bookingActor(), refundAmount: z.number().int(), paymentTaken: z.boolean().optional() }),
    ),
  },
  'booking.rescheduled': {
    version: 1,
    source: 'petpro.booking',
    data: lazySchema(() => bookingRef().extend({ previousStart: z.string(), by: bookingActor() })),
  },
  'booking.checked_in': { version: 1, source: 'petpro.booking', data: bookingRef },
  'booking.completed': { version: 1, source: 'petpro.booking', data: bookingRef },
  'booking.no_show': { version: 1, source: 'petpro.booking', data: bookingRef },
  /** A one-time schedule fired: H-1 day or 2 hours before the start (notifications deliver it). */
  'booking.reminder_due': {
    version: 1,
    source: 'petpro.booking',
    data: lazySchema(() => bookingRef().extend({ reminder: z.enum(['day_before', 'two_hours']) })),
  },
  /** Money to give back for a booking (cancel within policy, a payment that arrived after the hold ended); payments refunds it once per booking. */
  'booking.refund_due': {
    version: 1,
    source: 'petpro.booking',
    data: lazySchema(() =>
      z.object({ bookingId: z.string(), paymentId: z.string(), amount: z.number().int().min(1), reason: z.string() }),
    ),
  },
  /** A carrier's tracking update that passed verification; the shipping domain applies it from the event. */
  'shipment.tracking_received': {
    version: 1,
    source: 'petpro.shipping',
    data: lazySchema(() =>
      z.object({
        carrier: z.enum(CARRIERS),
        /** The carrier's id of the booking (Biteship order id). */
        carrierOrderId: z.string(),
        /** The carrier's status word, as sent (Biteship: confirmed, picked, dropping_off, delivered, ...). */
        rawStatus: z.string(),
        /** The courier's waybill, when the update names it. */
        trackingNumber: z.string().nullable(),
      }),
    ),
  },
  /** A shipment moved forward (once per real transition; duplicates and older updates emit nothing). */
  'shipment.status_changed': {
    version: 1,
    source: 'petpro.shipping',
    data: lazySchema(() =>
      z.object({
        shipmentId: z.string(),
        /** The order the shipment carries (bookShipment's reference). */
        orderId: z.string(),
        vendorId: z.string(),
        customerId: z.string(),
        status: z.enum(SHIPMENT_STATUSES),
        previousStatus: z.enum(SHIPMENT_STATUSES),
        courier: z.enum(COURIERS),
        serviceCode: z.string(),
        trackingNumber: z.string().nullable(),
      }),
    ),
  },
  /**
   * Shipping could not book the courier for an order's ship request, for good (the courier does not
   * serve the route, no pickup address, an item it cannot take, ...); orders clears the request and
   * shows the reason, so the vendor can ask again. A carrier outage is retried instead, never this.
   */
  'shipment.booking_failed': {
    version: 1,
    source: 'petpro.shipping',
    data: lazySchema(() =>
      z.object({
        orderId: z.string(),
        vendorId: z.string(),
        /** The ship request it answers (order.ship_requested's `requestId`): an older request's failure clears nothing. */
        requestId: z.string(),
        /** The problem's key (`service-not-offered`, `validation`, `coordinates-required`, `conflict`). */
        code: z.string(),
        /** What went wrong, for the vendor's staff. */
        reason: z.string().max(1000),
      }),
    ),
  },
  /** A checkout reserved its stock and wrote its orders; the order saga starts from it. */
  'checkout.created': {
    version: 1,
    source: 'petpro.orders',
    data: lazySchema(() =>
      z.object({
        checkoutId: z.string(),
        customerId: z.string(),
        orderIds: z.array(z.string()).min(1),
        total: z.number().int(),
      }),
    ),
  },
  'order.paid': {
    version: 1,
    source: 'petpro.orders',
    data: lazySchema(() => orderRef().extend({ paymentId: z.string() })),
  },
  'order.expired': {
    version: 1,
    source: 'petpro.orders',
    data: lazySchema(() => orderRef().extend({ reason: z.string() })),
  },
  /**
   * The vendor asked for the courier (POST /v1/orders/{id}/ship): shipping books it from this alone
   * (once per order) and answers with shipment.status_changed (booked) or shipment.booking_failed.
   * Written in the same conditional write that marks the order ship-requested, so a cancel and a
   * ship request of one order never both win.
   */
  'order.ship_requested': {
    version: 1,
    source: 'petpro.orders',
    data: lazySchema(() =>
      orderRef().extend({
        /** This request (a new one after a failure gets a new id). */
        requestId: z.string(),
        /** What the customer chose at checkout (`jne:reg`). */
        serviceCode: z.string(),
        /** Where it goes: the customer's address as the order kept it at checkout (its id and the snapshot). */
        destination: z.object({
          addressId: z.string(),
          recipientName: z.string(),
          phone: z.string(),
          line1: z.string(),
          line2: z.string().nullable(),
          city: z.string(),
          province: z.string(),
          postalCode: z.string(),
          lat: z.number(),
          lon: z.number(),
        }),
        /** What is in the parcel: whole rupiah `value` and grams per unit. */
        items: z
          .array(
            z.object({
              name: z.string(),
              value: z.number().int().min(0),
              weightGrams: z.number().int().min(0),
              quantity: z.number().int().min(1),
            }),
          )
          .min(1),
      }),
    ),
  },
  'order.processing': {
    version: 1,
    source: 'petpro.orders',
    data: lazySchema(() => orderRef().extend({ shipmentId: z.string() })),
  },
  'order.shipped': { version: 1, source: 'petpro.orders', data: orderRef },
  'order.delivered': { version: 1, source: 'petpro.orders', data: orderRef },
  'order.completed': { version: 1, source: 'petpro.orders', data: orderRef },
  'order.cancelled': {
    version: 1,
    source: 'petpro.orders',
    data: lazySchema(() => orderRef().extend({ by: z.enum(['customer', 'vendor']), reason: z.string().nullable() })),
  },
  /** Money to give back for an order (cancelled after payment); payments refunds that order's share once. */
  'order.refund_due': {
    version: 1,
    source: 'petpro.orders',
    data: lazySchema(() =>
      z.object({
        orderId: z.string(),
        checkoutId: z.string(),
        paymentId: z.string(),
        reference: z.string(),
        amount: z.number().int().min(1),
        reason: z.string(),
      }),
    ),
  },
  /** Published by booking once a completed booking is reviewed; vendors keep the aggregate. */
  'review.submitted': {
    version: 1,
    source: 'petpro.booking',
    data: lazySchema(() =>
      z.object({
        reviewId: z.string(),
        vendorId: z.string(),
        authorId: z.string(),
        /**
         * The name the reviewer chose, as the public sees it ("Budi S.": shared/lib/display-name.ts);
         * absent when they have none, and the generic "PetPro customer" is shown. Never an id, email
         * or phone. (It replaced `authorName`, which held the Cognito username, an id: consumers drop
         * that field of older events unread.)
         */
        displayName: z.string().min(1).max(60).optional(),
        bookingId: z.string().optional(),
        rating: z.number().int().min(1).max(5),
        comment: z.string().max(2000),
      }),
    ),
  },
} as const;

export type EventType = keyof typeof eventCatalog;
export type EventData<T extends EventType> = z.infer<ReturnType<(typeof eventCatalog)[T]['data']>>;

export interface EventEnvelope<T extends EventType = EventType> {
  id: string;
  type: T;
  version: number;
  source: string;
  occurredAt: string;
  correlationId: string;
  data: EventData<T>;
}

export function isEventType(value: string): value is EventType {
  return Object.hasOwn(eventCatalog, value);
}

/** The name of the event bus every event goes on, set by CDK and by the local platform. */
export const EVENT_BUS_NAME_ENV = ENV.eventBusName;

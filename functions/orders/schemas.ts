import * as z from 'zod';
import { idParam, links, pageQuery } from '#shared/http/schemas.ts';
import { money } from '#shared/lib/shapes.ts';
import { COURIERS, SHIPMENT_STATUSES } from '#shared/lib/shipping.ts';
import { MAX_LINE_QUANTITY, ORDER_STATUSES } from './model.ts';

/** Cart, checkout and order routes' shapes (manifest.ts). */
export const productParams = z.lazy(() => z.object({ productId: idParam }));
export const orderParams = z.lazy(() => z.object({ orderId: idParam }));
export const checkoutParams = z.lazy(() => z.object({ checkoutId: idParam }));
export const vendorParams = z.lazy(() => z.object({ vendorId: idParam }));
export const cartItemInput = z.lazy(() => z.strictObject({ quantity: z.number().int().min(1).max(MAX_LINE_QUANTITY) }));
const serviceCode = () =>
  z.string().regex(/^[a-z]+:[a-z_]+$/, 'a courier service code from the shipping rates, like jne:reg');
export const quoteInput = z.lazy(() =>
  z.strictObject({ addressId: idParam, shipping: z.record(idParam, serviceCode()) }),
);
export const checkoutInput = z.lazy(() =>
  quoteInput.unwrap().extend({ provider: z.enum(['midtrans', 'xendit']).optional() }),
);
export const cancelInput = z.lazy(() => z.strictObject({ reason: z.string().trim().min(1).max(500).optional() }));
export const mineQuery = z.lazy(() => z.object({ ...pageQuery }));
export const vendorOrdersQuery = z.lazy(() => z.object({ ...pageQuery, status: z.enum(ORDER_STATUSES).optional() }));

const warning = () =>
  z.object({
    productId: z.string(),
    problem: z.enum(['price_changed', 'unavailable', 'not_enough_stock']),
    seen: z.number().optional(),
    now: z.number().optional(),
    available: z.number().optional(),
  });
export const cartView = z.lazy(() =>
  z.object({
    items: z.array(
      z.object({
        productId: z.string(),
        vendorId: z.string(),
        vendorName: z.string(),
        name: z.string(),
        quantity: z.number().int(),
        unitPrice: z.number().int(),
        unitPriceSeen: z.number().int(),
        available: z.number().int(),
        imageUrl: z.string().nullable(),
      }),
    ),
    warnings: z.array(warning()),
  }),
);
export const quoteView = z.lazy(() =>
  z.object({
    orders: z.array(
      z.object({
        vendorId: z.string(),
        vendorName: z.string(),
        lines: z.array(
          z.object({
            productId: z.string(),
            name: z.string(),
            unitPrice: z.number().int(),
            quantity: z.number().int(),
            lineSubtotal: z.number().int(),
            tax: z.number().int(),
            taxCategory: z.string(),
          }),
        ),
        subtotal: z.number().int(),
        shipping: z.number().int(),
        tax: z.number().int(),
        total: z.number().int(),
        etaDays: z.object({ min: z.number(), max: z.number() }).nullable(),
      }),
    ),
    total: z.number().int(),
    warnings: z.array(warning()),
    /** Checkout charges this shipping until then (for this cart, address and couriers). */
    validUntil: z.string(),
  }),
);
export const orderView = z.lazy(() =>
  z.object({
    orderId: z.string(),
    checkoutId: z.string(),
    status: z.enum(ORDER_STATUSES),
    vendorId: z.string(),
    vendorName: z.string(),
    lines: z.array(
      z.object({
        productId: z.string(),
        name: z.string(),
        unitPrice: z.number().int(),
        quantity: z.number().int(),
        lineSubtotal: z.number().int(),
        tax: z.number().int(),
      }),
    ),
    subtotal: money,
    shipping: money,
    tax: money,
    total: money,
    shippingServiceCode: z.string(),
    paymentId: z.string().nullable(),
    shipRequestedAt: z.string().nullable().describe('When the vendor asked for the courier'),
    shipFailure: z
      .object({ code: z.string(), reason: z.string(), at: z.string() })
      .nullable()
      .describe('Why the courier could not be booked (ask again)'),
    shipment: z
      .object({ shipmentId: z.string(), trackingNumber: z.string().nullable(), status: z.enum(SHIPMENT_STATUSES) })
      .nullable()
      .describe('Once booked (label: GET /v1/shipments/{id})'),
    cancelReason: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    _links: links,
  }),
);
export const trackingView = z.lazy(() =>
  z.object({
    orderId: z.string(),
    status: z.enum(ORDER_STATUSES),
    shipRequestedAt: z.string().nullable(),
    shipment: z
      .object({
        shipmentId: z.string(),
        courier: z.enum(COURIERS),
        serviceCode: z.string(),
        trackingNumber: z.string().nullable(),
        status: z.enum(SHIPMENT_STATUSES),
        history: z.array(z.object({ status: z.enum(SHIPMENT_STATUSES), at: z.string() })),
        labelUrl: z.string().nullable().describe('Always null (label: GET /v1/shipments/{id})'),
      })
      .nullable(),
  }),
);
export const checkoutAnswer = z.lazy(() =>
  z.object({
    checkoutId: z.string(),
    status: z.string(),
    total: money,
    orders: z.array(orderView),
    payment: z.object({ paymentId: z.string(), redirectUrl: z.string().nullable(), expiresAt: z.string() }).nullable(),
  }),
);

/** What the order saga's steps take. */
export const checkoutTask = z.lazy(() =>
  z.object({ checkoutId: idParam, correlationId: z.string().max(128).optional() }),
);
export const recordPaymentTask = z.lazy(() =>
  checkoutTask.unwrap().extend({
    payment: z.object({ paymentId: z.string(), redirectUrl: z.string().nullable(), expiresAt: z.string() }),
  }),
);
export const markPaidTask = z.lazy(() => checkoutTask.unwrap().extend({ paymentId: z.string() }));
export const releaseTask = z.lazy(() => checkoutTask.unwrap().extend({ reason: z.string().max(500) }));

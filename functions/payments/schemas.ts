import * as z from 'zod';
import { idParam, pageQuery } from '#shared/http/schemas.ts';
import { money } from '#shared/lib/shapes.ts';
import { VENDOR_KINDS } from '#shared/lib/pet-care.ts';
import { PROVIDERS } from './model.ts';

/** Refund routes' shapes (manifest.ts). */
export const paymentParams = z.lazy(() => z.object({ paymentId: idParam }));
export const refundParams = z.lazy(() => z.object({ refundId: idParam }));

export const refundInput = z.lazy(() =>
  z.strictObject({
    /** Integer rupiah; default: all that remains. */
    amount: z.number().int().min(1).max(1_000_000_000).optional(),
    reason: z.string().trim().min(1).max(500),
    /** A multi-vendor payment: the order to refund (its vendor's share). */
    reference: z
      .string()
      .regex(/^(booking|order):[0-9A-Za-z_-]{1,64}$/)
      .optional(),
  }),
);

export const refundAnswer = z.lazy(() =>
  z.object({
    refundId: z.string(),
    paymentId: z.string(),
    amount: money,
    reason: z.string(),
    /** requested: sent to the provider (its notification moves the money); manual: an admin refunds it by hand. */
    status: z.enum(['requested', 'manual']),
    provider: z.enum(PROVIDERS),
    method: z.string().nullable(),
    createdAt: z.string(),
  }),
);

export const refundTask = z.lazy(() =>
  z.object({
    refundId: z.string(),
    paymentId: z.string(),
    vendorId: z.string(),
    payerId: z.string(),
    amount: money,
    reason: z.string(),
    provider: z.enum(PROVIDERS),
    method: z.string().nullable(),
    /** Why the provider could not refund it, when it came back as a task (e.g. Xendit refund.failed). */
    failure: z.string().nullable(),
    status: z.enum(['open', 'completed']),
    requestedBy: z.string(),
    createdAt: z.string(),
    completedBy: z.string().nullable(),
    completedAt: z.string().nullable(),
    note: z.string().nullable(),
  }),
);

export const taskQuery = z.lazy(() => z.object({ ...pageQuery }));
export const completeInput = z.lazy(() => z.strictObject({ note: z.string().trim().min(1).max(1000) }));

/** What a saga hands the payment steps (booking and order sagas). */
const reference = () => z.string().regex(/^(booking|order):[0-9A-Za-z_-]{1,64}$/, 'booking:<id> or order:<id>');
export const startPaymentTask = z.lazy(() =>
  z.object({
    /** With `.waitForTaskToken`: the payment's outcome resumes this step. Without: answers the page at once (then awaitPayment). */
    taskToken: z.string().min(1).max(1024).optional(),
    reference: reference(),
    provider: z.enum(PROVIDERS),
    payerId: z.string().min(1).max(128),
    vendorId: z.string().min(1).max(64),
    vendorKind: z.enum(VENDOR_KINDS),
    amount: z.number().int().min(1).max(1_000_000_000),
    expiresAt: z.iso.datetime({ offset: true }),
    customer: z.object({
      name: z.string().min(1).max(100),
      email: z.string().email().optional(),
      phone: z.string().max(20).optional(),
    }),
    items: z
      .array(
        z.object({
          id: z.string().min(1).max(64),
          name: z.string().min(1).max(100),
          price: z.number().int().min(0),
          quantity: z.number().int().min(1),
        }),
      )
      .min(1)
      .max(100),
    /** One payment for several orders: each order's share (amount, commission, shipping), adding up to `amount`. */
    splits: z
      .array(
        z.object({
          vendorId: z.string().min(1).max(64),
          reference: reference(),
          amount: z.number().int().min(0),
          commission: z.number().int().min(0),
          shipping: z.number().int().min(0),
        }),
      )
      .max(20)
      .optional(),
    correlationId: z.string().max(128).optional(),
  }),
);
export const cancelPaymentTask = z.lazy(() =>
  z.object({ reference: reference(), correlationId: z.string().max(128).optional() }),
);
export const awaitPaymentTask = z.lazy(() =>
  z.object({
    reference: reference(),
    taskToken: z.string().min(1).max(1024),
    correlationId: z.string().max(128).optional(),
  }),
);

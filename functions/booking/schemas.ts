import * as z from 'zod';
import { idParam, links, pageQuery } from '#shared/http/schemas.ts';
import { money } from '#shared/lib/shapes.ts';
import { BOOKING_STATUSES } from './model.ts';
import { MAX_SLOT_WINDOW_DAYS } from './listings.ts';

/** Booking routes' shapes (manifest.ts). */
const instant = () => z.iso.datetime({ offset: true });

export const slotParams = z.lazy(() => z.object({ vendorId: idParam, serviceId: idParam }));
export const slotQuery = z.lazy(() =>
  z
    .object({ from: instant(), to: instant() })
    .refine(
      ({ from, to }) =>
        Date.parse(from) < Date.parse(to) && Date.parse(to) - Date.parse(from) <= MAX_SLOT_WINDOW_DAYS * 86_400_000,
      { message: `to must be after from, at most ${MAX_SLOT_WINDOW_DAYS} days later`, path: ['to'] },
    ),
);
export const slot = z.lazy(() =>
  z.object({
    start: z.string(),
    end: z.string(),
    available: z.number().int(),
    capacity: z.number().int(),
  }),
);

export const bookInput = z.lazy(() =>
  z.strictObject({
    vendorId: idParam,
    serviceId: idParam,
    petId: idParam,
    start: instant(),
    notes: z.string().trim().max(500).optional(),
    /** Who takes the prepayment (default Midtrans). */
    provider: z.enum(['midtrans', 'xendit']).optional(),
  }),
);

export const bookingParams = z.lazy(() => z.object({ bookingId: idParam }));
export const vendorParams = z.lazy(() => z.object({ vendorId: idParam }));
export const calendarQuery = z.lazy(() =>
  z
    .object({ from: instant(), to: instant() })
    .refine(
      ({ from, to }) => Date.parse(from) < Date.parse(to) && Date.parse(to) - Date.parse(from) <= 62 * 86_400_000,
      {
        message: 'to must be after from, at most 62 days later',
        path: ['to'],
      },
    ),
);
export const feedQuery = z.lazy(() => z.object({ token: z.string().min(16).max(128) }));
export const mineQuery = z.lazy(() => z.object({ ...pageQuery }));
export const cancelInput = z.lazy(() => z.strictObject({ reason: z.string().trim().min(1).max(500).optional() }));
export const rescheduleInput = z.lazy(() => z.strictObject({ start: instant() }));
export const reviewInput = z.lazy(() =>
  z.strictObject({
    rating: z.number().int().min(1).max(5),
    comment: z.string().trim().max(2000).default(''),
  }),
);

export const bookingView = z.lazy(() =>
  z.object({
    bookingId: z.string(),
    status: z.enum(BOOKING_STATUSES),
    vendorId: z.string(),
    vendorName: z.string(),
    serviceId: z.string(),
    serviceName: z.string(),
    petId: z.string(),
    petName: z.string(),
    start: z.string(),
    end: z.string(),
    timeZone: z.string(),
    amount: money,
    prepay: z.boolean(),
    holdExpiresAt: z.string().nullable(),
    payment: z.object({ paymentId: z.string(), redirectUrl: z.string().nullable(), expiresAt: z.string() }).nullable(),
    notes: z.string().nullable(),
    cancelledBy: z.enum(['customer', 'vendor', 'system']).nullable(),
    endReason: z.string().nullable(),
    refundAmount: money,
    reviewed: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
    _links: links,
  }),
);
export const reviewView = z.lazy(() =>
  z.object({
    reviewId: z.string(),
    rating: z.number().int(),
    comment: z.string(),
    createdAt: z.string(),
  }),
);

/** What the saga's booking steps take. */
export const bookingTask = z.lazy(() =>
  z.object({ bookingId: idParam, correlationId: z.string().max(128).optional() }),
);
export const recordPaymentTask = z.lazy(() =>
  bookingTask.unwrap().extend({
    payment: z.object({ paymentId: z.string(), redirectUrl: z.string().nullable(), expiresAt: z.string() }),
  }),
);
export const confirmTask = z.lazy(() => bookingTask.unwrap().extend({ paymentId: z.string().nullable().optional() }));
export const releaseTask = z.lazy(() =>
  bookingTask.unwrap().extend({ reason: z.string().max(500), paymentId: z.string().optional() }),
);

import * as z from 'zod';
import { idParam, money, pageQuery } from '#shared/http/schemas.ts';
import { PROVIDERS } from './model.ts';

/** Refund routes' shapes (manifest.ts). */
export const paymentParams = z.object({ paymentId: idParam });
export const refundParams = z.object({ refundId: idParam });

export const refundInput = z.strictObject({
  /** Integer rupiah; default: all that remains. */
  amount: z.number().int().min(1).max(1_000_000_000).optional(),
  reason: z.string().trim().min(1).max(500),
});

export const refundAnswer = z.object({
  refundId: z.string(), paymentId: z.string(), amount: money, reason: z.string(),
  /** requested: sent to the provider (its notification moves the money); manual: an admin refunds it by hand. */
  status: z.enum(['requested', 'manual']),
  provider: z.enum(PROVIDERS), method: z.string().nullable(), createdAt: z.string(),
});

export const refundTask = z.object({
  refundId: z.string(), paymentId: z.string(), vendorId: z.string(), payerId: z.string(), amount: money, reason: z.string(),
  provider: z.enum(PROVIDERS), method: z.string().nullable(), status: z.enum(['open', 'completed']), requestedBy: z.string(), createdAt: z.string(),
  completedBy: z.string().nullable(), completedAt: z.string().nullable(), note: z.string().nullable(),
});

export const taskQuery = z.object({ ...pageQuery });
export const completeInput = z.strictObject({ note: z.string().trim().min(1).max(1000) });

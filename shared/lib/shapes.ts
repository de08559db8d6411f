import * as z from 'zod';
import './zod-cold-start.ts';

/**
 * Shapes of PetPro's values that both the API and the events carry (money, opening hours, booking
 * rules): zod building blocks, each built on first use (`z.lazy`, decision 0005). Route-only blocks
 * (ids, pages, problems) are in shared/http/schemas.ts.
 */

/** Integer rupiah, as every money field of the API. */
export const money = z.lazy(() =>
  z.strictObject({
    amount: z.number().int().min(0).max(1_000_000_000),
    currency: z.literal('IDR'),
  }),
);

const wallClock = () => z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'must be HH:MM (00:00–24:00)');
export const hoursRange = z.lazy(() => z.strictObject({ open: wallClock(), close: wallClock() }));

/** Opening hours as the API and the events carry them (rules beyond shape: shared/lib/opening-hours.ts). */
export const scheduleSchema = z.lazy(() =>
  z.strictObject({
    timeZone: z.enum(['Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura']),
    weekly: z.strictObject({
      mon: z.array(hoursRange).max(6),
      tue: z.array(hoursRange).max(6),
      wed: z.array(hoursRange).max(6),
      thu: z.array(hoursRange).max(6),
      fri: z.array(hoursRange).max(6),
      sat: z.array(hoursRange).max(6),
      sun: z.array(hoursRange).max(6),
    }),
    exceptions: z
      .array(
        z.strictObject({
          date: z.iso.date(),
          closed: z.boolean().optional(),
          hours: z.array(hoursRange).max(6).optional(),
          note: z.string().trim().max(120).optional(),
        }),
      )
      .max(100),
  }),
);

/** A vendor's booking rules (shared/lib/booking-policy.ts). */
export const bookingPolicySchema = z.lazy(() =>
  z.strictObject({
    leadTimeMin: z
      .number()
      .int()
      .min(0)
      .max(7 * 24 * 60),
    horizonDays: z.number().int().min(1).max(180),
    cancelCutoffHours: z
      .number()
      .int()
      .min(0)
      .max(14 * 24),
  }),
);

import * as z from 'zod';
import '../lib/zod-cold-start.ts';
import { ULID_PATTERN } from '../lib/ids.ts';

/**
 * Building blocks for route schemas, shared by every domain. Each is wrapped in `z.lazy`: built on
 * its first parse (or OpenAPI generation), not when a handler imports it — zod builds each schema
 * with dozens of bound methods, and a handler uses few of the schemas it imports (decision 0005).
 */
export const idParam = z.lazy(() =>
  z.string().regex(ULID_PATTERN, 'must be an id (ULID)').describe('An id (ULID) this API gave out'),
);

export const pageQuery = {
  limit: z.lazy(() => z.coerce.number().int().min(1).max(100).default(20).describe('Items per page (1–100)')),
  cursor: z.lazy(() =>
    z
      .string()
      .max(2048)
      .optional()
      .describe(
        '`nextCursor` of the previous page of this same list; opaque, valid only for the list and caller it came from',
      ),
  ),
};

export const isoDate = z.lazy(() => z.iso.date());
export const locale = z.lazy(() => z.enum(['id', 'en']));

/** Indonesian mobile numbers in E.164: +62 then 8–12 digits starting with 8. */
export const indonesianPhone = z.lazy(() =>
  z.string().regex(/^\+628\d{7,11}$/, 'must be an Indonesian number like +6281234567890'),
);
export const email = z.lazy(() =>
  z
    .email()
    .max(254)
    .transform((value) => value.toLowerCase()),
);

export const problemSchema = z.lazy(() =>
  z.object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    /** On a state refusal (e.g. booking-state): the resource's current state. */
    state: z.string().optional(),
  }),
);

/** HAL-style navigation: `{ self: { href }, … }`. */
export const links = z.lazy(() => z.record(z.string(), z.object({ href: z.string() })));

export function page<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

/** A problem+json response of a route, as manifests declare it. */
export const problemResponse = (description: string) =>
  ({ description, body: problemSchema, contentType: 'application/problem+json' }) as const;

/** Standard error responses every authenticated route can give. */
export const commonProblems = {
  400: problemResponse('Bad input'),
  401: problemResponse('No or invalid token'),
  404: problemResponse('Not found, or not yours'),
} as const;

/** Route-specific problems, each with what causes it on that route (OpenAPI shows the text). */
export const forbiddenProblem = (description: string) => ({ 403: problemResponse(description) }) as const;
export const conflictProblem = (description: string) => ({ 409: problemResponse(description) }) as const;
export const ruleProblem = (description: string) => ({ 422: problemResponse(description) }) as const;

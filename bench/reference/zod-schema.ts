import * as z from 'zod';

/** Reference: zod with one small schema (zod's first-use cost). */
const body = z.strictObject({ name: z.string().min(1).max(60) });
export const handler = async (event: unknown) => body.parse(event);

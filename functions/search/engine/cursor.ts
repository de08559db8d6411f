import { createHash } from 'node:crypto';
import { openCursor, sealCursor } from '#shared/lib/sealed-cursor.ts';
import { InvalidSearchCursor, type ClinicQuery, type ProductQuery } from './port.ts';

/**
 * Cursors both adapters hand out: sealed JSON with the fingerprint of the query (`f`), the
 * pinned "open at" instant of the first page (`t`) and each adapter's own position.
 */
function fingerprint(parts: readonly unknown[]): string {
  return createHash('sha256')
    .update(JSON.stringify(parts.map((part) => part ?? null)))
    .digest('base64url')
    .slice(0, 16);
}

/**
 * What makes two queries "the same" for a cursor: everything but `limit`, `cursor` and the
 * value of `openAt` ("open now" passes a new instant on every page; the cursor pins the first).
 */
export function clinicFingerprint(query: ClinicQuery): string {
  const { q, lat, lon, radiusKm, category, species, kind, minRating, openAt, sort } = query;
  return fingerprint([
    'clinics',
    q?.trim() || null,
    lat,
    lon,
    radiusKm,
    category,
    species,
    kind,
    minRating,
    openAt !== undefined,
    sort,
  ]);
}

export function productFingerprint(query: ProductQuery): string {
  const { q, category, subcategory, minPrice, maxPrice, vendorId, inStock, sort } = query;
  return fingerprint([
    'products',
    q?.trim() || null,
    category,
    minPrice,
    maxPrice,
    vendorId,
    inStock,
    sort,
    ...(subcategory ? [subcategory] : []),
  ]);
}

/** Sealed (shared/lib/sealed-cursor.ts) for the query's fingerprint: opaque, and only that query opens it. */
export function encodeCursor(payload: { f: string; t?: number } & Record<string, unknown>): string {
  return sealCursor(payload, `search:${payload.f}`);
}

/** The payload of a cursor given out for a query with this fingerprint; else InvalidSearchCursor. */
export function readCursor(cursor: string, expectedFingerprint: string): Record<string, unknown> & { t?: number } {
  const payload = openCursor(cursor, `search:${expectedFingerprint}`);
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) throw new InvalidSearchCursor();
  const { f, t } = payload as Record<string, unknown>;
  if (f !== expectedFingerprint) throw new InvalidSearchCursor();
  if (t !== undefined && (typeof t !== 'number' || !Number.isSafeInteger(t))) throw new InvalidSearchCursor();
  return payload as Record<string, unknown> & { t?: number };
}

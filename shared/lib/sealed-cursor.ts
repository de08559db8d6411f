import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { requireEnv, ENV } from '../config/env.ts';

/**
 * Pagination cursors are sealed: AES-256-GCM under the platform's cursor key, with the listing they
 * belong to (its partition — whose records —, index, sort condition and order; for search, the query)
 * as additional authenticated data. A client cannot read the key layout or anyone's id from one,
 * cannot forge one, and a cursor replayed on another listing or by another caller does not open.
 * (Decision 0024.)
 */
/**
 * A cursor this API did not give out for this list (forged, altered, replayed elsewhere, garbage).
 * The table and search layers throw it; the HTTP edge answers it 400 (`query.cursor`).
 */
export class InvalidCursor extends Error {
  constructor(message = 'not a cursor this API gave out for this list') {
    super(message);
    this.name = 'InvalidCursor';
  }
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

let cached: { secret: string; key: Buffer } | undefined;
function cursorKey(): Buffer {
  const secret = requireEnv(ENV.cursorKey);
  if (cached?.secret !== secret) cached = { secret, key: createHash('sha256').update(secret).digest() };
  return cached.key;
}

/** A cursor for `payload` that opens only for the same `binding`. */
export function sealCursor(payload: unknown, binding: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', cursorKey(), iv);
  cipher.setAAD(Buffer.from(binding, 'utf8'));
  const sealed = Buffer.concat([cipher.update(JSON.stringify(payload), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64url');
}

/** The payload of a cursor sealed for `binding`; undefined for anything else (forged, altered, foreign, garbage). */
export function openCursor(cursor: string, binding: string): unknown {
  try {
    const raw = Buffer.from(cursor, 'base64url');
    if (raw.length <= IV_BYTES + TAG_BYTES || raw.toString('base64url') !== cursor) return undefined;
    const decipher = createDecipheriv('aes-256-gcm', cursorKey(), raw.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(binding, 'utf8'));
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    const plain = Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
    return JSON.parse(plain.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

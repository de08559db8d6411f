import { monotonicFactory, isValid } from 'ulid';

const next = monotonicFactory();

/** Opaque, sortable ids (ULID, 26 Crockford base32 characters). */
export function newId(): string {
  return next();
}

export const ULID_PATTERN = /^[0-9A-HJKMNP-TV-Z]{26}$/;

export function isId(value: string): boolean {
  return ULID_PATTERN.test(value) && isValid(value);
}

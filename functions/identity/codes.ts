import { createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

/** One-time codes: six digits, stored only as a salted HMAC. */
export const CODE_TTL_SECONDS = 15 * 60;
export const MAX_CODE_ATTEMPTS = 5;

export function generateCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

export function hashCode(code: string, salt: string = randomBytes(16).toString('hex')): string {
  return `${salt}:${createHmac('sha256', salt).update(code).digest('hex')}`;
}

export function codeMatches(code: string, stored: string): boolean {
  const [salt, digest] = stored.split(':');
  if (!salt || !digest) return false;
  const expected = Buffer.from(hashCode(code, salt));
  const actual = Buffer.from(stored);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** Email addresses are lower-cased; phone numbers are E.164 already (validated by the route). */
export function usernameOf(input: { email?: string | undefined; phone?: string | undefined }): string {
  const username = input.email ?? input.phone;
  if (!username) throw new Error('email or phone is required');
  return username;
}

export function channelOf(username: string): 'email' | 'sms' {
  return username.includes('@') ? 'email' : 'sms';
}

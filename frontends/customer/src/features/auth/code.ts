/** The six digits of a code as typed or pasted ("123 456", "123-456"): digits only, at most six. */
export function cleanCode(input: string): string {
  return input.replace(/\D/g, '').slice(0, 6);
}

export function isCompleteCode(code: string): boolean {
  return /^\d{6}$/.test(code);
}

/** The API sends a new code at most once a minute (identity: CODE_RESEND_SECONDS, OTP_RESEND_SECONDS). */
export const RESEND_AFTER_MS = 60_000;

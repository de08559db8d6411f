/** E-mail addresses and Indonesian mobile numbers as the API takes them (an e-mail, or +628…). */

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** An Indonesian mobile number as +628…: `0812-3456-7890`, `62812…` and `+62 812…` all become `+6281234567890`. */
export function normalisePhone(input: string): string | null {
  const digits = input.trim().replace(/[\s\-().]/g, '');
  // The API takes +628 and 7–11 more digits (docs/api/openapi.json, indonesianPhone).
  const national = /^(?:\+62|62|0)(8\d{7,11})$/.exec(digits);
  return national ? `+62${national[1]}` : null;
}

/** An e-mail address (lower-cased) or an Indonesian mobile number as +62…; anything else: null. */
export function normaliseUsername(input: string): string | null {
  const text = input.trim();
  if (EMAIL.test(text)) return text.toLowerCase();
  return normalisePhone(text);
}

/** The body member a normalised username goes in: `email` or `phone`. */
export type Contact = { email: string } | { phone: string };

export function contactOf(username: string): Contact {
  return username.includes('@') ? { email: username } : { phone: username };
}

export function isEmail(username: string): boolean {
  return username.includes('@');
}

import type { Locale } from './locale.ts';

/**
 * The name a person shows to strangers (a review's author): the name they chose for their profile,
 * shortened to the first name and the initial of the last one — "Budi Santoso" → "Budi S.",
 * "Drh. Rina Wijaya" → "Rina W.", "Budi" → "Budi". Never an account id, email or phone number:
 * anything that looks like one gives undefined, and the caller shows the generic label instead.
 * Shortening a shortened name changes nothing ("Budi S." → "Budi S.").
 */
export function publicName(chosen: string | null | undefined): string | undefined {
  const words = (chosen ?? '').normalize('NFC').split(/\s+/).filter(Boolean);
  // Leading titles (Drh., Dr., Ir., Hj.) stay private along with the surname.
  while (words.length > 1 && /^\p{L}{1,4}\.$/u.test(words[0]!)) words.shift();
  if (words.length === 0 || words.some(looksLikeAnIdentifier)) return undefined;
  const first = [...words[0]!].slice(0, 30).join('');
  if (words.length === 1) return first;
  const initial = [...words[words.length - 1]!].find((character) => /\p{L}/u.test(character));
  return initial ? `${first} ${initial.toUpperCase()}.` : first;
}

/** UUIDs (Cognito sub/username), ULIDs, email addresses, phone numbers and other long digit runs. */
export function looksLikeAnIdentifier(text: string): boolean {
  return (
    /[0-9a-f]{8}-[0-9a-f]{4}-/i.test(text) ||
    /^[0-9A-HJKMNP-TV-Z]{26}$/i.test(text) ||
    text.includes('@') ||
    /\d{4,}/.test(text.replace(/[\s().+-]/g, ''))
  );
}

/** Shown instead of a reviewer's name when there is none they chose (or an old review stored an id). */
export const ANONYMOUS_CUSTOMER: Record<Locale, string> = { id: 'Pelanggan PetPro', en: 'PetPro customer' };

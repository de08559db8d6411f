/**
 * The languages the apps speak — Bahasa Indonesia first, English — and the shape of a message
 * catalogue. The API answers problems in the language the client asks for (Accept-Language);
 * the client's own messages (offline, signed out) live here.
 */
export const LOCALES = ['id', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'id';

/** A catalogue: every key in every locale (the type refuses a missing translation). */
export type Catalogue<Key extends string> = { readonly [L in Locale]: Readonly<Record<Key, string>> };

export function defineCatalogue<Key extends string>(catalogue: Catalogue<Key>): Catalogue<Key> {
  return catalogue;
}

/** The message in a locale, `{name}` placeholders filled from `params`. */
export function translate<Key extends string>(
  catalogue: Catalogue<Key>,
  key: Key,
  locale: Locale = DEFAULT_LOCALE,
  params: Readonly<Record<string, string | number>> = {},
): string {
  return catalogue[locale][key].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/** Both languages of a message (an error carries them, so a screen can show either). */
export function inEveryLocale<Key extends string>(catalogue: Catalogue<Key>, key: Key): Record<Locale, string> {
  return { id: catalogue.id[key], en: catalogue.en[key] };
}

/** A locale from a language tag ('en-US', navigator.language, Accept-Language): English or else Indonesian. */
export function toLocale(tag: string | null | undefined): Locale {
  const primary = tag
    ?.trim()
    .toLowerCase()
    .split(/[-_,;]/)[0];
  return primary === 'en' ? 'en' : DEFAULT_LOCALE;
}

export const clientMessages = defineCatalogue({
  id: {
    'offline': 'Tidak dapat terhubung ke PetPro. Periksa koneksi internet Anda, lalu coba lagi.',
    'signed-out': 'Sesi Anda telah berakhir. Silakan masuk kembali.',
    'unexpected': 'Terjadi kesalahan (HTTP {status}). Silakan coba lagi.',
  },
  en: {
    'offline': 'Cannot reach PetPro. Check your internet connection, then try again.',
    'signed-out': 'Your session has ended. Please sign in again.',
    'unexpected': 'Something went wrong (HTTP {status}). Please try again.',
  },
});

export type ClientMessageKey = keyof (typeof clientMessages)['id'];

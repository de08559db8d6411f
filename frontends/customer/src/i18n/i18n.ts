import { DEFAULT_LOCALE, LOCALES, toLocale, type Locale } from '@petpro/api-client';
import i18next, { type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { catalogue } from './catalogue';

/** One i18next instance for the app, Bahasa Indonesia unless the user chose English. */
export function createI18n(locale: Locale = DEFAULT_LOCALE): i18n {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    resources: Object.fromEntries(LOCALES.map((l) => [l, { translation: catalogue[l] }])),
    lng: locale,
    fallbackLng: DEFAULT_LOCALE,
    supportedLngs: [...LOCALES],
    interpolation: { escapeValue: false }, // React escapes
    initAsync: false,
    keySeparator: false, // keys are flat: 'signIn.title'
    nsSeparator: false,
  });
  return instance;
}

export function currentLocale(instance: i18n): Locale {
  return toLocale(instance.language);
}

/** `1,2` in Indonesian, `1.2` in English (en-ID would write `1,2` too, which English readers misread). */
export function formatDecimal(value: number, locale: Locale, digits = 1): string {
  return new Intl.NumberFormat(locale === 'en' ? 'en' : 'id-ID', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(value);
}

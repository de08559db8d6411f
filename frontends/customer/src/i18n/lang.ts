import type { Locale } from '@petpro/api-client';

/**
 * The `lang` of a subtree for screen readers. react-native-web renders it as the element's `lang`
 * attribute; iOS and Android ignore the prop (React Native's types do not list it, hence the spread).
 */
export function langProps(locale: Locale): object {
  return { lang: locale };
}

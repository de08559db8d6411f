import type { catalogue } from './catalogue';

// t('…') accepts only the catalogue's keys.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    keySeparator: false;
    nsSeparator: false;
    resources: { translation: (typeof catalogue)['id'] };
  }
}

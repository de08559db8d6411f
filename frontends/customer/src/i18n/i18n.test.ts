import { describe, expect, it } from 'vitest';
import { catalogue } from './catalogue';
import { createI18n, currentLocale, formatDecimal } from './i18n';

describe('i18n', () => {
  it('speaks Bahasa Indonesia by default, with flat keys', () => {
    const i18n = createI18n();
    expect(currentLocale(i18n)).toBe('id');
    expect(i18n.t('signIn.title')).toBe('Masuk ke PetPro');
    expect(i18n.t('findCare.count', { count: 1 })).toBe('1 klinik');
  });

  it('switches to English, plurals included', async () => {
    const i18n = createI18n();
    await i18n.changeLanguage('en');
    expect(currentLocale(i18n)).toBe('en');
    expect(i18n.t('signIn.title')).toBe('Sign in to PetPro');
    expect(i18n.t('findCare.count', { count: 1 })).toBe('1 clinic');
    expect(i18n.t('findCare.count', { count: 3 })).toBe('3 clinics');
  });

  it('has the same keys in both languages', () => {
    expect(Object.keys(catalogue.en).sort()).toEqual(Object.keys(catalogue.id).sort());
  });

  it('writes decimals as each language does', () => {
    expect(formatDecimal(1.25, 'id')).toBe('1,3');
    expect(formatDecimal(4.8, 'en')).toBe('4.8');
  });
});

import { describe, expect, it } from 'vitest';
import { createI18n } from '../../i18n/i18n';
import { etaText, serviceCodeName, stockText, weightText } from './shop-format';

describe('shop words', () => {
  const id = createI18n('id').t;
  const en = createI18n('en').t;

  it('names couriers and services as Indonesians know them', () => {
    expect(serviceCodeName('jne:reg', id)).toBe('JNE REG');
    expect(serviceCodeName('sicepat:best', id)).toBe('SiCepat BEST');
    expect(serviceCodeName('grab:same_day', id)).toBe('Grab Hari yang sama');
    expect(serviceCodeName('grab:instant', en)).toBe('Grab Instant');
  });

  it('says when a parcel arrives: today, in a day, or a range', () => {
    expect(etaText({ min: 0, max: 0 }, id)).toBe('tiba hari ini');
    expect(etaText({ min: 1, max: 1 }, en)).toBe('about 1 day');
    expect(etaText({ min: 2, max: 2 }, en)).toBe('about 2 days');
    expect(etaText({ min: 1, max: 2 }, id)).toBe('estimasi 1–2 hari');
    expect(etaText(null, id)).toBe('');
  });

  it('writes weights in grams or kilograms with the language’s decimal mark', () => {
    expect(weightText(800, 'id')).toBe('800 g');
    expect(weightText(1300, 'id')).toBe('1,3 kg');
    expect(weightText(1300, 'en')).toBe('1.3 kg');
    expect(weightText(2000, 'id')).toBe('2 kg');
  });

  it('says the stock: a count, just "in stock", or sold out', () => {
    expect(stockText({ inStock: true, available: 15 }, id)).toBe('Stok 15');
    expect(stockText({ inStock: true }, en)).toBe('In stock');
    expect(stockText({ inStock: false, available: 0 }, id)).toBe('Stok habis');
  });
});

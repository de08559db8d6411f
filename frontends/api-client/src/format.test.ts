import { describe, expect, it } from 'vitest';
import {
  formatClinicDate,
  formatClinicDateTime,
  formatClinicTime,
  formatClinicTimeRange,
  formatIdr,
  zoneAbbreviation,
} from './format.ts';
import { clientMessages, toLocale, translate } from './messages.ts';

describe('formatIdr', () => {
  it("writes Rp150.000: Intl's id-ID currency format puts a no-break space (and, by ICU version, ,00) in", () => {
    const intl = new Intl.NumberFormat('id-ID', { style: 'currency', currency: 'IDR' }).format(150_000);
    expect(['Rp\u00a0150.000', 'Rp\u00a0150.000,00']).toContain(intl);
    expect(formatIdr(150_000)).toBe('Rp150.000');
    // The grouping is id-ID's.
    for (const amount of [7, 12_345, 9_876_543]) expect(formatIdr(amount)).toBe(`Rp${amount.toLocaleString('id-ID')}`);
  });

  it.each([
    [0, 'Rp0'],
    [999, 'Rp999'],
    [1_000, 'Rp1.000'],
    [1_234_567_890, 'Rp1.234.567.890'],
    [-25_000, '-Rp25.000'],
    [1_499.5, 'Rp1.500'],
    [-0.2, 'Rp0'],
  ])('%s → %s', (amount, text) => {
    expect(formatIdr(amount)).toBe(text);
  });

  it('refuses what is not an amount', () => {
    expect(() => formatIdr(Number.NaN)).toThrow(RangeError);
  });
});

describe("times in the clinic's zone", () => {
  const instant = '2026-12-07T07:30:00Z'; // 14.30 WIB, 15.30 WITA, 16.30 WIT

  it('names the zone only when the device keeps another time', () => {
    expect(formatClinicTime(instant, 'Asia/Jakarta', { deviceZone: 'Asia/Jakarta' })).toBe('14.30');
    expect(formatClinicTime(instant, 'Asia/Makassar', { deviceZone: 'Asia/Jakarta' })).toBe('15.30 WITA');
    expect(formatClinicTime(instant, 'Asia/Jayapura', { deviceZone: 'Asia/Makassar' })).toBe('16.30 WIT');
    expect(formatClinicTime(instant, 'Asia/Jakarta', { deviceZone: 'Asia/Jayapura' })).toBe('14.30 WIB');
    // Pontianak keeps WIB: the same clock, nothing to name.
    expect(formatClinicTime(instant, 'Asia/Jakarta', { deviceZone: 'Asia/Pontianak' })).toBe('14.30');
  });

  it('dates and date-times in Indonesian by default, English on request', () => {
    expect(formatClinicDate(instant, 'Asia/Makassar')).toBe('Sen, 7 Des 2026');
    expect(formatClinicDate(instant, 'Asia/Makassar', { locale: 'en' })).toBe('Mon, 7 Dec 2026');
    expect(formatClinicDateTime(instant, 'Asia/Makassar', { deviceZone: 'Asia/Jakarta' })).toBe(
      'Sen, 7 Des 2026, 15.30 WITA',
    );
    expect(formatClinicDateTime(instant, 'Asia/Makassar', { deviceZone: 'Asia/Makassar', locale: 'en' })).toBe(
      'Mon, 7 Dec 2026, 15.30',
    );
  });

  it('takes the day from the clinic zone, not the device', () => {
    const lateEvening = '2026-12-07T16:30:00Z'; // 23.30 WIB on the 7th, 01.30 WIT on the 8th
    expect(formatClinicDate(lateEvening, 'Asia/Jakarta')).toBe('Sen, 7 Des 2026');
    expect(formatClinicDate(lateEvening, 'Asia/Jayapura')).toBe('Sel, 8 Des 2026');
  });

  it('a slot names the zone once', () => {
    expect(
      formatClinicTimeRange('2026-12-07T07:30:00Z', '2026-12-07T08:00:00Z', 'Asia/Makassar', {
        deviceZone: 'Asia/Jakarta',
      }),
    ).toBe('15.30–16.00 WITA');
  });

  it('WIB, WITA, WIT', () => {
    expect(['Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura'].map((zone) => zoneAbbreviation(zone as never))).toEqual([
      'WIB',
      'WITA',
      'WIT',
    ]);
  });
});

describe('messages', () => {
  it('Indonesian by default, English for an en tag, placeholders filled', () => {
    expect(toLocale(undefined)).toBe('id');
    expect(toLocale('en-US')).toBe('en');
    expect(toLocale('id-ID')).toBe('id');
    expect(toLocale('fr')).toBe('id');
    expect(translate(clientMessages, 'unexpected', 'en', { status: 500 })).toBe(
      'Something went wrong (HTTP 500). Please try again.',
    );
  });
});

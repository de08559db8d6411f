import { describe, expect, it } from 'vitest';
import {
  ageOf,
  daysBetween,
  formatPlainDate,
  initialOf,
  localToday,
  parseDateInput,
  parseDecimalInput,
  toDateInput,
  toDecimalInput,
} from './pet-model';

describe('dates as people type them', () => {
  it('reads day-first dates and ISO dates, and refuses what is not a real day', () => {
    expect(parseDateInput('15/03/2022')).toBe('2022-03-15');
    expect(parseDateInput(' 5-3-2022 ')).toBe('2022-03-05');
    expect(parseDateInput('05.03.2022')).toBe('2022-03-05');
    expect(parseDateInput('2022-03-15')).toBe('2022-03-15');
    expect(parseDateInput('29/02/2024')).toBe('2024-02-29');
    expect(parseDateInput('29/02/2023')).toBeNull();
    expect(parseDateInput('31/04/2022')).toBeNull();
    expect(parseDateInput('03/15/2022')).toBeNull(); // month first is not how it is written here
    expect(parseDateInput('kemarin')).toBeNull();
    expect(parseDateInput('')).toBeNull();
  });

  it('shows a date back day first, and in words in each language', () => {
    expect(toDateInput('2022-03-15')).toBe('15/03/2022');
    expect(toDateInput(null)).toBe('');
    expect(formatPlainDate('2022-03-15', 'id')).toMatch(/^15 Mar 2022$/);
    expect(formatPlainDate('2026-08-01', 'id')).toMatch(/^1 Agu 2026$/);
    expect(formatPlainDate('2026-08-01', 'en')).toMatch(/^1 Aug 2026$/);
  });

  it("takes the device's calendar day and counts days between dates", () => {
    expect(localToday(new Date(2026, 11, 7, 23, 59))).toBe('2026-12-07');
    expect(daysBetween('2026-12-07', '2027-01-06')).toBe(30);
    expect(daysBetween('2026-12-07', '2026-12-01')).toBe(-6);
  });
});

describe('weights as people type them', () => {
  it('takes a decimal comma or dot, and nothing else', () => {
    expect(parseDecimalInput('4,2')).toBe(4.2);
    expect(parseDecimalInput(' 4.25 ')).toBe(4.25);
    expect(parseDecimalInput('12')).toBe(12);
    expect(parseDecimalInput('4,2 kg')).toBeNull();
    expect(parseDecimalInput('-1')).toBeNull();
    expect(parseDecimalInput('')).toBeNull();
    expect(toDecimalInput(4.2, 'id')).toBe('4,2');
    expect(toDecimalInput(4.2, 'en')).toBe('4.2');
    expect(toDecimalInput(null, 'id')).toBe('');
  });
});

describe('ageOf', () => {
  it('counts whole months, the current one only once its day has come', () => {
    expect(ageOf('2023-02-01', '2026-12-07')).toEqual({ years: 3, months: 10 });
    expect(ageOf('2026-11-08', '2026-12-07')).toEqual({ years: 0, months: 0 });
    expect(ageOf('2026-11-07', '2026-12-07')).toEqual({ years: 0, months: 1 });
    expect(ageOf('2025-12-07', '2026-12-07')).toEqual({ years: 1, months: 0 });
    expect(ageOf(null, '2026-12-07')).toBeNull();
    expect(ageOf('2027-01-01', '2026-12-07')).toBeNull();
  });
});

describe('initialOf', () => {
  it('is the first letter, upper-cased, even beyond the basic plane', () => {
    expect(initialOf(' milo')).toBe('M');
    expect(initialOf('🐱 Kiki')).toBe('🐱');
    expect(initialOf('')).toBe('?');
  });
});

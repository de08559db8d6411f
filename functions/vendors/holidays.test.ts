import { describe, it, expect } from 'vitest';
import { WEEKDAYS, isCalendarDate, type HoursRange, type Schedule, type Weekday } from '#shared/lib/opening-hours.ts';
import { NATIONAL_HOLIDAYS, holidaySuggestions } from './holidays.ts';

const weekly = Object.fromEntries(WEEKDAYS.map((d) => [d, [{ open: '08:00', close: '17:00' }]])) as Record<
  Weekday,
  HoursRange[]
>;

describe('NATIONAL_HOLIDAYS', () => {
  it('has valid, unique dates in order', () => {
    const dates = NATIONAL_HOLIDAYS.map((h) => h.date);
    for (const date of dates) expect(isCalendarDate(date), date).toBe(true);
    expect([...dates].sort()).toEqual(dates);
    expect(new Set(dates).size).toBe(dates.length);
  });

  it('covers 2026 and 2027', () => {
    const year = (y: string) => NATIONAL_HOLIDAYS.filter((h) => h.date.startsWith(y));
    // SKB 2026: 17 national holidays and 8 collective leave days.
    expect(year('2026').filter((h) => h.kind === 'holiday')).toHaveLength(17);
    expect(year('2026').filter((h) => h.kind === 'collective_leave')).toHaveLength(8);
    expect(year('2027').length).toBeGreaterThanOrEqual(17);
    for (const y of ['2026', '2027']) {
      for (const fixed of ['01-01', '05-01', '06-01', '08-17', '12-25']) {
        expect(
          NATIONAL_HOLIDAYS.some((h) => h.date === `${y}-${fixed}` && h.kind === 'holiday'),
          `${y}-${fixed}`,
        ).toBe(true);
      }
    }
  });

  it('names every day in both languages', () => {
    for (const h of NATIONAL_HOLIDAYS) {
      expect(h.name.id.length).toBeGreaterThan(0);
      expect(h.name.en.length).toBeGreaterThan(0);
    }
  });
});

describe('holidaySuggestions', () => {
  const schedule: Schedule = {
    timeZone: 'Asia/Jakarta',
    weekly,
    exceptions: [
      { date: '2026-12-25', closed: true },
      { date: '2026-12-24', hours: [{ open: '08:00', close: '12:00' }] },
    ],
  };

  it('respects the range, both ends inclusive', () => {
    const dates = holidaySuggestions({ ...schedule, exceptions: [] }, '2026-03-19', '2026-03-22').map((h) => h.date);
    expect(dates).toEqual(['2026-03-19', '2026-03-20', '2026-03-21', '2026-03-22']);
  });

  it('leaves out dates that already have an exception', () => {
    const dates = holidaySuggestions(schedule, '2026-12-01', '2027-01-31').map((h) => h.date);
    expect(dates).not.toContain('2026-12-24');
    expect(dates).not.toContain('2026-12-25');
    expect(dates).toEqual(['2027-01-01', '2027-01-05']);
  });

  it('returns nothing for an empty or reversed range', () => {
    expect(holidaySuggestions(schedule, '2026-07-01', '2026-07-31')).toEqual([]);
    expect(holidaySuggestions(schedule, '2026-12-31', '2026-01-01')).toEqual([]);
  });
});

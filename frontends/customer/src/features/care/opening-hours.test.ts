import { describe, expect, it } from 'vitest';
import { kemangProfile } from './fakes';
import { clinicWeekday, formatLocalDate, formatRanges, upcomingExceptions, weekRows, zoneName } from './opening-hours';

describe('opening hours, in the clinic’s own zone', () => {
  // Sunday 23:30 UTC is already Monday 06:30 in Jakarta (WIB) and 08:30 in Jayapura (WIT).
  const sundayNightUtc = new Date('2026-12-06T23:30:00Z');

  it("takes today from the clinic's clock, not the device's", () => {
    expect(clinicWeekday('Asia/Jakarta', sundayNightUtc)).toBe('mon');
    expect(clinicWeekday('Asia/Jayapura', new Date('2026-12-06T14:00:00Z'))).toBe('sun');
    expect(clinicWeekday('Asia/Jayapura', new Date('2026-12-06T15:00:00Z'))).toBe('mon');
  });

  it('writes the hours as each language does, a closed day empty, and marks today', () => {
    const rows = weekRows(kemangProfile.schedule, sundayNightUtc, 'id');
    expect(rows[0]).toEqual({ day: 'mon', hours: '09.00–17.00', closed: false, today: true });
    expect(rows[6]).toEqual({ day: 'sun', hours: '', closed: true, today: false });
    expect(
      formatRanges(
        [
          { open: '09:00', close: '12:00' },
          { open: '13:00', close: '24:00' },
        ],
        'en',
      ),
    ).toBe('09:00–12:00, 13:00–24:00');
  });

  it('names the zone: WIB, WITA, WIT', () => {
    expect(zoneName('Asia/Jakarta')).toBe('WIB');
    expect(zoneName('Asia/Makassar')).toBe('WITA');
    expect(zoneName('Asia/Jayapura')).toBe('WIT');
  });

  it('lists the special dates from today on, soonest first, within the window', () => {
    const schedule = {
      ...kemangProfile.schedule,
      exceptions: [
        { date: '2027-03-10', closed: true, hours: [], note: 'Idul Fitri' },
        { date: '2026-12-25', closed: true, hours: [], note: 'Natal' },
        { date: '2026-12-06', closed: true, hours: [], note: null },
        { date: '2026-12-07', closed: false, hours: [{ open: '10:00', close: '14:00' }], note: null },
      ],
    };
    // Monday 7 December in Jakarta already: the 6th is past.
    expect(upcomingExceptions(schedule, sundayNightUtc, 60).map((e) => e.date)).toEqual(['2026-12-07', '2026-12-25']);
    expect(formatLocalDate('2027-03-10', 'id')).toBe('Rab, 10 Mar 2027');
    expect(formatLocalDate('2027-03-10', 'en')).toMatch(/Wed, 10 Mar 2027/);
  });
});

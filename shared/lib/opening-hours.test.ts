import { describe, it, expect } from 'vitest';
import {
  WEEKDAYS,
  isOpenAt,
  isOpenInIndex,
  minuteOfWeekUtc,
  openingIndex,
  scheduleProblems,
  type HoursRange,
  type Schedule,
  type Weekday,
} from './opening-hours.ts';
import { fromZonedWallClock, type IndonesianTimeZone } from './time.ts';

function schedule(
  timeZone: IndonesianTimeZone,
  hours: Partial<Record<Weekday, HoursRange[]>>,
  exceptions: Schedule['exceptions'] = [],
): Schedule {
  const weekly = Object.fromEntries(WEEKDAYS.map((d) => [d, hours[d] ?? []])) as Record<Weekday, HoursRange[]>;
  return { timeZone, weekly, exceptions };
}

const everyDay = (ranges: HoursRange[]): Partial<Record<Weekday, HoursRange[]>> =>
  Object.fromEntries(WEEKDAYS.map((d) => [d, ranges]));

const at = (date: string, time: string, zone: IndonesianTimeZone): Date => fromZonedWallClock(date, time, zone);
const oneSecondBefore = (d: Date): Date => new Date(d.getTime() - 1000);

describe('minuteOfWeekUtc', () => {
  it('counts from Monday 00:00 UTC', () => {
    expect(minuteOfWeekUtc(new Date('2026-12-21T00:00:00Z'))).toBe(0); // a Monday
    expect(minuteOfWeekUtc(new Date('2026-12-22T01:30:59Z'))).toBe(1440 + 90);
    expect(minuteOfWeekUtc(new Date('2026-12-27T23:59:00Z'))).toBe(10079); // Sunday
  });
});

describe('isOpenAt', () => {
  // 2026-12-21 is a Monday.
  it.each([['Asia/Jakarta'], ['Asia/Makassar'], ['Asia/Jayapura']] as const)(
    'opens at open and closes at close in %s',
    (zone) => {
      const s = schedule(zone, { mon: [{ open: '08:00', close: '17:00' }] });
      expect(isOpenAt(s, oneSecondBefore(at('2026-12-21', '08:00', zone)))).toBe(false);
      expect(isOpenAt(s, at('2026-12-21', '08:00', zone))).toBe(true);
      expect(isOpenAt(s, oneSecondBefore(at('2026-12-21', '17:00', zone)))).toBe(true);
      expect(isOpenAt(s, at('2026-12-21', '17:00', zone))).toBe(false);
      // The same wall clock a day later is Tuesday: closed.
      expect(isOpenAt(s, at('2026-12-22', '09:00', zone))).toBe(false);
    },
  );

  it('uses the local weekday, not the UTC one (WIT Monday 01:00 is Sunday 16:00 UTC)', () => {
    const s = schedule('Asia/Jayapura', { mon: [{ open: '01:00', close: '06:00' }] });
    const instant = at('2026-12-21', '01:00', 'Asia/Jayapura');
    expect(instant.toISOString()).toBe('2026-12-20T16:00:00.000Z');
    expect(isOpenAt(s, instant)).toBe(true);
    expect(isOpenAt(s, new Date('2026-12-21T16:00:00Z'))).toBe(false);
  });

  it('treats close 24:00 as the end of the local day', () => {
    const s = schedule('Asia/Makassar', { sat: [{ open: '18:00', close: '24:00' }] });
    expect(isOpenAt(s, oneSecondBefore(at('2026-12-27', '00:00', 'Asia/Makassar')))).toBe(true);
    expect(isOpenAt(s, at('2026-12-27', '00:00', 'Asia/Makassar'))).toBe(false);
  });

  it('honours a lunch break between two ranges', () => {
    const s = schedule(
      'Asia/Jakarta',
      everyDay([
        { open: '08:00', close: '12:00' },
        { open: '13:00', close: '20:00' },
      ]),
    );
    expect(isOpenAt(s, at('2026-12-23', '11:59', 'Asia/Jakarta'))).toBe(true);
    expect(isOpenAt(s, at('2026-12-23', '12:30', 'Asia/Jakarta'))).toBe(false);
    expect(isOpenAt(s, at('2026-12-23', '13:00', 'Asia/Jakarta'))).toBe(true);
  });

  it('lets a closed exception override the weekly hours for the whole local day', () => {
    const s = schedule('Asia/Jakarta', everyDay([{ open: '00:00', close: '24:00' }]), [
      { date: '2026-12-25', closed: true },
    ]);
    expect(isOpenAt(s, oneSecondBefore(at('2026-12-25', '00:00', 'Asia/Jakarta')))).toBe(true);
    expect(isOpenAt(s, at('2026-12-25', '00:00', 'Asia/Jakarta'))).toBe(false);
    expect(isOpenAt(s, at('2026-12-25', '23:59', 'Asia/Jakarta'))).toBe(false);
    expect(isOpenAt(s, at('2026-12-26', '00:00', 'Asia/Jakarta'))).toBe(true);
  });

  it('uses special hours instead of the weekly ones', () => {
    const s = schedule('Asia/Makassar', everyDay([{ open: '09:00', close: '18:00' }]), [
      { date: '2026-12-24', hours: [{ open: '07:00', close: '12:00' }], note: 'Malam Natal' },
    ]);
    expect(isOpenAt(s, at('2026-12-24', '07:00', 'Asia/Makassar'))).toBe(true);
    expect(isOpenAt(s, at('2026-12-24', '12:00', 'Asia/Makassar'))).toBe(false);
    expect(isOpenAt(s, at('2026-12-24', '15:00', 'Asia/Makassar'))).toBe(false);
    expect(isOpenAt(s, at('2026-12-23', '15:00', 'Asia/Makassar'))).toBe(true);
  });
});

describe('scheduleProblems', () => {
  const valid = schedule(
    'Asia/Jakarta',
    {
      mon: [
        { open: '08:00', close: '12:00' },
        { open: '12:00', close: '24:00' },
      ],
      sun: [{ open: '00:00', close: '24:00' }],
    },
    [
      { date: '2026-12-25', closed: true },
      { date: '2026-12-24', hours: [{ open: '08:00', close: '12:00' }] },
    ],
  );

  it('accepts a valid schedule, including touching ranges and 24:00', () => {
    expect(scheduleProblems(valid)).toEqual([]);
  });

  it('rejects bad times', () => {
    const s = schedule('Asia/Jakarta', {
      tue: [
        { open: '24:00', close: '24:00' },
        { open: '8:00', close: '25:00' },
      ],
    });
    expect(scheduleProblems(s).map((p) => p.path)).toEqual([
      'body.weekly.tue.0.open',
      'body.weekly.tue.1.open',
      'body.weekly.tue.1.close',
    ]);
  });

  it('rejects close before or at open', () => {
    const s = schedule('Asia/Jakarta', { wed: [{ open: '10:00', close: '10:00' }] });
    expect(scheduleProblems(s)).toEqual([{ path: 'body.weekly.wed.0.close', message: 'must be after open' }]);
  });

  it('rejects overlapping and unsorted ranges', () => {
    const overlapping = schedule('Asia/Jakarta', {
      mon: [
        { open: '08:00', close: '12:00' },
        { open: '11:00', close: '15:00' },
      ],
    });
    expect(scheduleProblems(overlapping).map((p) => p.path)).toEqual(['body.weekly.mon.1.open']);
    const unsorted = schedule('Asia/Jakarta', {
      mon: [
        { open: '13:00', close: '15:00' },
        { open: '08:00', close: '12:00' },
      ],
    });
    expect(scheduleProblems(unsorted).map((p) => p.path)).toEqual(['body.weekly.mon.1.open']);
  });

  it('limits ranges per day and exceptions', () => {
    const ranges = Array.from({ length: 7 }, (_, i) => ({ open: `0${i}:00`, close: `0${i}:30` }));
    expect(scheduleProblems(schedule('Asia/Jakarta', { fri: ranges })).map((p) => p.path)).toEqual(['body.weekly.fri']);
    const exceptions = Array.from({ length: 101 }, (_, i) => ({
      date: new Date(Date.UTC(2026, 0, 1 + i)).toISOString().slice(0, 10),
      closed: true,
    }));
    expect(scheduleProblems(schedule('Asia/Jakarta', {}, exceptions)).map((p) => p.path)).toEqual(['body.exceptions']);
  });

  it('checks exception dates and content', () => {
    const s = schedule('Asia/Jakarta', {}, [
      { date: '2026-02-30', closed: true },
      { date: '2026-12-25', closed: true },
      { date: '2026-12-25', closed: true },
      { date: '2026-12-26', closed: true, hours: [{ open: '08:00', close: '12:00' }] },
      { date: '2026-12-27' },
      { date: '2026-12-28', closed: false, hours: [] },
      { date: '2026-12-29', hours: [{ open: '12:00', close: '08:00' }] },
    ]);
    expect(scheduleProblems(s)).toEqual([
      { path: 'body.exceptions.0.date', message: 'must be a calendar date YYYY-MM-DD' },
      { path: 'body.exceptions.2.date', message: 'duplicate date' },
      { path: 'body.exceptions.3', message: 'either closed or hours, not both' },
      { path: 'body.exceptions.4', message: 'needs closed: true or at least one hours range' },
      { path: 'body.exceptions.5', message: 'needs closed: true or at least one hours range' },
      { path: 'body.exceptions.6.hours.0.close', message: 'must be after open' },
    ]);
  });

  it('accepts closed: true with an empty hours list', () => {
    expect(scheduleProblems(schedule('Asia/Jakarta', {}, [{ date: '2026-12-25', closed: true, hours: [] }]))).toEqual(
      [],
    );
  });

  it('roots paths where asked', () => {
    const s = schedule('Asia/Jakarta', { wed: [{ open: '10:00', close: '09:00' }] });
    expect(scheduleProblems(s, 'body.schedule')[0]?.path).toBe('body.schedule.weekly.wed.0.close');
  });
});

describe('openingIndex', () => {
  it('shifts weekly hours to UTC and splits the range that wraps the week', () => {
    // WIT Monday 01:00–06:00 = Sunday 16:00–21:00 UTC.
    const wit = openingIndex(schedule('Asia/Jayapura', { mon: [{ open: '01:00', close: '06:00' }] }));
    expect(wit.weeklyUtc).toEqual([{ gte: 6 * 1440 + 16 * 60, lt: 6 * 1440 + 21 * 60 }]);
    // WIB Monday 00:00–24:00 = Sunday 17:00 UTC – Monday 17:00 UTC, across the week boundary.
    const wib = openingIndex(schedule('Asia/Jakarta', { mon: [{ open: '00:00', close: '24:00' }] }));
    expect(wib.weeklyUtc).toEqual([
      { gte: 0, lt: 17 * 60 },
      { gte: 6 * 1440 + 17 * 60, lt: 7 * 1440 },
    ]);
  });

  it('merges touching ranges, including across local midnight', () => {
    const index = openingIndex(schedule('Asia/Jakarta', everyDay([{ open: '00:00', close: '24:00' }])));
    expect(index.weeklyUtc).toEqual([{ gte: 0, lt: 7 * 1440 }]);
  });

  it('lists exception days and special hours as epoch intervals', () => {
    const index = openingIndex(
      schedule('Asia/Makassar', {}, [
        { date: '2026-12-25', closed: true },
        { date: '2026-12-24', hours: [{ open: '07:00', close: '12:00' }] },
      ]),
    );
    expect(index.closedIntervals).toEqual([
      { gte: Date.parse('2026-12-23T16:00:00Z'), lt: Date.parse('2026-12-24T16:00:00Z') },
      { gte: Date.parse('2026-12-24T16:00:00Z'), lt: Date.parse('2026-12-25T16:00:00Z') },
    ]);
    expect(index.specialIntervals).toEqual([
      { gte: Date.parse('2026-12-23T23:00:00Z'), lt: Date.parse('2026-12-24T04:00:00Z') },
    ]);
  });
});

describe('isOpenInIndex agrees with isOpenAt', () => {
  const weekly: Partial<Record<Weekday, HoursRange[]>> = {
    mon: [
      { open: '01:00', close: '06:00' },
      { open: '09:00', close: '12:00' },
      { open: '13:00', close: '24:00' },
    ],
    tue: [
      { open: '00:00', close: '03:30' },
      { open: '08:15', close: '17:45' },
    ],
    wed: [{ open: '00:00', close: '24:00' }],
    thu: [
      { open: '07:00', close: '12:00' },
      { open: '12:00', close: '19:00' },
    ],
    fri: [{ open: '13:30', close: '23:59' }],
    sat: [{ open: '08:00', close: '24:00' }],
    sun: [
      { open: '00:00', close: '08:00' },
      { open: '22:00', close: '24:00' },
    ],
  };
  const exceptions: Schedule['exceptions'] = [
    {
      date: '2026-12-24',
      hours: [
        { open: '07:00', close: '12:00' },
        { open: '20:00', close: '24:00' },
      ],
    },
    { date: '2026-12-25', closed: true },
    { date: '2026-12-27', hours: [{ open: '00:00', close: '02:00' }] },
    { date: '2026-12-28', closed: true },
    { date: '2026-12-31', hours: [{ open: '10:00', close: '24:00' }] },
    { date: '2027-01-01', closed: true },
  ];

  it.each([['Asia/Jakarta'], ['Asia/Makassar'], ['Asia/Jayapura']] as const)(
    'in %s, every 7 minutes over 3 weeks',
    (zone) => {
      const s = schedule(zone, weekly, exceptions);
      expect(scheduleProblems(s)).toEqual([]);
      const index = openingIndex(s);
      const start = Date.parse('2026-12-14T00:00:00Z');
      const end = start + 21 * 24 * 60 * 60_000;
      let open = 0;
      const disagreements: string[] = [];
      for (let t = start; t < end; t += 7 * 60_000) {
        const instant = new Date(t);
        const expected = isOpenAt(s, instant);
        if (expected) open++;
        if (isOpenInIndex(index, instant) !== expected) disagreements.push(instant.toISOString());
      }
      expect(disagreements).toEqual([]);
      expect(open).toBeGreaterThan(1000); // the sample really exercises both answers
    },
  );

  it('agrees at every range boundary, one second either side', () => {
    for (const zone of ['Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura'] as const) {
      const s = schedule(zone, weekly, exceptions);
      const index = openingIndex(s);
      for (let day = 0; day < 21; day++) {
        const date = new Date(Date.UTC(2026, 11, 14 + day)).toISOString().slice(0, 10);
        for (const time of [
          '00:00',
          '01:00',
          '03:30',
          '06:00',
          '07:00',
          '08:00',
          '08:15',
          '12:00',
          '13:00',
          '13:30',
          '17:45',
          '20:00',
          '22:00',
          '23:59',
        ]) {
          const boundary = at(date, time, zone).getTime();
          for (const t of [boundary - 1000, boundary, boundary + 1000]) {
            expect(isOpenInIndex(index, new Date(t)), `${zone} ${new Date(t).toISOString()}`).toBe(
              isOpenAt(s, new Date(t)),
            );
          }
        }
      }
    }
  });
});

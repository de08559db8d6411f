import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  WEEKDAYS,
  scheduleProblems,
  type HoursRange,
  type Schedule,
  type ScheduleException,
  type Weekday,
} from '#shared/lib/opening-hours.ts';
import type { IndonesianTimeZone } from '#shared/lib/time.ts';
import { MAX_WINDOW_DAYS, generateSlots, isBookableStart, localDateTime, type Slot, type SlotRules } from './slots.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function schedule(
  timeZone: IndonesianTimeZone,
  hours: Partial<Record<Weekday, HoursRange[]>>,
  exceptions: ScheduleException[] = [],
): Schedule {
  const weekly = Object.fromEntries(WEEKDAYS.map((d) => [d, hours[d] ?? []])) as Record<Weekday, HoursRange[]>;
  return { timeZone, weekly, exceptions };
}

const weekdays = (ranges: HoursRange[]): Partial<Record<Weekday, HoursRange[]>> =>
  Object.fromEntries((['mon', 'tue', 'wed', 'thu', 'fri'] as const).map((d) => [d, ranges]));
const everyDay = (ranges: HoursRange[]): Partial<Record<Weekday, HoursRange[]>> =>
  Object.fromEntries(WEEKDAYS.map((d) => [d, ranges]));

/** Offsets written out here on purpose, not imported: the test must not share the module's path. */
const OFFSET_HOURS: Record<IndonesianTimeZone, number> = { 'Asia/Jakarta': 7, 'Asia/Makassar': 8, 'Asia/Jayapura': 9 };
const ZONES = Object.keys(OFFSET_HOURS) as IndonesianTimeZone[];

/** Local wall clock → instant, via the test's own offset table. */
const local = (zone: IndonesianTimeZone, date: string, time: string): Date =>
  new Date(Date.parse(`${date}T${time}:00Z`) - OFFSET_HOURS[zone] * HOUR);

const starts = (slots: Slot[]): string[] => slots.map((s) => s.start);
/** The whole local day as a window. */
const dayWindow = (zone: IndonesianTimeZone, date: string): { from: Date; to: Date } => {
  const from = local(zone, date, '00:00');
  return { from, to: new Date(from.getTime() + DAY) };
};

const clinic = schedule(
  'Asia/Jakarta',
  weekdays([
    { open: '08:00', close: '12:00' },
    { open: '13:00', close: '17:00' },
  ]),
);
const rules30 = { durationMin: 30, bufferMin: 10, leadTimeMin: 0, horizonDays: 60 } satisfies SlotRules;
const MONDAY = '2026-12-21';
// A week before: lead time and horizon (60 days) don't cut the examples unless a test says so.
const longAgo = new Date('2026-12-14T00:00:00Z');

describe('offset table used by these tests', () => {
  it('matches the IANA database (Intl) for every zone, and the zones have no DST', () => {
    for (const zone of ZONES) {
      for (const when of ['2026-01-15T12:00:00Z', '2026-07-15T12:00:00Z', '2030-03-31T00:00:00Z']) {
        const name = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' })
          .formatToParts(new Date(when))
          .find((p) => p.type === 'timeZoneName')?.value;
        expect(name).toBe(`GMT+0${OFFSET_HOURS[zone]}:00`);
      }
    }
  });
});

describe('generateSlots examples', () => {
  it('cuts a Jakarta clinic day into 30-min slots every 40 min, per range', () => {
    const slots = generateSlots(clinic, rules30, dayWindow('Asia/Jakarta', MONDAY), longAgo);
    // Local: 08:00 08:40 09:20 10:00 10:40 11:20 | 13:00 13:40 14:20 15:00 15:40 16:20 (WIB = UTC+7).
    expect(starts(slots)).toEqual([
      '2026-12-21T01:00:00.000Z',
      '2026-12-21T01:40:00.000Z',
      '2026-12-21T02:20:00.000Z',
      '2026-12-21T03:00:00.000Z',
      '2026-12-21T03:40:00.000Z',
      '2026-12-21T04:20:00.000Z',
      '2026-12-21T06:00:00.000Z',
      '2026-12-21T06:40:00.000Z',
      '2026-12-21T07:20:00.000Z',
      '2026-12-21T08:00:00.000Z',
      '2026-12-21T08:40:00.000Z',
      '2026-12-21T09:20:00.000Z',
    ]);
    expect(slots[0]).toEqual({ start: '2026-12-21T01:00:00.000Z', end: '2026-12-21T01:30:00.000Z' });
    // 16:20 + 30 = 16:50 ≤ 17:00 is the last; 11:20 + 30 = 11:50 ≤ 12:00 but 12:00 would end 12:30.
    expect(slots.at(-1)).toEqual({ start: '2026-12-21T09:20:00.000Z', end: '2026-12-21T09:50:00.000Z' });
  });

  it('gives nothing on a weekday without hours', () => {
    expect(generateSlots(clinic, rules30, dayWindow('Asia/Jakarta', '2026-12-26'), longAgo)).toEqual([]); // Saturday
  });

  it('places WITA and WIT clinics at their own offsets', () => {
    const rules = { durationMin: 60, bufferMin: 0, leadTimeMin: 0, horizonDays: 60 };
    const makassar = schedule('Asia/Makassar', everyDay([{ open: '09:00', close: '11:00' }]));
    expect(starts(generateSlots(makassar, rules, dayWindow('Asia/Makassar', MONDAY), longAgo))).toEqual([
      '2026-12-21T01:00:00.000Z',
      '2026-12-21T02:00:00.000Z',
    ]);
    // 07:00 WIT is 22:00 UTC the evening before.
    const jayapura = schedule('Asia/Jayapura', everyDay([{ open: '07:00', close: '09:00' }]));
    expect(starts(generateSlots(jayapura, rules, dayWindow('Asia/Jayapura', MONDAY), longAgo))).toEqual([
      '2026-12-20T22:00:00.000Z',
      '2026-12-20T23:00:00.000Z',
    ]);
  });

  it('drops a day with a closed exception and only that day', () => {
    const closed = { ...clinic, exceptions: [{ date: MONDAY, closed: true, note: 'Libur' }] };
    expect(generateSlots(closed, rules30, dayWindow('Asia/Jakarta', MONDAY), longAgo)).toEqual([]);
    expect(generateSlots(closed, rules30, dayWindow('Asia/Jakarta', '2026-12-22'), longAgo)).toHaveLength(12);
  });

  it('replaces the weekly hours with special hours, also on a normally closed day', () => {
    const special = {
      ...clinic,
      exceptions: [
        { date: MONDAY, hours: [{ open: '10:00', close: '11:30' }] },
        { date: '2026-12-26', hours: [{ open: '09:00', close: '10:00' }] },
      ],
    };
    expect(starts(generateSlots(special, rules30, dayWindow('Asia/Jakarta', MONDAY), longAgo))).toEqual([
      '2026-12-21T03:00:00.000Z', // 10:00
      '2026-12-21T03:40:00.000Z', // 10:40 (ends 11:10; 11:20 would end 11:50 > 11:30)
    ]);
    expect(starts(generateSlots(special, rules30, dayWindow('Asia/Jakarta', '2026-12-26'), longAgo))).toEqual([
      '2026-12-26T02:00:00.000Z', // Saturday 09:00
    ]);
  });

  it('reads the first of duplicate exceptions, as opening-hours does', () => {
    const dup = {
      ...clinic,
      exceptions: [
        { date: MONDAY, closed: true },
        { date: MONDAY, hours: [{ open: '08:00', close: '09:00' }] },
      ],
    };
    expect(generateSlots(dup, rules30, dayWindow('Asia/Jakarta', MONDAY), longAgo)).toEqual([]);
  });

  it('cuts by lead time (start ≥ now + lead, boundary included)', () => {
    const now = local('Asia/Jakarta', MONDAY, '08:05');
    const rules = { ...rules30, leadTimeMin: 75 }; // earliest 09:20 exactly
    const slots = generateSlots(clinic, rules, dayWindow('Asia/Jakarta', MONDAY), now);
    expect(slots[0]?.start).toBe(local('Asia/Jakarta', MONDAY, '09:20').toISOString());
    expect(slots).toHaveLength(10);
    expect(generateSlots(clinic, { ...rules, leadTimeMin: 76 }, dayWindow('Asia/Jakarta', MONDAY), now)[0]?.start).toBe(
      local('Asia/Jakarta', MONDAY, '10:00').toISOString(),
    );
  });

  it('cuts by horizon (start < now + days × 24 h, boundary excluded)', () => {
    const now = local('Asia/Jakarta', MONDAY, '10:40');
    const rules = { ...rules30, horizonDays: 1 };
    const window = { from: now, to: new Date(now.getTime() + 3 * DAY) };
    const slots = generateSlots(clinic, rules, window, now);
    expect(slots[0]?.start).toBe(now.toISOString()); // lead 0: now itself is bookable
    // Tuesday 10:40 is exactly now + 24 h: excluded; 10:00 is the last one.
    expect(slots.at(-1)?.start).toBe(local('Asia/Jakarta', '2026-12-22', '10:00').toISOString());
    expect(slots).toHaveLength(12);
  });

  it('keeps the window half-open [from, to)', () => {
    const from = local('Asia/Jakarta', MONDAY, '08:40');
    const to = local('Asia/Jakarta', MONDAY, '10:00');
    expect(starts(generateSlots(clinic, rules30, { from, to }, longAgo))).toEqual([
      from.toISOString(),
      local('Asia/Jakarta', MONDAY, '09:20').toISOString(),
    ]);
    expect(generateSlots(clinic, rules30, { from: to, to: from }, longAgo)).toEqual([]);
  });

  it('follows a window across local midnight into the next local date', () => {
    const night = schedule(
      'Asia/Makassar',
      everyDay([
        { open: '00:00', close: '02:00' },
        { open: '22:00', close: '24:00' },
      ]),
    );
    const rules = { durationMin: 30, bufferMin: 0, leadTimeMin: 0, horizonDays: 60 };
    const window = { from: local('Asia/Makassar', MONDAY, '23:00'), to: local('Asia/Makassar', '2026-12-22', '01:00') };
    const slots = generateSlots(night, rules, window, longAgo);
    expect(slots.map((s) => localDateTime(night, new Date(s.start)))).toEqual([
      { date: MONDAY, time: '23:00' },
      { date: MONDAY, time: '23:30' },
      { date: '2026-12-22', time: '00:00' },
      { date: '2026-12-22', time: '00:30' },
    ]);
    // 23:30 WITA ends exactly at local midnight.
    expect(slots[1]?.end).toBe('2026-12-21T16:00:00.000Z');
  });

  it('treats "24:00" as end of the local day: a slot may end there, never cross it', () => {
    const late = schedule('Asia/Jakarta', everyDay([{ open: '23:00', close: '24:00' }]));
    const rules = { durationMin: 25, bufferMin: 10, leadTimeMin: 0, horizonDays: 60 };
    expect(starts(generateSlots(late, rules, dayWindow('Asia/Jakarta', MONDAY), longAgo))).toEqual([
      local('Asia/Jakarta', MONDAY, '23:00').toISOString(),
      local('Asia/Jakarta', MONDAY, '23:35').toISOString(), // ends 24:00 exactly
    ]);
    const allDay = schedule('Asia/Jakarta', everyDay([{ open: '00:00', close: '24:00' }]));
    const hourly = { durationMin: 60, bufferMin: 0, leadTimeMin: 0, horizonDays: 60 };
    expect(generateSlots(allDay, hourly, dayWindow('Asia/Jakarta', MONDAY), longAgo)).toHaveLength(24);
  });

  it('lets the last buffer run past close', () => {
    const short = schedule('Asia/Jakarta', everyDay([{ open: '08:00', close: '09:10' }]));
    expect(starts(generateSlots(short, rules30, dayWindow('Asia/Jakarta', MONDAY), longAgo))).toEqual([
      local('Asia/Jakarta', MONDAY, '08:00').toISOString(),
      local('Asia/Jakarta', MONDAY, '08:40').toISOString(), // ends 09:10, buffer to 09:20
    ]);
  });

  it('restarts the grid at each range, even touching ones', () => {
    const touching = schedule(
      'Asia/Jakarta',
      everyDay([
        { open: '09:00', close: '10:00' },
        { open: '10:00', close: '11:00' },
      ]),
    );
    expect(scheduleProblems(touching)).toEqual([]);
    const rules = { durationMin: 45, bufferMin: 0, leadTimeMin: 0, horizonDays: 60 };
    expect(starts(generateSlots(touching, rules, dayWindow('Asia/Jakarta', MONDAY), longAgo))).toEqual([
      local('Asia/Jakarta', MONDAY, '09:00').toISOString(),
      local('Asia/Jakarta', MONDAY, '10:00').toISOString(),
    ]);
  });

  it('caps the window at 62 days and rejects bad rules or dates', () => {
    const from = new Date('2026-12-01T00:00:00Z');
    const at = (ms: number) => ({ from, to: new Date(from.getTime() + ms) });
    expect(() => generateSlots(clinic, rules30, at(MAX_WINDOW_DAYS * DAY), longAgo)).not.toThrow();
    expect(() => generateSlots(clinic, rules30, at(MAX_WINDOW_DAYS * DAY + 1), longAgo)).toThrow(RangeError);
    expect(() => generateSlots(clinic, { ...rules30, durationMin: 0 }, at(DAY), longAgo)).toThrow(RangeError);
    expect(() => generateSlots(clinic, { ...rules30, durationMin: 2.5 }, at(DAY), longAgo)).toThrow(RangeError);
    expect(() => generateSlots(clinic, { ...rules30, bufferMin: -1 }, at(DAY), longAgo)).toThrow(RangeError);
    expect(() => generateSlots(clinic, { ...rules30, leadTimeMin: Number.NaN }, at(DAY), longAgo)).toThrow(RangeError);
    expect(() => generateSlots(clinic, rules30, { from, to: new Date(Number.NaN) }, longAgo)).toThrow(RangeError);
    expect(() => generateSlots(clinic, rules30, at(DAY), new Date('nope'))).toThrow(RangeError);
  });

  it('skips ranges a validator would reject instead of inventing hours', () => {
    const broken = schedule(
      'Asia/Jakarta',
      everyDay([
        { open: '10:00', close: '09:00' },
        { open: '25:00', close: '26:00' },
        { open: '11:00', close: '12:00' },
      ]),
    );
    const rules = { durationMin: 60, bufferMin: 0, leadTimeMin: 0, horizonDays: 60 };
    expect(starts(generateSlots(broken, rules, dayWindow('Asia/Jakarta', MONDAY), longAgo))).toEqual([
      local('Asia/Jakarta', MONDAY, '11:00').toISOString(),
    ]);
  });
});

describe('isBookableStart examples', () => {
  it('accepts generated starts only, on the exact instant', () => {
    const t = local('Asia/Jakarta', MONDAY, '09:20');
    expect(isBookableStart(clinic, rules30, t, longAgo)).toBe(true);
    expect(isBookableStart(clinic, rules30, new Date(t.getTime() + 1000), longAgo)).toBe(false);
    expect(isBookableStart(clinic, rules30, new Date(t.getTime() + 1), longAgo)).toBe(false);
    expect(isBookableStart(clinic, rules30, local('Asia/Jakarta', MONDAY, '09:30'), longAgo)).toBe(false); // off grid
    expect(isBookableStart(clinic, rules30, local('Asia/Jakarta', MONDAY, '12:00'), longAgo)).toBe(false); // would end 12:30
    expect(isBookableStart(clinic, rules30, local('Asia/Jakarta', '2026-12-26', '09:20'), longAgo)).toBe(false); // Saturday
    expect(isBookableStart(clinic, rules30, new Date(Number.NaN), longAgo)).toBe(false);
  });

  it('applies lead time and horizon', () => {
    const now = local('Asia/Jakarta', MONDAY, '09:00');
    expect(isBookableStart(clinic, { ...rules30, leadTimeMin: 20 }, local('Asia/Jakarta', MONDAY, '09:20'), now)).toBe(
      true,
    );
    expect(isBookableStart(clinic, { ...rules30, leadTimeMin: 21 }, local('Asia/Jakarta', MONDAY, '09:20'), now)).toBe(
      false,
    );
    expect(
      isBookableStart(clinic, { ...rules30, horizonDays: 1 }, local('Asia/Jakarta', '2026-12-22', '08:40'), now),
    ).toBe(true);
    expect(
      isBookableStart(clinic, { ...rules30, horizonDays: 1 }, local('Asia/Jakarta', '2026-12-22', '09:20'), now),
    ).toBe(false);
  });
});

describe('localDateTime', () => {
  it('gives the wall clock of the schedule zone', () => {
    const instant = new Date('2026-12-24T16:30:45Z');
    expect(localDateTime(schedule('Asia/Jakarta', {}), instant)).toEqual({ date: '2026-12-24', time: '23:30' });
    expect(localDateTime(schedule('Asia/Makassar', {}), instant)).toEqual({ date: '2026-12-25', time: '00:30' });
    expect(localDateTime(schedule('Asia/Jayapura', {}), instant)).toEqual({ date: '2026-12-25', time: '01:30' });
  });
});

// ---------------------------------------------------------------------------------------------
// Reference model: walk the window minute by minute, with the test's own offset table, and
// decide each minute straight from the definition of a slot start.

function refMinutes(text: string): number {
  const [h, m] = text.split(':').map(Number);
  return (h ?? Number.NaN) * 60 + (m ?? Number.NaN);
}

function referenceStarts(s: Schedule, rules: SlotRules, window: { from: Date; to: Date }, now: Date): string[] {
  const offset = OFFSET_HOURS[s.timeZone] * HOUR;
  const earliest = now.getTime() + rules.leadTimeMin * MINUTE;
  const latest = now.getTime() + rules.horizonDays * DAY;
  const step = rules.durationMin + rules.bufferMin;
  const result: string[] = [];
  // Ranges are looked up once per local day (only for speed); every minute is still judged alone.
  let day = Number.NaN;
  let ranges: { open: number; close: number }[] = [];
  for (let t = Math.ceil(window.from.getTime() / MINUTE) * MINUTE; t < window.to.getTime(); t += MINUTE) {
    if (t < earliest || t >= latest) continue;
    const wallMs = t + offset; // as if UTC, this is the local wall clock
    if (Math.floor(wallMs / DAY) !== day) {
      day = Math.floor(wallMs / DAY);
      const wall = new Date(day * DAY);
      const date = wall.toISOString().slice(0, 10);
      const weekday = (['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const)[wall.getUTCDay()] as Weekday;
      const exception = s.exceptions.filter((e) => e.date === date)[0];
      const chosen = exception ? (exception.closed ? [] : (exception.hours ?? [])) : s.weekly[weekday];
      // "24:00" → 1440 falls out of the arithmetic.
      ranges = chosen.map((r) => ({ open: refMinutes(r.open), close: refMinutes(r.close) }));
    }
    const minute = (wallMs - day * DAY) / MINUTE;
    const isStart = ranges.some(
      (r) => minute >= r.open && (minute - r.open) % step === 0 && minute + rules.durationMin <= r.close,
    );
    if (isStart) result.push(new Date(t).toISOString());
  }
  return result;
}

const hhmm = (minutes: number): string =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** Sorted, non-overlapping (possibly touching) ranges of one day; sometimes closing at "24:00". */
const dayRangesArb: fc.Arbitrary<HoursRange[]> = fc
  .array(
    fc.record({
      gap: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 600 })),
      length: fc.integer({ min: 1, max: 720 }),
    }),
    {
      maxLength: 4,
    },
  )
  .map((parts) => {
    const ranges: HoursRange[] = [];
    let cursor = 0;
    for (const { gap, length } of parts) {
      const open = cursor + gap;
      if (open >= 1440) break;
      const close = Math.min(open + length, 1440);
      ranges.push({ open: hhmm(open), close: hhmm(close) });
      cursor = close;
    }
    return ranges;
  });

const BASE = Date.parse('2025-01-01T00:00:00Z');
const SPAN = 3 * 365 * DAY;

const caseArb = fc
  .record({
    timeZone: fc.constantFrom(...ZONES),
    weekly: fc.record(
      Object.fromEntries(WEEKDAYS.map((d) => [d, dayRangesArb])) as Record<Weekday, fc.Arbitrary<HoursRange[]>>,
    ),
    // Often on the hour or the minute, so window and lead-time bounds hit slot starts exactly
    // (where ≥ vs > matters); sometimes off the grid, since windows need not be aligned.
    fromMs: fc.oneof(
      fc.integer({ min: 0, max: SPAN / HOUR }).map((h) => BASE + h * HOUR),
      fc.integer({ min: 0, max: SPAN / MINUTE }).map((m) => BASE + m * MINUTE),
    ),
    fromJitter: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: MINUTE - 1 })),
    lengthMs: fc.oneof(
      fc.integer({ min: 0, max: 7 * DAY }),
      fc.integer({ min: 0, max: 7 * 24 * 60 }).map((m) => m * MINUTE),
    ),
    // Mostly before the window (so slots survive), sometimes inside it (so lead time cuts).
    nowOffsetMs: fc.oneof(
      fc.integer({ min: -3 * DAY, max: 0 }),
      fc.integer({ min: -3 * 24 * 60, max: 7 * 24 * 60 }).map((m) => m * MINUTE),
      fc.integer({ min: -3 * DAY, max: 7 * DAY }),
    ),
    exceptions: fc.array(
      fc.record({
        dayOffset: fc.integer({ min: -1, max: 8 }),
        closed: fc.boolean(),
        hours: dayRangesArb.filter((r) => r.length > 0),
      }),
      { maxLength: 5 },
    ),
    rules: fc.record({
      durationMin: fc.oneof(fc.integer({ min: 5, max: 60 }), fc.integer({ min: 5, max: 240 })),
      bufferMin: fc.integer({ min: 0, max: 60 }),
      leadTimeMin: fc.oneof(fc.integer({ min: 0, max: 180 }), fc.integer({ min: 0, max: 2880 })),
      horizonDays: fc.integer({ min: 1, max: 60 }),
    }),
  })
  .map((c) => {
    const from = new Date(c.fromMs + c.fromJitter);
    const to = new Date(from.getTime() + c.lengthMs);
    const now = new Date(from.getTime() + c.nowOffsetMs);
    // Exceptions land on local dates around the window so they actually matter.
    const firstLocal = Date.parse(
      new Date(from.getTime() + OFFSET_HOURS[c.timeZone] * HOUR).toISOString().slice(0, 10),
    );
    const exceptions: ScheduleException[] = c.exceptions.map((e) => {
      const date = new Date(firstLocal + e.dayOffset * DAY).toISOString().slice(0, 10);
      return e.closed ? { date, closed: true } : { date, hours: e.hours };
    });
    const s: Schedule = { timeZone: c.timeZone, weekly: c.weekly, exceptions };
    return { schedule: s, rules: c.rules as SlotRules, window: { from, to }, now };
  });

// Generous timeouts: the reference walks up to 10 080 minutes per run, and CI machines are shared.
describe('generateSlots against the minute-by-minute reference', { timeout: 30_000 }, () => {
  it('weekly ranges are valid by construction', () => {
    fc.assert(
      fc.property(caseArb, ({ schedule: s }) => {
        expect(scheduleProblems({ ...s, exceptions: [] })).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it('produces exactly the reference starts, with end = start + duration', () => {
    fc.assert(
      fc.property(caseArb, ({ schedule: s, rules, window, now }) => {
        const slots = generateSlots(s, rules, window, now);
        expect(starts(slots)).toEqual(referenceStarts(s, rules, window, now));
        for (const slot of slots) {
          expect(Date.parse(slot.end) - Date.parse(slot.start)).toBe(rules.durationMin * MINUTE);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('is additive: splitting the window anywhere gives the same slots', () => {
    fc.assert(
      fc.property(caseArb, fc.double({ min: 0, max: 1, noNaN: true }), ({ schedule: s, rules, window, now }, cut) => {
        const mid = new Date(Math.round(window.from.getTime() + (window.to.getTime() - window.from.getTime()) * cut));
        const whole = generateSlots(s, rules, window, now);
        const parts = [
          ...generateSlots(s, rules, { from: window.from, to: mid }, now),
          ...generateSlots(s, rules, { from: mid, to: window.to }, now),
        ];
        expect(parts).toEqual(whole);
      }),
      { numRuns: 200 },
    );
  });
});

describe('isBookableStart ⇔ membership in generateSlots', { timeout: 30_000 }, () => {
  it('agrees for slot starts, grid minutes, near misses and arbitrary instants', () => {
    fc.assert(
      fc.property(
        caseArb.filter((c) => c.window.to.getTime() - c.window.from.getTime() > MINUTE),
        fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
        fc.constantFrom('slot', 'grid', 'nearMiss', 'any'),
        fc.constantFrom(-MINUTE, -1, 1, 1000, MINUTE),
        ({ schedule: s, rules, window, now }, pick, kind, nudge) => {
          const slots = generateSlots(s, rules, window, now);
          const set = new Set(starts(slots));
          const from = window.from.getTime();
          const span = window.to.getTime() - from;
          let t = from + Math.floor(span * pick);
          const chosen = slots[Math.floor(pick * slots.length)];
          if (kind === 'slot' && chosen) t = Date.parse(chosen.start);
          if (kind === 'nearMiss' && chosen) t = Date.parse(chosen.start) + nudge;
          if (kind === 'grid') t = Math.ceil(t / MINUTE) * MINUTE;
          // Membership is only meaningful inside the window the slots were generated for.
          if (t < from || t >= window.to.getTime()) return;
          const x = new Date(t);
          expect(isBookableStart(s, rules, x, now)).toBe(set.has(x.toISOString()));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('puts lead time and horizon bounds exactly where the rules say (≥ lead, < horizon)', () => {
    fc.assert(
      fc.property(
        caseArb.filter((c) => generateSlots(c.schedule, c.rules, c.window, c.now).length > 0),
        fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
        ({ schedule: s, rules, window, now }, pick) => {
          const slots = generateSlots(s, rules, window, now);
          const x = new Date(Date.parse(slots[Math.floor(pick * slots.length)]?.start ?? ''));
          // `now` placed so that x is exactly now + lead or now + horizon, and 1 ms after that.
          const leadEdge = x.getTime() - rules.leadTimeMin * MINUTE;
          const horizonEdge = x.getTime() - rules.horizonDays * DAY;
          for (const n of [leadEdge, leadEdge + 1, horizonEdge, horizonEdge + 1]) {
            // x is on a day's grid already, so only the two bounds decide (written out per the brief).
            const bookable = x.getTime() >= n + rules.leadTimeMin * MINUTE && x.getTime() < n + rules.horizonDays * DAY;
            expect(isBookableStart(s, rules, x, new Date(n))).toBe(bookable);
            expect(starts(generateSlots(s, rules, window, new Date(n))).includes(x.toISOString())).toBe(bookable);
          }
          expect(isBookableStart(s, rules, x, new Date(leadEdge))).toBe(
            rules.leadTimeMin < rules.horizonDays * 24 * 60,
          );
          expect(isBookableStart(s, rules, x, new Date(leadEdge + 1))).toBe(false);
          expect(isBookableStart(s, rules, x, new Date(horizonEdge))).toBe(false);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('accepts every generated slot', () => {
    fc.assert(
      fc.property(caseArb, ({ schedule: s, rules, window, now }) => {
        for (const slot of generateSlots(s, rules, window, now)) {
          expect(isBookableStart(s, rules, new Date(slot.start), now)).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });
});

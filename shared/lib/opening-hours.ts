import { INDONESIAN_TIME_ZONES, fromZonedWallClock, zonedDate, type IndonesianTimeZone } from './time.ts';

/**
 * Opening hours of a vendor, in its own time zone (WIB/WITA/WIT; Indonesia has no DST).
 * One module for every reader: vendors validate schedules with it, search indexes and filters
 * "open now" with it, booking will cut slots with it.
 */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** "HH:MM" wall-clock times; close > open; close may be "24:00". */
export interface HoursRange {
  open: string;
  close: string;
}

/** A dated change: closed all day, or these hours instead of the weekly ones. */
export interface ScheduleException {
  /** Local calendar date, YYYY-MM-DD. */
  date: string;
  closed?: boolean;
  hours?: HoursRange[];
  note?: string;
}

export interface Schedule {
  timeZone: IndonesianTimeZone;
  weekly: Record<Weekday, HoursRange[]>;
  exceptions: ScheduleException[];
}

/**
 * The schedule as a search engine can test "open at instant t" without knowing time zones:
 * - weeklyUtc: minute-of-week ranges in UTC (0 = Monday 00:00 UTC, 10079 = Sunday 23:59 UTC),
 *   inclusive start, exclusive end, split where they wrap around the week;
 * - closedIntervals: the whole local day of every exception (epoch ms, [gte, lt));
 * - specialIntervals: the open hours of exceptions that have hours (epoch ms, [gte, lt)).
 * Open at t ⇔ (t's UTC minute-of-week is in a weeklyUtc range AND t in no closedInterval)
 *              OR t in a specialInterval.
 */
export interface OpeningIndex {
  weeklyUtc: { gte: number; lt: number }[];
  closedIntervals: { gte: number; lt: number }[];
  specialIntervals: { gte: number; lt: number }[];
}

const MINUTES_PER_DAY = 24 * 60;
const MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY;
const MS_PER_MINUTE = 60_000;
const MAX_RANGES_PER_DAY = 6;
const MAX_EXCEPTIONS = 100;

const TIME_PATTERN = /^([01]\d|2[0-3]):([0-5]\d)$/;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Minutes since local midnight of an "HH:MM" open time, or NaN. */
function openMinutes(value: string): number {
  const match = TIME_PATTERN.exec(value);
  return match ? Number(match[1]) * 60 + Number(match[2]) : Number.NaN;
}

/** As openMinutes, but also accepts "24:00" (end of day). */
function closeMinutes(value: string): number {
  return value === '24:00' ? MINUTES_PER_DAY : openMinutes(value);
}

/** True for "HH:MM" between 00:00 and 23:59, or "24:00" when `asClose`. */
export function isTimeText(value: string, asClose = false): boolean {
  return !Number.isNaN(asClose ? closeMinutes(value) : openMinutes(value));
}

/** True for a real calendar date written YYYY-MM-DD (rejects 2026-02-30). */
export function isCalendarDate(value: string): boolean {
  const match = DATE_PATTERN.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

type Problem = { path: string; message: string };

function rangeProblems(ranges: readonly HoursRange[], path: string): Problem[] {
  const problems: Problem[] = [];
  if (ranges.length > MAX_RANGES_PER_DAY) {
    problems.push({ path, message: `at most ${MAX_RANGES_PER_DAY} ranges per day` });
  }
  let previousClose = Number.NEGATIVE_INFINITY;
  ranges.forEach((range, i) => {
    const open = openMinutes(range.open);
    const close = closeMinutes(range.close);
    if (Number.isNaN(open))
      problems.push({ path: `${path}.${i}.open`, message: 'must be a time HH:MM from 00:00 to 23:59' });
    if (Number.isNaN(close))
      problems.push({ path: `${path}.${i}.close`, message: 'must be a time HH:MM from 00:00 to 24:00' });
    if (Number.isNaN(open) || Number.isNaN(close)) {
      // Without both ends the order can't be judged; don't let it hide the next range's checks.
      previousClose = Number.NEGATIVE_INFINITY;
      return;
    }
    if (close <= open) problems.push({ path: `${path}.${i}.close`, message: 'must be after open' });
    // Touching ranges (09:00–12:00, 12:00–15:00) are allowed; overlapping or unsorted ones are not.
    if (open < previousClose)
      problems.push({ path: `${path}.${i}.open`, message: 'overlaps or precedes the previous range' });
    previousClose = Math.max(previousClose, close);
  });
  return problems;
}

/**
 * Rule checks a shape validator can't express. Empty = valid. Paths are rooted at `root`
 * ("body" when the schedule is the request body).
 */
export function scheduleProblems(schedule: Schedule, root = 'body'): Problem[] {
  const problems: Problem[] = [];
  for (const day of WEEKDAYS) {
    const ranges = schedule.weekly[day];
    if (!Array.isArray(ranges)) {
      problems.push({ path: `${root}.weekly.${day}`, message: 'required (empty list = closed)' });
      continue;
    }
    problems.push(...rangeProblems(ranges, `${root}.weekly.${day}`));
  }
  if (schedule.exceptions.length > MAX_EXCEPTIONS) {
    problems.push({ path: `${root}.exceptions`, message: `at most ${MAX_EXCEPTIONS} exceptions` });
  }
  const seen = new Set<string>();
  schedule.exceptions.forEach((exception, i) => {
    const path = `${root}.exceptions.${i}`;
    if (!isCalendarDate(exception.date)) {
      problems.push({ path: `${path}.date`, message: 'must be a calendar date YYYY-MM-DD' });
    } else if (seen.has(exception.date)) {
      problems.push({ path: `${path}.date`, message: 'duplicate date' });
    }
    seen.add(exception.date);
    const hasHours = (exception.hours?.length ?? 0) > 0;
    if (exception.closed === true && hasHours) {
      problems.push({ path, message: 'either closed or hours, not both' });
    } else if (exception.closed !== true && !hasHours) {
      problems.push({ path, message: 'needs closed: true or at least one hours range' });
    }
    if (exception.hours) problems.push(...rangeProblems(exception.hours, `${path}.hours`));
  });
  return problems;
}

/** The first exception of each date; later duplicates are invalid and ignored by every reader. */
function exceptionsByDate(schedule: Schedule): Map<string, ScheduleException> {
  const byDate = new Map<string, ScheduleException>();
  for (const exception of schedule.exceptions) {
    if (!byDate.has(exception.date)) byDate.set(exception.date, exception);
  }
  return byDate;
}

/** Open hours of an exception; a closed day has none even if hours were (wrongly) given. */
function exceptionHours(exception: ScheduleException): readonly HoursRange[] {
  return exception.closed === true ? [] : (exception.hours ?? []);
}

function inRanges(ranges: readonly HoursRange[], minuteOfDay: number): boolean {
  return ranges.some((r) => openMinutes(r.open) <= minuteOfDay && minuteOfDay < closeMinutes(r.close));
}

/** 0 = Monday 00:00 UTC. */
export function minuteOfWeekUtc(at: Date): number {
  const mondayBased = (at.getUTCDay() + 6) % 7;
  return mondayBased * MINUTES_PER_DAY + at.getUTCHours() * 60 + at.getUTCMinutes();
}

/** The reference answer: everything else (the index, search filters) must agree with it. */
export function isOpenAt(schedule: Schedule, at: Date): boolean {
  const { offsetMinutes } = INDONESIAN_TIME_ZONES[schedule.timeZone];
  const date = zonedDate(at, schedule.timeZone);
  const exception = exceptionsByDate(schedule).get(date);
  // Fixed offsets, so the local wall clock is the UTC clock shifted.
  const local = new Date(at.getTime() + offsetMinutes * MS_PER_MINUTE);
  const minuteOfDay = local.getUTCHours() * 60 + local.getUTCMinutes();
  if (exception) return inRanges(exceptionHours(exception), minuteOfDay);
  const weekday = WEEKDAYS[(local.getUTCDay() + 6) % 7];
  return weekday !== undefined && inRanges(schedule.weekly[weekday], minuteOfDay);
}

function mergeIntervals(intervals: { gte: number; lt: number }[]): { gte: number; lt: number }[] {
  const sorted = intervals.filter((i) => i.lt > i.gte).sort((a, b) => a.gte - b.gte);
  const merged: { gte: number; lt: number }[] = [];
  for (const interval of sorted) {
    const last = merged.at(-1);
    if (last && interval.gte <= last.lt) last.lt = Math.max(last.lt, interval.lt);
    else merged.push({ ...interval });
  }
  return merged;
}

/** See OpeningIndex. Ranges that fail scheduleProblems (NaN times, close <= open) are dropped. */
export function openingIndex(schedule: Schedule): OpeningIndex {
  const { offsetMinutes } = INDONESIAN_TIME_ZONES[schedule.timeZone];
  const weekly: { gte: number; lt: number }[] = [];
  WEEKDAYS.forEach((day, dayIndex) => {
    for (const range of schedule.weekly[day]) {
      const open = openMinutes(range.open);
      const close = closeMinutes(range.close);
      if (!(close > open)) continue;
      // Local minute-of-week minus the offset; east of UTC this can go below Monday 00:00 UTC.
      const start =
        (((dayIndex * MINUTES_PER_DAY + open - offsetMinutes) % MINUTES_PER_WEEK) + MINUTES_PER_WEEK) %
        MINUTES_PER_WEEK;
      const end = start + (close - open);
      if (end <= MINUTES_PER_WEEK) {
        weekly.push({ gte: start, lt: end });
      } else {
        weekly.push({ gte: start, lt: MINUTES_PER_WEEK }, { gte: 0, lt: end - MINUTES_PER_WEEK });
      }
    }
  });

  const closedIntervals: { gte: number; lt: number }[] = [];
  const specialIntervals: { gte: number; lt: number }[] = [];
  for (const [date, exception] of exceptionsByDate(schedule)) {
    if (!isCalendarDate(date)) continue;
    const midnight = fromZonedWallClock(date, '00:00', schedule.timeZone).getTime();
    closedIntervals.push({ gte: midnight, lt: midnight + MINUTES_PER_DAY * MS_PER_MINUTE });
    for (const range of exceptionHours(exception)) {
      const open = openMinutes(range.open);
      const close = closeMinutes(range.close);
      if (!(close > open)) continue;
      specialIntervals.push({ gte: midnight + open * MS_PER_MINUTE, lt: midnight + close * MS_PER_MINUTE });
    }
  }
  return {
    weeklyUtc: mergeIntervals(weekly),
    closedIntervals: closedIntervals.sort((a, b) => a.gte - b.gte),
    specialIntervals: mergeIntervals(specialIntervals),
  };
}

/** Evaluates an OpeningIndex the way a search engine filter does; agrees with isOpenAt. */
export function isOpenInIndex(index: OpeningIndex, at: Date): boolean {
  const t = at.getTime();
  const within = (i: { gte: number; lt: number }, value: number): boolean => i.gte <= value && value < i.lt;
  if (index.specialIntervals.some((i) => within(i, t))) return true;
  const minute = minuteOfWeekUtc(at);
  return index.weeklyUtc.some((i) => within(i, minute)) && !index.closedIntervals.some((i) => within(i, t));
}

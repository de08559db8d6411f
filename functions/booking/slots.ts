import { WEEKDAYS, isTimeText, type HoursRange, type Schedule } from '#shared/lib/opening-hours.ts';
import { fromZonedWallClock, toZonedIso, zonedDate } from '#shared/lib/time.ts';

/**
 * Bookable slots cut from a vendor's opening hours. Pure: no clock, no I/O — callers pass `now`.
 *
 * A local day's ranges are its dated exception if it has one (closed → none, else its hours),
 * otherwise the weekly ranges of its weekday. Each range is a grid of its own: slots start at
 * `open` and every durationMin + bufferMin after, and a slot is kept while start + durationMin
 * ≤ close (the last slot's buffer may run past close). Touching ranges (09:00–12:00, 12:00–15:00)
 * are not merged: the grid restarts at 12:00. "24:00" closes at the end of the local day, so a
 * slot can end at midnight but never span it; an overnight opening is two ranges on two days.
 * Ranges the schedule validator would reject (bad "HH:MM", close ≤ open) are skipped, and of
 * several exceptions for one date the first wins — the same reading as shared/lib/opening-hours.
 */

export interface SlotRules {
  /** Service duration, whole minutes > 0. */
  durationMin: number;
  /** Kept free after each slot, whole minutes ≥ 0. */
  bufferMin: number;
  /** No slot starting earlier than now + lead time (minutes ≥ 0). */
  leadTimeMin: number;
  /** No slot starting at or after now + horizonDays × 24 h (≥ 0). */
  horizonDays: number;
}

/** ISO UTC instants, `new Date(x).toISOString()` form; `end` is start + durationMin (buffer excluded). */
export interface Slot {
  start: string;
  end: string;
}

/** Longest window generateSlots accepts; bounds the work of one call. */
export const MAX_WINDOW_DAYS = 62;

const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 24 * 60 * MS_PER_MINUTE;

interface MinuteRange {
  open: number;
  close: number;
}

/** Minutes since local midnight; "24:00" (only as a close) is 1440. undefined when invalid. */
function minutesOfDay(text: string, asClose: boolean): number | undefined {
  if (typeof text !== 'string' || !isTimeText(text, asClose)) return undefined;
  return Number(text.slice(0, 2)) * 60 + Number(text.slice(3, 5));
}

function weekdayOf(date: string): (typeof WEEKDAYS)[number] {
  const sundayBased = new Date(`${date}T00:00:00Z`).getUTCDay();
  return WEEKDAYS[(sundayBased + 6) % 7] ?? 'mon';
}

/** The open ranges of one local date, in minutes, sorted by open. */
function dayRanges(schedule: Schedule, date: string): MinuteRange[] {
  // find() returns the first match: duplicate dates are invalid and every reader takes the first.
  const exception = schedule.exceptions.find((e) => e.date === date);
  let ranges: readonly HoursRange[];
  if (exception) ranges = exception.closed === true ? [] : (exception.hours ?? []);
  else ranges = schedule.weekly[weekdayOf(date)] ?? [];
  const result: MinuteRange[] = [];
  for (const range of ranges) {
    const open = minutesOfDay(range.open, false);
    const close = minutesOfDay(range.close, true);
    if (open !== undefined && close !== undefined && close > open) result.push({ open, close });
  }
  return result.sort((a, b) => a.open - b.open);
}

/**
 * The instant of local midnight of a date. Minutes after it map linearly to instants because
 * Indonesian zones keep one offset all year (shared/lib/time.ts owns the offsets).
 */
function localMidnight(schedule: Schedule, date: string): number {
  return fromZonedWallClock(date, '00:00', schedule.timeZone).getTime();
}

function nextDate(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + MS_PER_DAY).toISOString().slice(0, 10);
}

function checkRules(rules: SlotRules): void {
  if (!Number.isSafeInteger(rules.durationMin) || rules.durationMin <= 0) {
    throw new RangeError(`durationMin must be a whole number of minutes > 0, got ${rules.durationMin}`);
  }
  if (!Number.isSafeInteger(rules.bufferMin) || rules.bufferMin < 0) {
    throw new RangeError(`bufferMin must be a whole number of minutes ≥ 0, got ${rules.bufferMin}`);
  }
  if (!Number.isFinite(rules.leadTimeMin) || rules.leadTimeMin < 0) {
    throw new RangeError(`leadTimeMin must be ≥ 0, got ${rules.leadTimeMin}`);
  }
  if (!Number.isFinite(rules.horizonDays) || rules.horizonDays < 0) {
    throw new RangeError(`horizonDays must be ≥ 0, got ${rules.horizonDays}`);
  }
}

function timeOf(date: Date, name: string): number {
  const t = date instanceof Date ? date.getTime() : Number.NaN;
  if (Number.isNaN(t)) throw new RangeError(`${name} is not a valid date`);
  return t;
}

/** [earliest, latest) allowed for a slot start by lead time and horizon, epoch ms. */
function ruleBounds(rules: SlotRules, now: number): { earliest: number; latest: number } {
  return { earliest: now + rules.leadTimeMin * MS_PER_MINUTE, latest: now + rules.horizonDays * MS_PER_DAY };
}

/**
 * Every bookable slot whose start is in [from, to), in start order.
 * Throws RangeError for a window longer than MAX_WINDOW_DAYS (62 days) — callers validate the
 * window a client asks for and answer 400 before calling — and for invalid rules or dates.
 * An empty or inverted window gives [].
 */
export function generateSlots(
  schedule: Schedule,
  rules: SlotRules,
  window: { from: Date; to: Date },
  now: Date,
): Slot[] {
  checkRules(rules);
  const from = timeOf(window.from, 'window.from');
  const to = timeOf(window.to, 'window.to');
  const nowMs = timeOf(now, 'now');
  if (to - from > MAX_WINDOW_DAYS * MS_PER_DAY) {
    throw new RangeError(`slot window longer than ${MAX_WINDOW_DAYS} days`);
  }
  const { earliest, latest } = ruleBounds(rules, nowMs);
  const lo = Math.max(from, earliest);
  const hi = Math.min(to, latest);
  if (!(lo < hi)) return [];

  const step = rules.durationMin + rules.bufferMin;
  const slots: Slot[] = [];
  // A slot belongs to the local day it starts on, so walking the dates from lo's onwards until
  // a midnight reaches hi sees every candidate. floor: lead/horizon may make lo fractional.
  for (let date = zonedDate(new Date(Math.floor(lo)), schedule.timeZone); ; date = nextDate(date)) {
    const midnight = localMidnight(schedule, date);
    if (midnight >= hi) break;
    const starts: number[] = [];
    for (const range of dayRanges(schedule, date)) {
      for (let minute = range.open; minute + rules.durationMin <= range.close; minute += step) {
        const start = midnight + minute * MS_PER_MINUTE;
        if (start >= lo && start < hi) starts.push(start);
      }
    }
    // Valid schedules already give sorted, distinct starts; this keeps the order promise for others.
    starts.sort((a, b) => a - b);
    let previous = Number.NaN;
    for (const start of starts) {
      if (start === previous) continue;
      previous = start;
      slots.push({
        start: new Date(start).toISOString(),
        end: new Date(start + rules.durationMin * MS_PER_MINUTE).toISOString(),
      });
    }
  }
  return slots;
}

/**
 * Whether `start` is exactly one of the slots generateSlots would produce with the same rules
 * and `now` (for any window containing it). Looks at the start's local day only, so it is cheap
 * enough to check each booking request. An invalid `start` is not bookable.
 */
export function isBookableStart(schedule: Schedule, rules: SlotRules, start: Date, now: Date): boolean {
  checkRules(rules);
  const nowMs = timeOf(now, 'now');
  const t = start instanceof Date ? start.getTime() : Number.NaN;
  if (Number.isNaN(t)) return false;
  const { earliest, latest } = ruleBounds(rules, nowMs);
  if (t < earliest || t >= latest) return false;
  const date = zonedDate(start, schedule.timeZone);
  const sinceMidnight = t - localMidnight(schedule, date);
  // Slot starts are whole minutes after local midnight; seconds or milliseconds never match.
  if (sinceMidnight % MS_PER_MINUTE !== 0) return false;
  const minute = sinceMidnight / MS_PER_MINUTE;
  const step = rules.durationMin + rules.bufferMin;
  return dayRanges(schedule, date).some(
    (r) => minute >= r.open && (minute - r.open) % step === 0 && minute + rules.durationMin <= r.close,
  );
}

/** Local calendar date (YYYY-MM-DD) and time (HH:MM, seconds dropped) of an instant in the schedule's zone. */
export function localDateTime(schedule: Schedule, at: Date): { date: string; time: string } {
  const iso = toZonedIso(at, schedule.timeZone); // 2026-12-24T08:00:00+07:00
  return { date: iso.slice(0, 10), time: iso.slice(11, 16) };
}

import type { IndonesianTimeZone } from './time.ts';

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

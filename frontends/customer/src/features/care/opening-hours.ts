import { zoneAbbreviation, type ClinicTimeZone, type Locale } from '@petpro/api-client';
import {
  WEEKDAYS,
  type HoursRange,
  type OpeningSchedule,
  type ScheduleException,
  type Weekday,
} from './clinic-repository';

const INTL_LOCALE: Record<Locale, string> = { id: 'id-ID', en: 'en-ID' };

/** The weekday it is now at the clinic (its zone, not the device's). */
export function clinicWeekday(zone: ClinicTimeZone, now: Date): Weekday {
  const short = new Intl.DateTimeFormat('en-US', { weekday: 'short', timeZone: zone }).format(now).toLowerCase();
  return WEEKDAYS.find((day) => short.startsWith(day)) ?? 'mon';
}

/** Today's date at the clinic, YYYY-MM-DD. */
export function clinicDate(zone: ClinicTimeZone, now: Date): string {
  return new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: zone }).format(
    now,
  );
}

/** "09:00" as the language writes it: `09.00` in Indonesian, `09:00` in English. */
export function formatWallTime(time: string, locale: Locale): string {
  return locale === 'id' ? time.replace(':', '.') : time;
}

/** `09.00–12.00, 13.00–21.00`; empty for a closed day. */
export function formatRanges(ranges: readonly HoursRange[], locale: Locale): string {
  return ranges.map((r) => `${formatWallTime(r.open, locale)}–${formatWallTime(r.close, locale)}`).join(', ');
}

export interface WeekRow {
  day: Weekday;
  hours: string;
  closed: boolean;
  today: boolean;
}

/** The week Monday first, each day's hours in the clinic's own wall-clock time. */
export function weekRows(schedule: OpeningSchedule, now: Date, locale: Locale): WeekRow[] {
  const today = clinicWeekday(schedule.timeZone, now);
  return WEEKDAYS.map((day) => ({
    day,
    hours: formatRanges(schedule.weekly[day], locale),
    closed: schedule.weekly[day].length === 0,
    today: day === today,
  }));
}

/** The dated changes from today (at the clinic) to `days` ahead, soonest first. */
export function upcomingExceptions(schedule: OpeningSchedule, now: Date, days = 60): ScheduleException[] {
  const from = clinicDate(schedule.timeZone, now);
  const until = clinicDate(schedule.timeZone, new Date(now.getTime() + days * 86_400_000));
  return schedule.exceptions
    .filter((exception) => exception.date >= from && exception.date <= until)
    .sort((a, b) => a.date.localeCompare(b.date));
}

/** A local date (YYYY-MM-DD) in words: `Rab, 10 Mar 2027` (no zone: it is the clinic's calendar day). */
export function formatLocalDate(date: string, locale: Locale): string {
  const [year, month, day] = date.split('-').map(Number);
  return new Intl.DateTimeFormat(INTL_LOCALE[locale], {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(Date.UTC(year ?? 1970, (month ?? 1) - 1, day ?? 1, 12)));
}

/** WIB, WITA or WIT: the hours are always named with the clinic's zone. */
export function zoneName(zone: ClinicTimeZone): string {
  return zoneAbbreviation(zone);
}

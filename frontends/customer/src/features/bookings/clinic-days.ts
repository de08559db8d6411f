import type { ClinicTimeZone } from '@petpro/api-client';
import type { ApiSlot, ClinicSchedule, OpeningRange, Weekday } from './booking-model';

/**
 * Days and slots in the clinic's zone. Indonesia's zones keep one offset all year (no daylight saving),
 * so a clinic's local day is a fixed window of UTC: no time-zone library needed.
 */
const OFFSET_MINUTES: Record<ClinicTimeZone, number> = {
  'Asia/Jakarta': 7 * 60,
  'Asia/Makassar': 8 * 60,
  'Asia/Jayapura': 9 * 60,
};
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** How many days the slot picker offers, today included. */
export const BOOKING_DAYS = 14;

/** The clinic's local date (YYYY-MM-DD) at an instant. */
export function clinicDate(instant: Date, zone: ClinicTimeZone): string {
  return new Date(instant.getTime() + OFFSET_MINUTES[zone] * MINUTE).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
}

/** The instant the clinic's local date begins. */
export function localMidnight(date: string, zone: ClinicTimeZone): Date {
  return new Date(Date.parse(`${date}T00:00:00Z`) - OFFSET_MINUTES[zone] * MINUTE);
}

/** Noon of the clinic's local date: an instant safely inside it, to format the date with. */
export function middayOf(date: string, zone: ClinicTimeZone): Date {
  return new Date(localMidnight(date, zone).getTime() + DAY / 2);
}

/** Today and the days after it in the clinic's zone. */
export function nextClinicDays(now: Date, zone: ClinicTimeZone, days = BOOKING_DAYS): string[] {
  const today = clinicDate(now, zone);
  return Array.from({ length: days }, (_, i) => addDays(today, i));
}

/** [from, to) of the whole picker: from today's local midnight to the end of its last day. */
export function daysWindow(days: readonly string[], zone: ClinicTimeZone): { from: string; to: string } {
  const first = days[0] ?? clinicDate(new Date(), zone);
  const last = days[days.length - 1] ?? first;
  return {
    from: localMidnight(first, zone).toISOString(),
    to: localMidnight(addDays(last, 1), zone).toISOString(),
  };
}

const WEEKDAYS: readonly Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

function minutesOf(time: string): number | undefined {
  const match = /^(\d{2}):(\d{2})$/.exec(time);
  if (!match) return undefined;
  const minutes = Number(match[1]) * 60 + Number(match[2]);
  return minutes <= 24 * 60 ? minutes : undefined;
}

/** The opening ranges of one local date: its exception if it has one, else its weekday's. */
function rangesOf(schedule: ClinicSchedule, date: string): readonly OpeningRange[] {
  const exception = schedule.exceptions.find((candidate) => candidate.date === date);
  if (exception) return exception.closed ? [] : (exception.hours ?? []);
  const weekday = WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()] ?? 'mon';
  return schedule.weekly[weekday] ?? [];
}

/**
 * Every slot the clinic's hours cut on a date (each range from its opening, every duration + buffer,
 * while the service fits before closing) — the same grid the API cuts its slots from. Used only to
 * show the times already gone today crossed out: what can be booked is only ever what the API offers.
 */
export function dayGrid(
  schedule: ClinicSchedule,
  service: { durationMin: number; bufferMin: number },
  date: string,
): { start: string; end: string }[] {
  if (service.durationMin <= 0) return [];
  const midnight = localMidnight(date, schedule.timeZone).getTime();
  const step = service.durationMin + Math.max(0, service.bufferMin);
  const slots: { start: string; end: string }[] = [];
  for (const range of rangesOf(schedule, date)) {
    const open = minutesOf(range.open);
    const close = minutesOf(range.close);
    if (open === undefined || close === undefined || close <= open) continue;
    for (let minute = open; minute + service.durationMin <= close; minute += step) {
      const start = midnight + minute * MINUTE;
      slots.push({
        start: new Date(start).toISOString(),
        end: new Date(start + service.durationMin * MINUTE).toISOString(),
      });
    }
  }
  return slots;
}

/**
 * - bookable: the API offers it with room left — the only kind that can be chosen
 * - full: the API offers it but no place is left
 * - past: gone already (or starting now), whatever the API said
 * - unavailable: in the clinic's hours but not offered (too soon to book, beyond the clinic's horizon)
 * - current: the booking being moved is there (reschedule)
 */
export type SlotState = 'bookable' | 'full' | 'past' | 'unavailable' | 'current';

export interface SlotChoice {
  start: string;
  end: string;
  state: SlotState;
  /** Places left, as the API counted them (0 when it did not offer the slot). */
  available: number;
}

/** A date's slots: the API's offer merged with the clinic's grid, in time order. */
export function slotChoices(
  offered: readonly ApiSlot[],
  grid: readonly { start: string; end: string }[],
  now: Date,
  currentStart?: string,
): SlotChoice[] {
  const byStart = new Map<number, SlotChoice>();
  const nowMs = now.getTime();
  const current = currentStart ? Date.parse(currentStart) : Number.NaN;
  for (const slot of grid) {
    const start = Date.parse(slot.start);
    byStart.set(start, { ...slot, state: start <= nowMs ? 'past' : 'unavailable', available: 0 });
  }
  for (const slot of offered) {
    const start = Date.parse(slot.start);
    const state: SlotState = start <= nowMs ? 'past' : slot.available > 0 ? 'bookable' : 'full';
    byStart.set(start, { start: slot.start, end: slot.end, state, available: Math.max(0, slot.available) });
  }
  const current_ = byStart.get(current);
  if (current_) byStart.set(current, { ...current_, state: 'current' });
  return [...byStart.entries()].sort(([a], [b]) => a - b).map(([, slot]) => slot);
}

/** Whether the device's clock shows another time than the clinic's (then times are named WIB/WITA/WIT). */
export function deviceClockDiffers(zone: ClinicTimeZone, now: Date): boolean {
  return -now.getTimezoneOffset() !== OFFSET_MINUTES[zone];
}

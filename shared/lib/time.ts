/** Indonesia's three zones; none observes daylight saving time. */
export const INDONESIAN_TIME_ZONES = {
  'Asia/Jakarta': { abbreviation: 'WIB', offsetMinutes: 7 * 60 },
  'Asia/Makassar': { abbreviation: 'WITA', offsetMinutes: 8 * 60 },
  'Asia/Jayapura': { abbreviation: 'WIT', offsetMinutes: 9 * 60 },
} as const;

export type IndonesianTimeZone = keyof typeof INDONESIAN_TIME_ZONES;

export function isIndonesianTimeZone(value: string): value is IndonesianTimeZone {
  return Object.hasOwn(INDONESIAN_TIME_ZONES, value);
}

function offsetText(offsetMinutes: number): string {
  const sign = offsetMinutes >= 0 ? '+' : '-';
  const abs = Math.abs(offsetMinutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** ISO 8601 with the zone's own offset, e.g. 2026-12-24T08:00:00+07:00. */
export function toZonedIso(instant: Date, zone: IndonesianTimeZone): string {
  const { offsetMinutes } = INDONESIAN_TIME_ZONES[zone];
  const shifted = new Date(instant.getTime() + offsetMinutes * 60_000);
  return `${shifted.toISOString().slice(0, 19)}${offsetText(offsetMinutes)}`;
}

/** The instant of a wall-clock date and time ("2026-12-24", "08:00") in a zone. */
export function fromZonedWallClock(date: string, time: string, zone: IndonesianTimeZone): Date {
  const { offsetMinutes } = INDONESIAN_TIME_ZONES[zone];
  const asUtc = Date.parse(`${date}T${time}:00Z`);
  if (Number.isNaN(asUtc)) throw new RangeError(`not a date/time: ${date} ${time}`);
  return new Date(asUtc - offsetMinutes * 60_000);
}

/** The calendar date (YYYY-MM-DD) an instant falls on in a zone. */
export function zonedDate(instant: Date, zone: IndonesianTimeZone): string {
  return toZonedIso(instant, zone).slice(0, 10);
}

export function nowIso(): string {
  return new Date().toISOString();
}

export function epochSeconds(date: Date = new Date()): number {
  return Math.floor(date.getTime() / 1000);
}

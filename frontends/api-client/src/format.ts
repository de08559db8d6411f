import { DEFAULT_LOCALE, type Locale } from './messages.ts';

/**
 * Rupiah as Indonesians write it: `Rp150.000` — no space, dot thousands, no decimals (money is whole
 * rupiah). Intl's id-ID currency format gives `Rp 150.000` with a no-break space (`Rp 150.000,00` with
 * older ICU data), and Hermes' Intl differs by platform, so the grouping is done here, the same on
 * every device.
 */
export function formatIdr(amount: number): string {
  if (!Number.isFinite(amount)) throw new RangeError(`not an amount: ${amount}`);
  const whole = Math.round(Math.abs(amount));
  const sign = amount < 0 && whole !== 0 ? '-' : '';
  return `${sign}Rp${String(whole).replace(/\B(?=(\d{3})+(?!\d))/g, '.')}`;
}

/** Indonesia's three zones (none observes daylight saving time) and what people call them. */
export const CLINIC_TIME_ZONES = {
  'Asia/Jakarta': 'WIB',
  'Asia/Makassar': 'WITA',
  'Asia/Jayapura': 'WIT',
} as const;

export type ClinicTimeZone = keyof typeof CLINIC_TIME_ZONES;

export function isClinicTimeZone(zone: string): zone is ClinicTimeZone {
  return Object.hasOwn(CLINIC_TIME_ZONES, zone);
}

/** WIB, WITA or WIT. */
export function zoneAbbreviation(zone: ClinicTimeZone): string {
  return CLINIC_TIME_ZONES[zone];
}

/** The zone the device keeps time in (e.g. Asia/Jakarta), as Intl reports it. */
export function deviceTimeZone(): string {
  return new Intl.DateTimeFormat().resolvedOptions().timeZone;
}

export type Instant = Date | string | number;

export interface ClinicTimeOptions {
  locale?: Locale;
  /** The device's zone (default: the one Intl reports); the zone is named when its clock differs. */
  deviceZone?: string;
}

const INTL_LOCALE: Record<Locale, string> = { id: 'id-ID', en: 'en-ID' };

const DATE: Intl.DateTimeFormatOptions = { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' };
const TIME: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };

function toDate(instant: Instant): Date {
  const date = instant instanceof Date ? instant : new Date(instant);
  if (Number.isNaN(date.getTime())) throw new RangeError(`not a date/time: ${String(instant)}`);
  return date;
}

function format(date: Date, zone: string, locale: Locale, parts: Intl.DateTimeFormatOptions): string {
  return new Intl.DateTimeFormat(INTL_LOCALE[locale], { ...parts, timeZone: zone }).format(date);
}

/** Whether the device's clock shows another time than the clinic's at that instant. */
function clockDiffers(date: Date, zone: ClinicTimeZone, deviceZone: string): boolean {
  if (deviceZone === zone) return false;
  const wall = { ...DATE, ...TIME };
  return format(date, zone, 'en', wall) !== format(date, deviceZone, 'en', wall);
}

function withZone(text: string, date: Date, zone: ClinicTimeZone, options: ClinicTimeOptions): string {
  return clockDiffers(date, zone, options.deviceZone ?? deviceTimeZone()) ? `${text} ${zoneAbbreviation(zone)}` : text;
}

/** `Sen, 7 Des 2026` — the day in the clinic's zone. */
export function formatClinicDate(instant: Instant, zone: ClinicTimeZone, options: ClinicTimeOptions = {}): string {
  return format(toDate(instant), zone, options.locale ?? DEFAULT_LOCALE, DATE);
}

/** `15.30`, or `15.30 WITA` on a device whose clock shows another time. */
export function formatClinicTime(instant: Instant, zone: ClinicTimeZone, options: ClinicTimeOptions = {}): string {
  const date = toDate(instant);
  return withZone(format(date, zone, options.locale ?? DEFAULT_LOCALE, TIME), date, zone, options);
}

/** `Sen, 7 Des 2026, 15.30`, or `… 15.30 WITA` on a device whose clock shows another time. */
export function formatClinicDateTime(instant: Instant, zone: ClinicTimeZone, options: ClinicTimeOptions = {}): string {
  const date = toDate(instant);
  return withZone(format(date, zone, options.locale ?? DEFAULT_LOCALE, { ...DATE, ...TIME }), date, zone, options);
}

/** `15.30–16.00`, or `15.30–16.00 WITA`: a slot, named once. */
export function formatClinicTimeRange(
  start: Instant,
  end: Instant,
  zone: ClinicTimeZone,
  options: ClinicTimeOptions = {},
): string {
  const from = toDate(start);
  const locale = options.locale ?? DEFAULT_LOCALE;
  return withZone(
    `${format(from, zone, locale, TIME)}–${format(toDate(end), zone, locale, TIME)}`,
    from,
    zone,
    options,
  );
}

/**
 * iCalendar (RFC 5545) feeds of bookings, for customers' and vendors' calendar apps.
 * Pure: the caller serves the string as `text/calendar; charset=utf-8`.
 */

export interface CalendarEvent {
  /** Stable per booking: calendar apps match updates and cancellations by it. */
  uid: string;
  /** ISO instants; written in UTC. */
  start: string;
  end: string;
  summary: string;
  description?: string;
  location?: string;
  status: 'CONFIRMED' | 'CANCELLED' | 'TENTATIVE';
  /** Revision number, ≥ 0; bump it on every change so clients replace their copy. */
  sequence: number;
  /** ISO instant of the last change; becomes DTSTAMP and LAST-MODIFIED. */
  updatedAt: string;
  url?: string;
}

const CRLF = '\r\n';
const MAX_LINE_OCTETS = 75;
const STATUSES = new Set(['CONFIRMED', 'CANCELLED', 'TENTATIVE']);

/** UTF-8 length of one code point (a lone surrogate is sent as U+FFFD, 3 octets). */
function utf8Octets(codePoint: number): number {
  if (codePoint < 0x80) return 1;
  if (codePoint < 0x800) return 2;
  if (codePoint < 0x10000) return 3;
  return 4;
}

/**
 * Folds a content line at 75 octets (RFC 5545 §3.1): CRLF + one space, the space counting
 * toward the next line's 75. Breaks only between code points, so no UTF-8 sequence is split.
 */
function fold(line: string): string {
  let out = '';
  let octets = 0;
  for (const char of line) {
    const size = utf8Octets(char.codePointAt(0) ?? 0);
    if (octets + size > MAX_LINE_OCTETS) {
      out += `${CRLF} `;
      octets = 1;
    }
    out += char;
    octets += size;
  }
  return out;
}

/**
 * TEXT value escaping (§3.3.11): backslash, semicolon, comma, and line breaks as \n. Other
 * control characters can't appear in TEXT at all (HTAB can), so they are dropped.
 */
function escapeText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n')
    .replace(/[\u0000-\u0008\u000B-\u001F\u007F]/g, ''); // eslint-disable-line no-control-regex
}

/** 20261221T010000Z — UTC DATE-TIME form (§3.3.5); sub-second precision is dropped. */
function utcDateTime(iso: string, field: string): string {
  const ms = Date.parse(iso);
  const text = Number.isNaN(ms) ? '' : new Date(ms).toISOString();
  // Also rejects years outside 0000–9999, which toISOString writes as ±YYYYYY.
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(text)) {
    throw new RangeError(`${field} is not a valid instant: ${iso}`);
  }
  return `${text.slice(0, 4)}${text.slice(5, 7)}${text.slice(8, 10)}T${text.slice(11, 13)}${text.slice(14, 16)}${text.slice(17, 19)}Z`;
}

function eventLines(event: CalendarEvent, index: number): string[] {
  const at = `events[${index}]`;
  if (!STATUSES.has(event.status)) throw new RangeError(`${at}.status is not CONFIRMED, CANCELLED or TENTATIVE`);
  if (!Number.isSafeInteger(event.sequence) || event.sequence < 0) {
    throw new RangeError(`${at}.sequence must be a whole number ≥ 0`);
  }
  if (Date.parse(event.end) <= Date.parse(event.start)) throw new RangeError(`${at}.end must be after start`);
  // URL is a URI value, not TEXT: no escaping applies, so anything that could break the line is refused.
  // eslint-disable-next-line no-control-regex
  if (event.url !== undefined && /[\s\u0000-\u001F\u007F]/.test(event.url)) {
    throw new RangeError(`${at}.url contains whitespace or control characters`);
  }
  const stamp = utcDateTime(event.updatedAt, `${at}.updatedAt`);
  const lines = [
    'BEGIN:VEVENT',
    `UID:${escapeText(event.uid)}`,
    `DTSTAMP:${stamp}`,
    `LAST-MODIFIED:${stamp}`,
    `SEQUENCE:${event.sequence}`,
    `STATUS:${event.status}`,
    `DTSTART:${utcDateTime(event.start, `${at}.start`)}`,
    `DTEND:${utcDateTime(event.end, `${at}.end`)}`,
    `SUMMARY:${escapeText(event.summary)}`,
  ];
  if (event.description !== undefined) lines.push(`DESCRIPTION:${escapeText(event.description)}`);
  if (event.location !== undefined) lines.push(`LOCATION:${escapeText(event.location)}`);
  if (event.url !== undefined) lines.push(`URL:${event.url}`);
  lines.push('END:VEVENT');
  return lines;
}

/**
 * A VCALENDAR with one VEVENT per event: CRLF lines, folded at 75 octets (UTF-8 aware, never
 * splitting a character), TEXT escaped (\\ ; , newline), times in UTC (…Z), DTSTAMP from
 * updatedAt, PRODID -//PetPro//Booking//ID, METHOD PUBLISH, X-WR-CALNAME from name.
 * Throws RangeError for an event a client would reject (bad instant, end ≤ start, bad sequence).
 */
export function icsCalendar(name: string, events: readonly CalendarEvent[]): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//PetPro//Booking//ID',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(name)}`,
    ...events.flatMap(eventLines),
    'END:VCALENDAR',
  ];
  // Every line, the last included, ends with CRLF (§3.1).
  return lines.map((line) => fold(line) + CRLF).join('');
}

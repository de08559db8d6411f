import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { icsCalendar, type CalendarEvent } from './ical.ts';

const event: CalendarEvent = {
  uid: 'bk_01JFZ8Q3@petpro.id',
  start: '2026-12-21T01:00:00.000Z', // 08:00 WIB
  end: '2026-12-21T01:30:00.000Z',
  summary: 'Vaksinasi: Milo',
  status: 'CONFIRMED',
  sequence: 0,
  updatedAt: '2026-12-20T09:30:15.123Z',
};

/** Unfolds (§3.1) and splits into content lines. */
function contentLines(ics: string): string[] {
  return ics
    .replace(/\r\n[ \t]/g, '')
    .split('\r\n')
    .slice(0, -1);
}

/** The value of the first property `name` of the unfolded text, unescaped. */
function textValue(ics: string, name: string): string | undefined {
  const line = contentLines(ics).find((l) => l.startsWith(`${name}:`));
  return line?.slice(name.length + 1).replace(/\\([\\;,nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
}

const octets = (s: string): number => Buffer.byteLength(s, 'utf8');

/** Splits encoded bytes at CRLF, without decoding first. */
function byteLines(bytes: Buffer): Buffer[] {
  const lines: Buffer[] = [];
  let from = 0;
  for (let i = bytes.indexOf('\r\n'); i !== -1; i = bytes.indexOf('\r\n', from)) {
    lines.push(bytes.subarray(from, i));
    from = i + 2;
  }
  return lines;
}
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe('icsCalendar', () => {
  it('writes one event exactly as RFC 5545 spells it', () => {
    expect(
      icsCalendar('PetPro – Klinik Sehat', [
        { ...event, location: 'Jl. Melati 5, Jakarta', url: 'https://petpro.id/b/bk_01JFZ8Q3' },
      ]),
    ).toBe(
      'BEGIN:VCALENDAR\r\n' +
        'VERSION:2.0\r\n' +
        'PRODID:-//PetPro//Booking//ID\r\n' +
        'CALSCALE:GREGORIAN\r\n' +
        'METHOD:PUBLISH\r\n' +
        'X-WR-CALNAME:PetPro – Klinik Sehat\r\n' +
        'BEGIN:VEVENT\r\n' +
        'UID:bk_01JFZ8Q3@petpro.id\r\n' +
        'DTSTAMP:20261220T093015Z\r\n' +
        'LAST-MODIFIED:20261220T093015Z\r\n' +
        'SEQUENCE:0\r\n' +
        'STATUS:CONFIRMED\r\n' +
        'DTSTART:20261221T010000Z\r\n' +
        'DTEND:20261221T013000Z\r\n' +
        'SUMMARY:Vaksinasi: Milo\r\n' + // a colon in TEXT needs no escape
        'LOCATION:Jl. Melati 5\\, Jakarta\r\n' +
        'URL:https://petpro.id/b/bk_01JFZ8Q3\r\n' +
        'END:VEVENT\r\n' +
        'END:VCALENDAR\r\n',
    );
  });

  it('writes an empty calendar and one VEVENT per event', () => {
    expect(icsCalendar('Kosong', [])).toBe(
      'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//PetPro//Booking//ID\r\nCALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\nX-WR-CALNAME:Kosong\r\nEND:VCALENDAR\r\n',
    );
    const ics = icsCalendar('Dua', [event, { ...event, uid: 'bk_2@petpro.id' }]);
    expect(ics.match(/\r\nBEGIN:VEVENT\r\n/g)).toHaveLength(2);
    expect(contentLines(ics).filter((l) => l.startsWith('UID:'))).toEqual([
      'UID:bk_01JFZ8Q3@petpro.id',
      'UID:bk_2@petpro.id',
    ]);
  });

  it('converts offset instants to UTC', () => {
    const ics = icsCalendar('X', [{ ...event, start: '2026-12-21T08:00:00+07:00', end: '2026-12-21T09:15:00+08:00' }]);
    expect(contentLines(ics)).toContain('DTSTART:20261221T010000Z');
    expect(contentLines(ics)).toContain('DTEND:20261221T011500Z');
  });

  it('escapes backslash, semicolon, comma and newlines in TEXT', () => {
    const ics = icsCalendar('A, B; C', [
      { ...event, summary: 'a\\b;c,d\ne\r\nf\rg', description: 'Bawa buku vaksin;\nkartu, dan C:\\path' },
    ]);
    const lines = contentLines(ics);
    expect(lines).toContain('X-WR-CALNAME:A\\, B\\; C');
    expect(lines).toContain('SUMMARY:a\\\\b\\;c\\,d\\ne\\nf\\ng');
    expect(lines).toContain('DESCRIPTION:Bawa buku vaksin\\;\\nkartu\\, dan C:\\\\path');
    expect(textValue(ics, 'DESCRIPTION')).toBe('Bawa buku vaksin;\nkartu, dan C:\\path');
  });

  it('drops control characters TEXT cannot carry, keeps tabs', () => {
    expect(contentLines(icsCalendar('X', [{ ...event, summary: 'a\u0000b\u0007c\td\u007F' }]))).toContain(
      'SUMMARY:abc\td',
    );
  });

  it('uses CRLF everywhere and never a bare CR or LF', () => {
    const ics = icsCalendar('X', [{ ...event, description: 'satu\ndua\rtiga\r\nempat '.repeat(20) }]);
    expect(ics.endsWith('\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it('folds a long Indonesian text with multi-byte characters at 75 octets', () => {
    const description =
      'Halo Ibu Siti 👋 — jadwal vaksinasi rabies untuk Milo 🐶 sudah dikonfirmasi di Klinik Hewan Sehat Sentosa. ' +
      'Mohon datang 15 menit lebih awal, bawa buku vaksin & kandang. Biaya: Rp 150.000 (sudah termasuk konsultasi). ' +
      'Catatan dokter: “jangan diberi makan 2 jam sebelumnya” · suhu ruang ±25 °C · café di lantai 2 🐾🐾🐾.';
    const ics = icsCalendar('Jadwal Milo 🐾', [{ ...event, description }]);
    const physical = ics.split('\r\n').slice(0, -1);
    for (const line of physical) expect(octets(line)).toBeLessThanOrEqual(75);
    // At the byte level, every physical line is valid UTF-8 on its own: no sequence was cut.
    const strict = new TextDecoder('utf-8', { fatal: true });
    for (const bytes of byteLines(Buffer.from(ics, 'utf8'))) expect(() => strict.decode(bytes)).not.toThrow();
    expect(physical.filter((l) => l.startsWith(' ')).length).toBeGreaterThanOrEqual(4);
    expect(textValue(ics, 'DESCRIPTION')).toBe(description);
  });

  it('moves a character that would straddle octet 75 whole to the next line', () => {
    // "SUMMARY:" (8) + 66 × "a" = 74 octets; the 4-octet emoji does not fit in the last one.
    const ics = icsCalendar('X', [{ ...event, summary: `${'a'.repeat(66)}🐶${'b'.repeat(80)}` }]);
    const physical = ics.split('\r\n');
    const first = physical.findIndex((l) => l.startsWith('SUMMARY:'));
    expect(physical[first]).toBe(`SUMMARY:${'a'.repeat(66)}`);
    // Continuation: space + emoji (4) + 70 × "b" = 75 octets, then the remaining 10.
    expect(physical[first + 1]).toBe(` 🐶${'b'.repeat(70)}`);
    expect(physical[first + 2]).toBe(` ${'b'.repeat(10)}`);
    // An ASCII line of exactly 75 octets is not folded; 76 is.
    const exact = icsCalendar('X', [{ ...event, summary: 'c'.repeat(67) }]).split('\r\n');
    expect(exact).toContain(`SUMMARY:${'c'.repeat(67)}`);
    const over = icsCalendar('X', [{ ...event, summary: 'c'.repeat(68) }]).split('\r\n');
    expect(over).toContain(`SUMMARY:${'c'.repeat(67)}`);
    expect(over).toContain(' c');
  });

  it('folds and escapes any text so that unfolding and unescaping give it back (property)', { timeout: 30_000 }, () => {
    // size 'max': fast-check's default sizes rarely reach the 75-octet fold.
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 300, size: 'max' }),
      fc.string({ unit: 'grapheme', maxLength: 200, size: 'max' }),
      fc.string({ maxLength: 300, size: 'max' }),
      fc.string({ maxLength: 20 }),
    );
    fc.assert(
      fc.property(text, text, (summary, name) => {
        const ics = icsCalendar(name, [{ ...event, summary }]);
        for (const line of ics.split('\r\n').slice(0, -1)) {
          expect(octets(line)).toBeLessThanOrEqual(75);
          expect(line).not.toMatch(/[\r\n]/);
          expect(line).not.toMatch(LONE_SURROGATE);
        }
        const strict = new TextDecoder('utf-8', { fatal: true });
        for (const bytes of byteLines(Buffer.from(ics, 'utf8'))) strict.decode(bytes);
        const expected = (s: string) => s.replace(/\r\n|\r/g, '\n').replace(/[\u0000-\u0008\u000B-\u001F\u007F]/g, ''); // eslint-disable-line no-control-regex
        expect(textValue(ics, 'SUMMARY')).toBe(expected(summary));
        expect(textValue(ics, 'X-WR-CALNAME')).toBe(expected(name));
      }),
      { numRuns: 300 },
    );
  });

  it('marks a cancelled event STATUS:CANCELLED with its bumped SEQUENCE', () => {
    const lines = contentLines(
      icsCalendar('X', [{ ...event, status: 'CANCELLED', sequence: 2, updatedAt: '2026-12-20T11:00:00Z' }]),
    );
    expect(lines).toContain('STATUS:CANCELLED');
    expect(lines).toContain('SEQUENCE:2');
    expect(lines).toContain('DTSTAMP:20261220T110000Z');
    expect(contentLines(icsCalendar('X', [{ ...event, status: 'TENTATIVE' }]))).toContain('STATUS:TENTATIVE');
  });

  it('leaves optional properties out when absent', () => {
    const lines = contentLines(icsCalendar('X', [event]));
    expect(lines.some((l) => /^(DESCRIPTION|LOCATION|URL)[:;]/.test(l))).toBe(false);
  });

  it('refuses events a calendar client would reject', () => {
    expect(() => icsCalendar('X', [{ ...event, start: 'besok' }])).toThrow(RangeError);
    expect(() => icsCalendar('X', [{ ...event, updatedAt: '' }])).toThrow(RangeError);
    expect(() => icsCalendar('X', [{ ...event, end: event.start }])).toThrow(RangeError);
    expect(() => icsCalendar('X', [{ ...event, sequence: -1 }])).toThrow(RangeError);
    expect(() => icsCalendar('X', [{ ...event, sequence: 1.5 }])).toThrow(RangeError);
    expect(() => icsCalendar('X', [{ ...event, status: 'DONE' as CalendarEvent['status'] }])).toThrow(RangeError);
    expect(() => icsCalendar('X', [{ ...event, url: 'https://x.id/a\r\nATTENDEE:evil' }])).toThrow(RangeError);
    expect(() =>
      icsCalendar('X', [{ ...event, start: '+012026-01-01T00:00:00Z', end: '+012026-01-02T00:00:00Z' }]),
    ).toThrow(RangeError);
  });
});

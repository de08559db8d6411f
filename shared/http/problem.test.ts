import { describe, expect, it } from 'vitest';
import { HttpProblem, PROBLEM_TYPE_BASE, STANDARD_PROBLEM_MEMBERS, type ProblemExtras } from './problem.ts';
import { localeFrom, messages, type MessageKey } from '../lib/messages.ts';
import type { Locale } from '../lib/locale.ts';

const keys = Object.keys(messages) as MessageKey[];
const statuses = [400, 401, 403, 404, 409, 413, 415, 422, 429, 500, 502, 503];

describe('problem+json bodies (RFC 9457)', () => {
  it('every problem type the API can answer keeps `status` the HTTP status number, whatever its extension members', () => {
    for (const key of keys) {
      for (const status of statuses) {
        const body = new HttpProblem(status, key, { extra: { state: 'confirmed', available: 0 } }).toBody(
          'id',
          '/v1/x',
        );
        expect(body.status, key).toBe(status);
        expect(body.type).toBe(`${PROBLEM_TYPE_BASE}${key}`);
        expect(body.state).toBe('confirmed');
        expect(body.instance).toBe('/v1/x');
      }
    }
  });

  it('refuses an extension member named like a standard one (type-checked, and at run time)', () => {
    for (const name of STANDARD_PROBLEM_MEMBERS) {
      expect(
        () => new HttpProblem(409, 'booking-state', { extra: { [name]: 'confirmed' } as ProblemExtras }),
        name,
      ).toThrow(/state/);
    }
  });

  it('title and detail both follow the language, Bahasa Indonesia when none is named', () => {
    for (const key of keys) {
      for (const locale of ['id', 'en'] as Locale[]) {
        const body = new HttpProblem(400, key).toBody(locale);
        expect(body.title, `${key} ${locale}`).toBe(messages[key][locale]);
        expect(body.detail, `${key} ${locale}`).toBe(messages[key][locale]);
      }
    }
    expect(localeFrom(undefined)).toBe('id');
    expect(localeFrom('fr-FR')).toBe('id');
    expect(localeFrom('en-GB,en;q=0.8')).toBe('en');
    expect(localeFrom('id')).toBe('id');
  });

  it('has both languages for every message', () => {
    for (const key of keys) {
      expect(messages[key].id.length, key).toBeGreaterThan(0);
      expect(messages[key].en.length, key).toBeGreaterThan(0);
    }
  });
});

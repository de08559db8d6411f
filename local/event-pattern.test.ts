import { describe, expect, it } from 'vitest';
import { matchesPattern } from './event-pattern.ts';

const event = {
  'source': 'petpro.users',
  'detail-type': 'pet.added',
  'detail': { species: 'cat', weightKg: 4, tags: ['a', 'b'] },
};

describe('EventBridge pattern matching (local bus)', () => {
  it('matches exact values in arrays, and nested fields', () => {
    expect(matchesPattern(event, { 'source': ['petpro.users'], 'detail-type': ['pet.added', 'pet.removed'] })).toBe(
      true,
    );
    expect(matchesPattern(event, { 'detail-type': ['pet.removed'] })).toBe(false);
    expect(matchesPattern(event, { detail: { species: ['cat'] } })).toBe(true);
    expect(matchesPattern(event, { detail: { tags: ['b'] } })).toBe(true);
  });
  it('supports prefix, suffix, anything-but, exists, numeric and $or', () => {
    expect(matchesPattern(event, { 'detail-type': [{ prefix: 'pet.' }] })).toBe(true);
    expect(matchesPattern(event, { 'detail-type': [{ suffix: '.added' }] })).toBe(true);
    expect(matchesPattern(event, { source: [{ 'anything-but': ['petpro.users'] }] })).toBe(false);
    expect(matchesPattern(event, { detail: { breed: [{ exists: false }] } })).toBe(true);
    expect(matchesPattern(event, { detail: { species: [{ exists: true }] } })).toBe(true);
    expect(matchesPattern(event, { detail: { weightKg: [{ numeric: ['>', 3, '<=', 4] }] } })).toBe(true);
    expect(matchesPattern(event, { detail: { weightKg: [{ numeric: ['>', 4] }] } })).toBe(false);
    expect(matchesPattern(event, { $or: [{ source: ['x'] }, { 'detail-type': ['pet.added'] }] })).toBe(true);
  });
});

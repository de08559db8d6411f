import { describe, expect, it } from 'vitest';
import { looksLikeAnIdentifier, publicName } from './display-name.ts';

describe('publicName', () => {
  it('shows the first name and the initial of the last one, without titles', () => {
    expect(publicName('Budi Santoso')).toBe('Budi S.');
    expect(publicName('  Siti   Rahayu  Putri ')).toBe('Siti P.');
    expect(publicName('Budi')).toBe('Budi');
    expect(publicName('Drh. Rina Wijaya')).toBe('Rina W.');
    expect(publicName('Drh. Sinta')).toBe('Sinta');
    expect(publicName('ayu ĺestari')).toBe('ayu Ĺ.');
  });

  it('is stable: a shortened name stays as it is', () => {
    for (const name of ['Budi S.', 'Siti R.', 'Budi']) expect(publicName(publicName(name))).toBe(name);
  });

  it('never passes on an id, an email address or a phone number', () => {
    for (const id of [
      '688dfa52-1c2d-4e5f-8a9b-0c1d2e3f4a5b',
      '01JREVIEW0000000000000000A',
      'budi@example.id',
      '+6281234567890',
      '0812 3456 7890',
    ]) {
      expect(looksLikeAnIdentifier(id), id).toBe(true);
      expect(publicName(id), id).toBeUndefined();
      expect(publicName(`Budi ${id}`), id).toBeUndefined();
    }
    expect(publicName('')).toBeUndefined();
    expect(publicName(null)).toBeUndefined();
    expect(publicName(undefined)).toBeUndefined();
  });
});

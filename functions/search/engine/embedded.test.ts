import { seededRandom } from '#shared/lib/seeded-random.ts';
import { describe, expect, it } from 'vitest';
import { haversineKm } from '#shared/lib/geo.ts';
import {
  isOpenAt,
  openingIndex,
  WEEKDAYS,
  type HoursRange,
  type Schedule,
  type Weekday,
} from '#shared/lib/opening-hours.ts';
import { SERVICE_CATEGORIES, SPECIES } from '#shared/lib/pet-care.ts';
import { clinicDoc, searchEngineContract } from './contract.ts';
import { analyze, embeddedSearchEngine, sharedEmbeddedSearchEngine } from './embedded.ts';
import type { ClinicDocument, ClinicQuery } from './port.ts';

searchEngineContract('embedded', () => embeddedSearchEngine());

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions). */
function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i += 1) {
    for (let j = 1; j <= b.length; j += 1) {
      const row = d[i]!;
      row[j] = Math.min(d[i - 1]![j]! + 1, row[j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        row[j] = Math.min(row[j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

describe('embedded engine', () => {
  it('sharedEmbeddedSearchEngine is one instance per process', () => {
    expect(sharedEmbeddedSearchEngine()).toBe(sharedEmbeddedSearchEngine());
    expect(embeddedSearchEngine()).not.toBe(sharedEmbeddedSearchEngine());
  });

  it('analyses text without case, diacritics, punctuation or stop words', () => {
    expect(analyze('Klinik Hewan "Café" di Jl. Sudirman, 24-jam & X-Ray dan the Vet')).toEqual([
      'klinik',
      'hewan',
      'cafe',
      'jl',
      'sudirman',
      '24',
      'jam',
      'x',
      'ray',
      'vet',
    ]);
  });

  it('needs every word that exists in the index, and ignores words found nowhere', async () => {
    const engine = embeddedSearchEngine();
    await engine.upsertClinic(
      clinicDoc({ vendorId: 'v-vet', name: 'Klinik Hewan Anggrek', categories: ['vaccination'] }),
    );
    await engine.upsertClinic(
      clinicDoc({ vendorId: 'v-groom', name: 'Salon Anggrek', kind: 'groomer', categories: ['grooming'] }),
    );
    const found = async (q: string, filters: Partial<ClinicQuery> = {}) =>
      (await engine.searchClinics({ q, sort: 'relevance', limit: 10, ...filters })).items.map(
        (hit) => hit.document.vendorId,
      );
    expect(await found('anggrek vaksin')).toEqual(['v-vet']);
    expect(await found('anggrek grooming')).toEqual(['v-groom']);
    expect(await found('vaksin grooming')).toEqual([]);
    expect(await found('anggrek terdekat')).toHaveLength(2);
    expect(await found('qwxz')).toEqual([]);
    // Only stop words: no text condition at all.
    expect(await found('di dan')).toHaveLength(2);
    // A word only the filtered-out vendors have still narrows: it exists in the index.
    expect(await found('anggrek vaksin', { kind: 'groomer' })).toEqual([]);
    expect(await found('vaksin', { kind: 'groomer' })).toEqual([]);
    expect(await found('anggrek terdekat', { kind: 'groomer' })).toEqual(['v-groom']);
    expect(await found('salon anggrek', { kind: 'clinic' })).toEqual([]);
  });

  it('counts swapping two neighbours as one edit (as OpenSearch does), and ranks exact words first', async () => {
    const engine = embeddedSearchEngine();
    const put = (vendorId: string, name: string) =>
      engine.upsertClinic({
        ...clinicDoc({ vendorId, name, categories: [], species: [] }),
        city: 'Xyz',
        province: 'Qqq',
        address: 'Vvv',
      });
    await put('v-ceria', 'Ceria');
    await put('v-ceira', 'Ceira');
    await put('v-acbdyx', 'Acbdyx');
    await put('v-badcxy', 'Badcxy');
    await put('v-xabcyyy', 'Xabcyyy');
    const found = async (q: string) =>
      (await engine.searchClinics({ q, sort: 'relevance', limit: 10 })).items.map((hit) => hit.document.vendorId);
    expect(await found('ceria')).toEqual(['v-ceria', 'v-ceira']);
    expect(await found('ceira')).toEqual(['v-ceira', 'v-ceria']);
    // Six letters allow two edits: two swaps, after the first letter (prefix_length 1, as we ask of OpenSearch).
    expect(await found('abcdxy')).toEqual(['v-acbdyx']);
    // Four letters allow one: two swaps are too many.
    expect(await found('abcd')).toEqual([]);
    // A swap and a letter inserted between the swapped ones is three edits, not two (as in Lucene).
    expect(await found('xcayyy')).toEqual([]);
  });

  it('hands out copies: neither the caller’s document nor a returned one can change the index', async () => {
    const engine = embeddedSearchEngine();
    const document = clinicDoc({ vendorId: 'v-a', name: 'Klinik Asli' });
    await engine.upsertClinic(document);
    document.name = 'Diubah';
    document.opening.weeklyUtc.length = 0;
    const got = (await engine.getClinic('v-a'))!;
    expect(got.name).toBe('Klinik Asli');
    got.services.length = 0;
    expect((await engine.getClinic('v-a'))!.services).toHaveLength(1);
    const hit = (
      await engine.searchClinics({ q: 'asli', sort: 'relevance', limit: 1, openAt: new Date('2026-03-02T03:00:00Z') })
    ).items[0]!;
    hit.document.name = 'Lain';
    expect((await engine.getClinic('v-a'))!.name).toBe('Klinik Asli');
  });

  it('rejects queries the port rules out', async () => {
    const engine = embeddedSearchEngine();
    await expect(engine.searchClinics({ lat: -6.2, sort: 'rating', limit: 5 })).rejects.toThrow(RangeError);
    await expect(engine.searchClinics({ sort: 'distance', limit: 5 })).rejects.toThrow(RangeError);
    await expect(engine.searchClinics({ radiusKm: 5, sort: 'rating', limit: 5 })).rejects.toThrow(RangeError);
    await expect(engine.searchClinics({ sort: 'rating', limit: 0 })).rejects.toThrow(RangeError);
    await expect(engine.searchProducts({ sort: 'newest', limit: 1.5 })).rejects.toThrow(RangeError);
  });

  it('agrees with a brute-force reference on filters and distance order', async () => {
    const rnd = seededRandom(11);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
    const days = (hours: HoursRange[]) =>
      Object.fromEntries(WEEKDAYS.map((day) => [day, rnd() < 0.15 ? [] : hours])) as Record<Weekday, HoursRange[]>;
    const documents: ClinicDocument[] = Array.from({ length: 400 }, (_, i) => {
      const schedule: Schedule = {
        timeZone: pick(['Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura'] as const),
        weekly: days(
          pick([
            [{ open: '08:00', close: '17:00' }],
            [{ open: '20:00', close: '24:00' }],
            [{ open: '00:00', close: '24:00' }],
          ]),
        ),
        exceptions:
          rnd() < 0.3
            ? [
                { date: '2026-03-03', closed: true },
                { date: '2026-03-04', hours: [{ open: '06:00', close: '07:00' }] },
              ]
            : [],
      };
      const base = clinicDoc({
        vendorId: `v-${String(i).padStart(3, '0')}`,
        kind: pick(['clinic', 'groomer', 'shop'] as const),
        lat: -6.2 + (rnd() - 0.5) * 0.6,
        lon: 106.8 + (rnd() - 0.5) * 0.6,
        rating: rnd() < 0.2 ? null : Math.round((1 + rnd() * 4) * 10) / 10,
        reviewCount: Math.floor(rnd() * 5),
        categories: [...new Set([pick(SERVICE_CATEGORIES), pick(SERVICE_CATEGORIES)])],
        species: [...new Set([pick(SPECIES), pick(SPECIES)])],
      });
      return { ...base, schedule, opening: openingIndex(schedule) };
    });
    const engine = embeddedSearchEngine();
    for (const document of documents) await engine.upsertClinic(document);

    for (let run = 0; run < 150; run += 1) {
      const point = { lat: -6.2 + (rnd() - 0.5) * 0.4, lon: 106.8 + (rnd() - 0.5) * 0.4 };
      const query: ClinicQuery = {
        ...point,
        sort: 'distance',
        limit: 500,
        ...(rnd() < 0.7 ? { radiusKm: rnd() * 15 } : {}),
        ...(rnd() < 0.4 ? { category: pick(SERVICE_CATEGORIES) } : {}),
        ...(rnd() < 0.3 ? { species: pick(SPECIES) } : {}),
        ...(rnd() < 0.3 ? { kind: pick(['clinic', 'groomer', 'shop'] as const) } : {}),
        ...(rnd() < 0.3 ? { minRating: Math.round(rnd() * 50) / 10 } : {}),
        ...(rnd() < 0.5 ? { openAt: new Date(Date.UTC(2026, 2, 2) + Math.floor(rnd() * 4 * 24 * 60) * 60_000) } : {}),
      };
      const expected = documents
        .filter((d) => query.radiusKm === undefined || haversineKm(point, d) <= query.radiusKm)
        .filter((d) => query.category === undefined || d.categories.includes(query.category))
        .filter((d) => query.species === undefined || d.species.includes(query.species))
        .filter((d) => query.kind === undefined || d.kind === query.kind)
        .filter((d) => query.minRating === undefined || (d.rating !== null && d.rating >= query.minRating))
        .filter((d) => query.openAt === undefined || isOpenAt(d.schedule, query.openAt))
        .map((d) => ({ id: d.vendorId, km: haversineKm(point, d) }))
        .sort((a, b) => a.km - b.km || (a.id < b.id ? -1 : 1));
      const page = await engine.searchClinics(query);
      expect(page.items.map((hit) => hit.document.vendorId)).toEqual(expected.map((e) => e.id));
      expect(page.items.map((hit) => hit.distanceKm)).toEqual(expected.map((e) => e.km));
    }
  });

  it('finds exactly the words within the allowed edits (or starting with a long enough query word), also after removals', async () => {
    const rnd = seededRandom(5);
    const letters = 'abcd';
    const word = (length: number) => Array.from({ length }, () => letters[Math.floor(rnd() * letters.length)]).join('');
    const names = [...new Set(Array.from({ length: 160 }, () => word(3 + Math.floor(rnd() * 5))))];
    const engine = embeddedSearchEngine();
    const listed = new Map<string, string>();
    for (const [i, name] of names.entries()) {
      const vendorId = `v-${i}`;
      listed.set(vendorId, name);
      // No categories, species or description: the name is the only word out of 'xyz…' territory.
      await engine.upsertClinic({
        ...clinicDoc({ vendorId, name, categories: [], species: [] }),
        city: 'Xyz',
        province: 'Qqq',
        address: 'Vvv',
      });
    }
    const allowed = (length: number) => (length < 3 ? 0 : length < 6 ? 1 : 2);
    const check = async () => {
      for (let run = 0; run < 120; run += 1) {
        const q = word(2 + Math.floor(rnd() * 7));
        const expected = [...listed].filter(
          ([, name]) =>
            (name[0] === q[0] && editDistance(q, name) <= allowed(q.length)) || (q.length >= 4 && name.startsWith(q)),
        );
        const page = await engine.searchClinics({ q, sort: 'rating', limit: 1000 });
        expect(page.items.map((hit) => hit.document.vendorId).sort(), q).toEqual(expected.map(([id]) => id).sort());
      }
    };
    await check();
    for (const id of [...listed.keys()].filter((_, i) => i % 2 === 0)) {
      await engine.removeClinic(id);
      listed.delete(id);
    }
    await check();
  });
});

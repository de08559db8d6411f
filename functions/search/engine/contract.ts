import { beforeEach, describe, expect, it } from 'vitest';
import {
  openingIndex,
  WEEKDAYS,
  type HoursRange,
  type Schedule,
  type ScheduleException,
  type Weekday,
} from '#shared/lib/opening-hours.ts';
import {
  PRODUCT_CATEGORY_LABELS,
  PRODUCT_SUBCATEGORIES,
  type ProductSubcategory,
  type ServiceCategory,
  type Species,
  type VendorKind,
} from '#shared/lib/pet-care.ts';
import type { IndonesianTimeZone } from '#shared/lib/time.ts';
import { DEMO_PRODUCTS } from '#local/fixtures/demo-products.ts';
import {
  InvalidSearchCursor,
  PRICE_BANDS,
  type ClinicDocument,
  type ClinicHit,
  type ClinicQuery,
  type ProductDocument,
  type ProductQuery,
  type SearchEngine,
} from './port.ts';

/**
 * The behaviour every SearchEngine adapter must show. An adapter's test file calls
 * `searchEngineContract(name, makeEngine)`; the engine is reset before every test.
 */

// ---------------------------------------------------------------- geometry, by hand

/** Mean Earth radius (IUGG) in km, restated here so a wrong constant in geo.ts fails these tests. */
const R_KM = 6371.0088;
const RAD = Math.PI / 180;

function expectedKm(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const h =
    Math.sin(((b.lat - a.lat) * RAD) / 2) ** 2 +
    Math.cos(a.lat * RAD) * Math.cos(b.lat * RAD) * Math.sin(((b.lon - a.lon) * RAD) / 2) ** 2;
  return 2 * R_KM * Math.asin(Math.sqrt(h));
}

/** The point `km` away from `from` on the great circle leaving it at `bearingDeg`. */
function destination(from: { lat: number; lon: number }, km: number, bearingDeg: number): { lat: number; lon: number } {
  const d = km / R_KM;
  const bearing = bearingDeg * RAD;
  const lat1 = from.lat * RAD;
  const lon1 = from.lon * RAD;
  const lat2 = Math.asin(Math.sin(lat1) * Math.cos(d) + Math.cos(lat1) * Math.sin(d) * Math.cos(bearing));
  const lon2 =
    lon1 + Math.atan2(Math.sin(bearing) * Math.sin(d) * Math.cos(lat1), Math.cos(d) - Math.sin(lat1) * Math.sin(lat2));
  return { lat: lat2 / RAD, lon: lon2 / RAD };
}

// ---------------------------------------------------------------- documents

const MONAS = { lat: -6.1754, lon: 106.8272 };

function everyDay(hours: HoursRange[]): Record<Weekday, HoursRange[]> {
  return Object.fromEntries(WEEKDAYS.map((day) => [day, hours.map((range) => ({ ...range }))])) as Record<
    Weekday,
    HoursRange[]
  >;
}

function schedule(
  timeZone: IndonesianTimeZone = 'Asia/Jakarta',
  exceptions: ScheduleException[] = [],
  hours: HoursRange[] = [{ open: '08:00', close: '17:00' }],
): Schedule {
  return { timeZone, weekly: everyDay(hours), exceptions };
}

interface ClinicSpec {
  vendorId: string;
  name?: string;
  kind?: VendorKind;
  description?: string | null;
  city?: string;
  lat?: number;
  lon?: number;
  rating?: number | null;
  reviewCount?: number;
  categories?: ServiceCategory[];
  species?: Species[];
  schedule?: Schedule;
  listingVersion?: number;
}

/** A listed vendor with one neutrally named service per category (so text tests hit the category words). */
export function clinicDoc(spec: ClinicSpec): ClinicDocument {
  const categories = spec.categories ?? ['vet_consultation'];
  const species = spec.species ?? ['dog', 'cat'];
  const hours = spec.schedule ?? schedule();
  return {
    vendorId: spec.vendorId,
    name: spec.name ?? `Mitra ${spec.vendorId}`,
    kind: spec.kind ?? 'clinic',
    description: spec.description === undefined ? null : spec.description,
    address: 'Jl. Merdeka No. 1',
    city: spec.city ?? 'Jakarta Pusat',
    province: 'DKI Jakarta',
    lat: spec.lat ?? MONAS.lat,
    lon: spec.lon ?? MONAS.lon,
    phone: '+62215550100',
    rating: spec.rating === undefined ? 4.5 : spec.rating,
    reviewCount: spec.reviewCount ?? 10,
    services: categories.map((category, i) => ({
      serviceId: `${spec.vendorId}-s${i + 1}`,
      name: `Paket ${i + 1}`,
      category,
      species: [...species],
      durationMin: 30,
      price: { amount: 150_000, currency: 'IDR' },
      prepay: false,
    })),
    categories: [...categories].sort(),
    species: [...species].sort(),
    schedule: hours,
    opening: openingIndex(hours),
    listingVersion: spec.listingVersion ?? 1,
    updatedAt: '2026-03-01T00:00:00.000Z',
  };
}

export function productDoc(spec: Partial<ProductDocument> & { productId: string }): ProductDocument {
  return {
    vendorId: 'v-shop-1',
    vendorName: 'Toko Satwa Makmur',
    name: `Produk ${spec.productId}`,
    description: 'Perlengkapan hewan peliharaan',
    category: 'aksesoris',
    price: { amount: 75_000, currency: 'IDR' },
    inStock: true,
    imageUrl: null,
    updatedAt: '2026-03-01T00:00:00.000Z',
    ...spec,
  };
}

/** Shampoos the demo catalogue lacks (it has one for cats): a dog shampoo, and one whose name says neither. */
const DEMO_SHOPS = [
  'Toko Pakan Hewan Makmur',
  'Kitty Corner Pet Store',
  'Petshop Karya Satwa',
  'Woof & Meow Petshop',
] as const;

/**
 * The demo shops' catalogue (local/fixtures/demo-products.ts) as the indexer makes its
 * documents (search.ts `productDocument`): every product in three of four shops, as the demo
 * seeds the same products into many shops.
 */
export function demoCatalogue(): ProductDocument[] {
  const documents: ProductDocument[] = [];
  DEMO_PRODUCTS.forEach((product, i) => {
    const { category } = PRODUCT_SUBCATEGORIES[product.subcategory];
    DEMO_SHOPS.forEach((vendorName, shop) => {
      if (i % DEMO_SHOPS.length === shop) return;
      const labels = [PRODUCT_CATEGORY_LABELS[category], PRODUCT_SUBCATEGORIES[product.subcategory]];
      documents.push(
        productDoc({
          productId: `p-demo-${String(i).padStart(2, '0')}-${shop}`,
          vendorId: `v-shop-${shop}`,
          vendorName,
          name: product.name,
          description: product.id,
          descriptionEn: product.en,
          category,
          subcategory: product.subcategory,
          keywords: labels.flatMap((label) => [label.id, label.en]),
          price: { amount: product.price, currency: 'IDR' },
        }),
      );
    });
  });
  return documents;
}

// ---------------------------------------------------------------- helpers

const ids = (hits: { document: { vendorId: string } }[]) => hits.map((hit) => hit.document.vendorId);
const productIds = (items: ProductDocument[]) => items.map((item) => item.productId);

async function allPages<T>(
  first: { items: T[]; nextCursor: string | null },
  next: (cursor: string) => Promise<{ items: T[]; nextCursor: string | null }>,
): Promise<T[][]> {
  const pages = [first.items];
  let cursor = first.nextCursor;
  while (cursor !== null) {
    const page = await next(cursor);
    pages.push(page.items);
    cursor = page.nextCursor;
    if (pages.length > 1000) throw new Error('cursor never ends');
  }
  return pages;
}

export function searchEngineContract(name: string, makeEngine: () => Promise<SearchEngine> | SearchEngine): void {
  describe(`search engine contract: ${name}`, () => {
    let engine: SearchEngine;

    beforeEach(async () => {
      engine = await makeEngine();
      await engine.reset();
    });

    async function put(...documents: ClinicDocument[]): Promise<void> {
      for (const document of documents) await engine.upsertClinic(document);
    }

    async function clinicIds(query: Partial<ClinicQuery>): Promise<string[]> {
      const page = await engine.searchClinics({ sort: 'rating', limit: 100, ...query });
      return ids(page.items);
    }

    // ------------------------------------------------------------ documents

    describe('clinic documents', () => {
      it('getClinic returns what was upserted, and nothing for an unknown id', async () => {
        const document = clinicDoc({
          vendorId: 'v-get',
          description: 'Buka setiap hari',
          categories: ['vaccination', 'grooming'],
          species: ['cat'],
          schedule: schedule('Asia/Makassar', [{ date: '2026-03-03', closed: true, note: 'Libur' }]),
        });
        await put(document);
        expect(await engine.getClinic('v-get')).toEqual(document);
        expect(await engine.getClinic('v-unknown')).toBeUndefined();
      });

      it('a lower listingVersion never replaces a higher one; the same version replaces', async () => {
        await put(clinicDoc({ vendorId: 'v-ver', name: 'Klinik Baru', listingVersion: 2 }));
        await put(clinicDoc({ vendorId: 'v-ver', name: 'Klinik Lama', listingVersion: 1 }));
        expect((await engine.getClinic('v-ver'))?.name).toBe('Klinik Baru');
        expect(await clinicIds({ q: 'lama' })).toEqual([]);

        const again = clinicDoc({ vendorId: 'v-ver', name: 'Klinik Ulang', listingVersion: 2 });
        await put(again);
        expect(await engine.getClinic('v-ver')).toEqual(again);
        await put(clinicDoc({ vendorId: 'v-ver', name: 'Klinik Terbaru', listingVersion: 3 }));
        expect((await engine.getClinic('v-ver'))?.name).toBe('Klinik Terbaru');
        expect(await clinicIds({ q: 'terbaru' })).toEqual(['v-ver']);
        expect(await clinicIds({ q: 'ulang' })).toEqual([]);
      });

      it('removeClinic drops the vendor from get and search; an unknown id is a no-op', async () => {
        await put(
          clinicDoc({ vendorId: 'v-a', name: 'Klinik Hewan Anggrek' }),
          clinicDoc({ vendorId: 'v-b', name: 'Klinik Hewan Bougenvil' }),
        );
        await engine.removeClinic('v-a');
        await engine.removeClinic('v-never-indexed');
        expect(await engine.getClinic('v-a')).toBeUndefined();
        expect(await clinicIds({})).toEqual(['v-b']);
        expect(await clinicIds({ q: 'anggrek' })).toEqual([]);
        await put(clinicDoc({ vendorId: 'v-a', name: 'Klinik Hewan Anggrek' }));
        expect(await clinicIds({ q: 'anggrek' })).toEqual(['v-a']);
      });

      it('reset empties clinics and products', async () => {
        await put(clinicDoc({ vendorId: 'v-a' }));
        await engine.upsertProduct(productDoc({ productId: 'p-a' }));
        await engine.reset();
        expect(await engine.getClinic('v-a')).toBeUndefined();
        expect(await engine.getProduct('p-a')).toBeUndefined();
        expect(await clinicIds({})).toEqual([]);
        expect((await engine.searchProducts({ sort: 'newest', limit: 10 })).items).toEqual([]);
      });
    });

    // ------------------------------------------------------------ geo

    describe('distance', () => {
      const points = [
        { vendorId: 'v-jayapura', lat: -2.5337, lon: 140.7181 },
        { vendorId: 'v-menteng', lat: -6.195, lon: 106.832 },
        { vendorId: 'v-surabaya', lat: -7.2575, lon: 112.7521 },
        { vendorId: 'v-kemang', lat: -6.2615, lon: 106.8106 },
        { vendorId: 'v-pik', lat: -6.109, lon: 106.74 },
        { vendorId: 'v-bogor', lat: -6.5971, lon: 106.806 },
      ];

      it('orders by great-circle distance and reports it in km', async () => {
        await put(...points.map((point) => clinicDoc(point)));
        const page = await engine.searchClinics({ ...MONAS, sort: 'distance', limit: 10 });
        const expected = points
          .map((point) => ({ vendorId: point.vendorId, km: expectedKm(MONAS, point) }))
          .sort((a, b) => a.km - b.km);
        expect(ids(page.items)).toEqual(expected.map((e) => e.vendorId));
        page.items.forEach((hit, i) => expect(hit.distanceKm).toBeCloseTo(expected[i]!.km, 4));
        // Sanity of the fixture itself: Monas–Surabaya is about 663 km.
        expect(expected.find((e) => e.vendorId === 'v-surabaya')!.km).toBeGreaterThan(655);
      });

      it('breaks distance ties by vendorId', async () => {
        await put(
          clinicDoc({ vendorId: 'v-tie-b', lat: -6.2, lon: 106.8 }),
          clinicDoc({ vendorId: 'v-tie-a', lat: -6.2, lon: 106.8 }),
        );
        expect(ids((await engine.searchClinics({ ...MONAS, sort: 'distance', limit: 10 })).items)).toEqual([
          'v-tie-a',
          'v-tie-b',
        ]);
      });

      it('distanceKm is null without a query point', async () => {
        await put(clinicDoc({ vendorId: 'v-a' }));
        const page = await engine.searchClinics({ sort: 'rating', limit: 10 });
        expect(page.items.map((hit) => hit.distanceKm)).toEqual([null]);
      });

      it('radius includes a vendor exactly at the boundary and excludes one just outside', async () => {
        const edge = destination(MONAS, 5, 57);
        expect(expectedKm(MONAS, edge)).toBeCloseTo(5, 9);
        await put(
          clinicDoc({ vendorId: 'v-edge', ...edge }),
          clinicDoc({ vendorId: 'v-near', ...destination(MONAS, 1.5, 200) }),
          clinicDoc({ vendorId: 'v-far', ...destination(MONAS, 5.2, 10) }),
        );
        const near = { ...MONAS, sort: 'distance' as const };
        expect(await clinicIds({ ...near, radiusKm: 5.001 })).toEqual(['v-near', 'v-edge']);
        expect(await clinicIds({ ...near, radiusKm: 4.999 })).toEqual(['v-near']);
        // Equal is inside: use the engine's own distance, so floating-point rounding of 5 cannot decide.
        const all = await engine.searchClinics({ ...near, limit: 10 });
        const edgeKm = all.items.find((hit) => hit.document.vendorId === 'v-edge')!.distanceKm!;
        expect(edgeKm).toBeCloseTo(5, 5);
        expect(await clinicIds({ ...near, radiusKm: edgeKm })).toEqual(['v-near', 'v-edge']);
      });
    });

    // ------------------------------------------------------------ opening hours

    describe('open at', () => {
      it('reads the weekly hours in the vendor’s own time zone', async () => {
        await put(
          clinicDoc({ vendorId: 'v-wib', schedule: schedule('Asia/Jakarta') }),
          clinicDoc({ vendorId: 'v-wit', schedule: schedule('Asia/Jayapura') }),
        );
        // Monday 09:30 UTC: 16:30 in Jakarta (open), 18:30 in Jayapura (closed).
        expect(await clinicIds({ openAt: new Date('2026-03-02T09:30:00Z') })).toEqual(['v-wib']);
        // Monday 00:30 UTC: 07:30 in Jakarta (closed), 09:30 in Jayapura (open).
        expect(await clinicIds({ openAt: new Date('2026-03-02T00:30:00Z') })).toEqual(['v-wit']);
        // Closing time is exclusive: 17:00 WIB.
        expect(await clinicIds({ openAt: new Date('2026-03-02T10:00:00Z') })).toEqual([]);
        expect(await clinicIds({ openAt: new Date('2026-03-02T09:59:00Z') })).toEqual(['v-wib']);
      });

      it('honours closed dates and special hours', async () => {
        await put(
          clinicDoc({
            vendorId: 'v-exc',
            schedule: schedule('Asia/Jakarta', [
              { date: '2026-03-03', closed: true },
              { date: '2026-03-04', hours: [{ open: '18:00', close: '21:00' }] },
            ]),
          }),
        );
        const at = (iso: string) => clinicIds({ openAt: new Date(iso) });
        expect(await at('2026-03-02T03:00:00Z')).toEqual(['v-exc']); // Mon 10:00 WIB, normal day
        expect(await at('2026-03-03T03:00:00Z')).toEqual([]); // Tue 10:00 WIB, closed all day
        expect(await at('2026-03-04T03:00:00Z')).toEqual([]); // Wed 10:00 WIB, special hours only
        expect(await at('2026-03-04T12:00:00Z')).toEqual(['v-exc']); // Wed 19:00 WIB, special hours
        expect(await at('2026-03-05T03:00:00Z')).toEqual(['v-exc']); // Thu 10:00 WIB, normal again
      });

      it('later pages keep the instant of the first page ("open now" moves on between pages)', async () => {
        await put(
          ...['v-o1', 'v-o2', 'v-o3'].map((vendorId) => clinicDoc({ vendorId })),
          clinicDoc({
            vendorId: 'v-night',
            schedule: schedule('Asia/Jakarta', [], [{ open: '20:00', close: '23:00' }]),
          }),
        );
        const day = new Date('2026-03-02T03:00:00Z');
        const night = new Date('2026-03-02T14:00:00Z');
        const first = await engine.searchClinics({ openAt: day, sort: 'rating', limit: 2 });
        const pages = await allPages(first, (cursor) =>
          engine.searchClinics({ openAt: night, sort: 'rating', limit: 2, cursor }),
        );
        expect(pages.flatMap(ids)).toEqual(['v-o1', 'v-o2', 'v-o3']);
      });
    });

    // ------------------------------------------------------------ filters and sorts

    describe('filters and sorts', () => {
      beforeEach(async () => {
        await put(
          clinicDoc({
            vendorId: 'v-1',
            kind: 'clinic',
            categories: ['vet_consultation', 'vaccination'],
            species: ['dog', 'cat'],
            rating: 4.5,
            reviewCount: 10,
          }),
          clinicDoc({
            vendorId: 'v-2',
            kind: 'groomer',
            categories: ['grooming'],
            species: ['dog'],
            rating: 4.5,
            reviewCount: 30,
          }),
          clinicDoc({
            vendorId: 'v-3',
            kind: 'clinic',
            categories: ['vaccination', 'surgery'],
            species: ['rabbit'],
            rating: 4.0,
            reviewCount: 3,
          }),
          clinicDoc({
            vendorId: 'v-4',
            kind: 'shop',
            categories: ['pet_supplies'],
            species: ['bird', 'fish'],
            rating: null,
            reviewCount: 0,
          }),
          clinicDoc({
            vendorId: 'v-5',
            kind: 'clinic',
            categories: ['emergency'],
            species: ['cat'],
            rating: 3.9,
            reviewCount: 50,
          }),
          clinicDoc({
            vendorId: 'v-6',
            kind: 'groomer',
            categories: ['grooming', 'boarding'],
            species: ['cat'],
            rating: 4.0,
            reviewCount: 3,
          }),
        );
      });

      it('filters by category, species, kind and minimum rating', async () => {
        expect((await clinicIds({ category: 'vaccination' })).sort()).toEqual(['v-1', 'v-3']);
        expect((await clinicIds({ category: 'grooming' })).sort()).toEqual(['v-2', 'v-6']);
        expect(await clinicIds({ category: 'dental' })).toEqual([]);
        expect((await clinicIds({ species: 'cat' })).sort()).toEqual(['v-1', 'v-5', 'v-6']);
        expect((await clinicIds({ kind: 'groomer' })).sort()).toEqual(['v-2', 'v-6']);
        expect((await clinicIds({ minRating: 4 })).sort()).toEqual(['v-1', 'v-2', 'v-3', 'v-6']);
        expect((await clinicIds({ minRating: 4.5 })).sort()).toEqual(['v-1', 'v-2']);
        expect(await clinicIds({ category: 'vaccination', species: 'cat', kind: 'clinic', minRating: 4 })).toEqual([
          'v-1',
        ]);
      });

      it('sorts by rating (none last), then review count, then vendorId', async () => {
        expect(await clinicIds({ sort: 'rating' })).toEqual(['v-2', 'v-1', 'v-3', 'v-6', 'v-5', 'v-4']);
      });

      it('relevance without words falls back to rating order', async () => {
        expect(await clinicIds({ sort: 'relevance' })).toEqual(['v-2', 'v-1', 'v-3', 'v-6', 'v-5', 'v-4']);
      });
    });

    // ------------------------------------------------------------ text

    describe('text', () => {
      beforeEach(async () => {
        await put(
          clinicDoc({
            vendorId: 'v-vet',
            name: 'Klinik Hewan Sehat Sentosa',
            categories: ['vet_consultation', 'vaccination'],
            description: 'Dokter berpengalaman',
          }),
          clinicDoc({ vendorId: 'v-groom', name: 'Salon Bulu Ceria', kind: 'groomer', categories: ['grooming'] }),
          clinicDoc({
            vendorId: 'v-shop',
            name: 'Toko Kenari',
            kind: 'shop',
            categories: ['pet_supplies'],
            species: ['bird'],
            city: 'Surabaya',
          }),
        );
      });

      it.each(['vaksin', 'vaksinasi', 'vaccination', 'vaccine', 'dokter hewan', 'vet', 'konsultasi'])(
        '"%s" finds the vet',
        async (q) => {
          expect(await clinicIds({ q, sort: 'relevance' })).toContain('v-vet');
        },
      );

      it.each(['grooming', 'groming', 'salon', 'mandi', 'haircut'])(
        '"%s" finds the groomer and not the vet',
        async (q) => {
          const found = await clinicIds({ q, sort: 'relevance' });
          expect(found).toContain('v-groom');
          expect(found).not.toContain('v-vet');
        },
      );

      it('tolerates typos and ranks the best match first', async () => {
        expect((await clinicIds({ q: 'klinik hewn', sort: 'relevance' }))[0]).toBe('v-vet');
        expect((await clinicIds({ q: 'sentsoa', sort: 'relevance' }))[0]).toBe('v-vet');
        // Swapped neighbours are one edit (5 letters allow one).
        expect(await clinicIds({ q: 'ceira' })).toEqual(['v-groom']);
        expect(await clinicIds({ q: 'KENARI', sort: 'relevance' })).toEqual(['v-shop']);
      });

      it('searches city, description and service names too', async () => {
        expect(await clinicIds({ q: 'surabaya' })).toEqual(['v-shop']);
        expect(await clinicIds({ q: 'berpengalaman' })).toEqual(['v-vet']);
        expect((await clinicIds({ q: 'paket' })).sort()).toEqual(['v-groom', 'v-shop', 'v-vet']);
      });

      it('combines words with filters', async () => {
        expect(await clinicIds({ q: 'vaksin', kind: 'groomer' })).toEqual([]);
        expect(await clinicIds({ q: 'grooming', species: 'dog' })).toEqual(['v-groom']);
      });
    });

    // ------------------------------------------------------------ cursors

    describe('clinic cursors', () => {
      const grid = Array.from({ length: 23 }, (_, i) =>
        clinicDoc({
          vendorId: `v-${String(i).padStart(2, '0')}`,
          ...destination(MONAS, 0.4 * (i % 9) + 0.1, i * 37),
          rating: [4.5, 4.0, null][i % 3]!,
          reviewCount: i % 2,
          categories: i % 4 === 0 ? ['grooming'] : ['vet_consultation', 'vaccination'],
        }),
      );

      it.each<ClinicQuery['sort']>(['distance', 'rating', 'relevance'])(
        'paging by %s returns every match exactly once',
        async (sort) => {
          await put(...grid);
          const query: ClinicQuery = { ...MONAS, sort, limit: 5, ...(sort === 'relevance' ? { q: 'vaksin' } : {}) };
          const full = await engine.searchClinics({ ...query, limit: 100 });
          expect(full.nextCursor).toBeNull();
          const first = await engine.searchClinics(query);
          const pages = await allPages<ClinicHit>(first, (cursor) => engine.searchClinics({ ...query, cursor }));
          expect(pages.flat().map((hit) => hit.document.vendorId)).toEqual(ids(full.items));
          expect(pages.slice(0, -1).every((page) => page.length === 5)).toBe(true);
          expect(pages.at(-1)!.length).toBeGreaterThan(0);
          expect(full.items.length).toBe(sort === 'relevance' ? 17 : 23);
        },
      );

      it('rejects a cursor of another query, a product cursor and garbage', async () => {
        await put(...grid);
        const first = await engine.searchClinics({ ...MONAS, sort: 'distance', limit: 5 });
        const cursor = first.nextCursor!;
        await expect(engine.searchClinics({ ...MONAS, sort: 'rating', limit: 5, cursor })).rejects.toBeInstanceOf(
          InvalidSearchCursor,
        );
        await expect(
          engine.searchClinics({ ...MONAS, radiusKm: 3, sort: 'distance', limit: 5, cursor }),
        ).rejects.toBeInstanceOf(InvalidSearchCursor);
        await expect(
          engine.searchClinics({ ...MONAS, q: 'vaksin', sort: 'distance', limit: 5, cursor }),
        ).rejects.toBeInstanceOf(InvalidSearchCursor);
        await expect(
          engine.searchClinics({ ...MONAS, sort: 'distance', limit: 5, cursor: 'bm90IGEgY3Vyc29y' }),
        ).rejects.toBeInstanceOf(InvalidSearchCursor);
        await expect(
          engine.searchClinics({ ...MONAS, sort: 'distance', limit: 5, cursor: '%%%' }),
        ).rejects.toBeInstanceOf(InvalidSearchCursor);
        await expect(engine.searchProducts({ sort: 'newest', limit: 5, cursor })).rejects.toBeInstanceOf(
          InvalidSearchCursor,
        );
        // A different page size is the same query.
        expect((await engine.searchClinics({ ...MONAS, sort: 'distance', limit: 7, cursor })).items).toHaveLength(7);
      });
    });

    // ------------------------------------------------------------ products

    describe('products', () => {
      const catalogue = [
        productDoc({
          productId: 'p-1',
          name: 'Makanan Kucing Salmon',
          category: 'makanan',
          vendorId: 'v-a',
          price: { amount: 25_000, currency: 'IDR' },
          updatedAt: '2026-03-01T10:00:00.000Z',
        }),
        productDoc({
          productId: 'p-2',
          name: 'Makanan Anjing Dewasa',
          category: 'makanan',
          vendorId: 'v-b',
          price: { amount: 50_000, currency: 'IDR' },
          updatedAt: '2026-03-03T10:00:00.000Z',
        }),
        productDoc({
          productId: 'p-3',
          name: 'Pasir Kucing Wangi',
          category: 'kebersihan',
          vendorId: 'v-a',
          price: { amount: 99_999, currency: 'IDR' },
          inStock: false,
          updatedAt: '2026-03-02T10:00:00.000Z',
        }),
        productDoc({
          productId: 'p-4',
          name: 'Kandang Kelinci',
          category: 'kandang',
          vendorId: 'v-a',
          price: { amount: 100_000, currency: 'IDR' },
          updatedAt: '2026-03-02T10:00:00.000Z',
        }),
        productDoc({
          productId: 'p-5',
          name: 'Tas Kucing Premium',
          category: 'aksesoris',
          vendorId: 'v-b',
          price: { amount: 750_000, currency: 'IDR' },
          updatedAt: '2026-02-20T10:00:00.000Z',
        }),
        productDoc({
          productId: 'p-6',
          name: 'Snack Kucing Tuna',
          category: 'makanan',
          vendorId: 'v-c',
          vendorName: 'Pet Corner',
          price: { amount: 100_000, currency: 'IDR' },
          updatedAt: '2026-03-03T10:00:00.000Z',
        }),
      ];

      const search = (query: Partial<ProductQuery>) =>
        engine.searchProducts({ sort: 'price_asc', limit: 100, ...query });

      it('an empty index answers no items and zero facets', async () => {
        const page = await engine.searchProducts({ q: 'kucing', sort: 'relevance', limit: 10 });
        expect(page).toEqual({
          items: [],
          nextCursor: null,
          facets: { category: [], vendor: [], priceBand: PRICE_BANDS.map(({ key }) => ({ value: key, count: 0 })) },
        });
      });

      it('getProduct returns what was upserted; removeProduct drops it; upsert replaces', async () => {
        for (const product of catalogue) await engine.upsertProduct(product);
        expect(await engine.getProduct('p-3')).toEqual(catalogue[2]);
        await engine.removeProduct('p-3');
        await engine.removeProduct('p-unknown');
        expect(await engine.getProduct('p-3')).toBeUndefined();
        expect(productIds((await search({})).items)).not.toContain('p-3');
        const renamed = { ...catalogue[0]!, name: 'Makanan Kucing Tuna' };
        await engine.upsertProduct(renamed);
        expect(await engine.getProduct('p-1')).toEqual(renamed);
        expect(productIds((await search({ q: 'salmon' })).items)).toEqual([]);
      });

      it('facets count every match of the query, not just the page', async () => {
        for (const product of catalogue) await engine.upsertProduct(product);
        const page = await engine.searchProducts({ q: 'kucing', sort: 'price_asc', limit: 2 });
        expect(productIds(page.items)).toEqual(['p-1', 'p-3']);
        expect(page.nextCursor).not.toBeNull();
        expect(page.facets.category).toEqual([
          { value: 'makanan', count: 2 },
          { value: 'aksesoris', count: 1 },
          { value: 'kebersihan', count: 1 },
        ]);
        expect(page.facets.vendor).toEqual([
          { value: 'v-a', count: 2 },
          { value: 'v-b', count: 1 },
          { value: 'v-c', count: 1 },
        ]);
        expect(page.facets.priceBand).toEqual([
          { value: 'under-50k', count: 1 },
          { value: '50k-100k', count: 1 },
          { value: '100k-250k', count: 1 },
          { value: '250k-500k', count: 0 },
          { value: '500k-plus', count: 1 },
        ]);
      });

      it('filters by category, vendor, stock and an inclusive price range', async () => {
        for (const product of catalogue) await engine.upsertProduct(product);
        expect(productIds((await search({ category: 'makanan' })).items)).toEqual(['p-1', 'p-2', 'p-6']);
        expect(productIds((await search({ vendorId: 'v-a' })).items)).toEqual(['p-1', 'p-3', 'p-4']);
        expect(productIds((await search({ inStock: false })).items)).toEqual(['p-3']);
        expect(productIds((await search({ minPrice: 50_000, maxPrice: 100_000 })).items)).toEqual([
          'p-2',
          'p-3',
          'p-4',
          'p-6',
        ]);
        const filtered = await search({ q: 'makanan', inStock: true, maxPrice: 60_000 });
        expect(productIds(filtered.items)).toEqual(['p-1', 'p-2']);
        expect(filtered.facets.vendor).toEqual([
          { value: 'v-a', count: 1 },
          { value: 'v-b', count: 1 },
        ]);
      });

      it('sorts by price either way and by newest, ties by productId', async () => {
        for (const product of catalogue) await engine.upsertProduct(product);
        expect(productIds((await search({ sort: 'price_asc' })).items)).toEqual([
          'p-1',
          'p-2',
          'p-3',
          'p-4',
          'p-6',
          'p-5',
        ]);
        expect(productIds((await search({ sort: 'price_desc' })).items)).toEqual([
          'p-5',
          'p-4',
          'p-6',
          'p-3',
          'p-2',
          'p-1',
        ]);
        expect(productIds((await search({ sort: 'newest' })).items)).toEqual([
          'p-2',
          'p-6',
          'p-3',
          'p-4',
          'p-1',
          'p-5',
        ]);
      });

      it('finds words in name, category and vendor name, with typos', async () => {
        for (const product of catalogue) await engine.upsertProduct(product);
        expect(productIds((await search({ q: 'kandang' })).items)).toEqual(['p-4']);
        expect(productIds((await search({ q: 'kebersihan' })).items)).toEqual(['p-3']);
        expect(productIds((await search({ q: 'corner' })).items)).toEqual(['p-6']);
        expect(productIds((await search({ q: 'kelnci' })).items)).toEqual(['p-4']);
        expect(
          productIds((await engine.searchProducts({ q: 'snack tuna', sort: 'relevance', limit: 10 })).items)[0],
        ).toBe('p-6');
      });

      // What shoppers type: a subcategory by its label, in either language, often with the
      // species. Its products come first, before products that only mention a word of it
      // ("Mainan Tongkat Bulu Kucing", "Tempat Makan Kucing") or match one by a typo
      // ("mainan" is two edits from "makanan").
      describe('ranks a subcategory named by the query first', () => {
        const cases: [string, ProductSubcategory][] = [
          ['makanan kucing', 'cat_food'],
          ['cat food', 'cat_food'],
          ['makanan anjing', 'dog_food'],
          ['dog food', 'dog_food'],
          ['pasir kucing', 'cat_litter'],
          ['cat litter', 'cat_litter'],
          ['shampoo anjing', 'shampoo_care'],
          ['sampo anjing', 'shampoo_care'],
          ['dog shampoo', 'shampoo_care'],
          ['camilan kucing', 'cat_treats'],
          ['mainan kucing', 'cat_toys'],
          ['obat cacing', 'dewormers'],
        ];

        it.each(cases)('"%s": %s first', async (q, subcategory) => {
          const catalogue = demoCatalogue();
          for (const product of catalogue) await engine.upsertProduct(product);
          const found = (await engine.searchProducts({ q, sort: 'relevance', limit: 100 })).items.map(
            (item) => item.subcategory,
          );
          // The first result is of the subcategory, and every one of it found comes before anything else.
          expect(found[0], found.join(' ')).toBe(subcategory);
          const others = found.findIndex((value) => value !== subcategory);
          if (others > 0) expect(found.slice(others), found.join(' ')).not.toContain(subcategory);
        });
      });

      it('pages through every match once and rejects foreign cursors', async () => {
        for (const product of catalogue) await engine.upsertProduct(product);
        const query: ProductQuery = { sort: 'newest', limit: 4 };
        const first = await engine.searchProducts(query);
        expect(first.facets.vendor).toEqual([
          { value: 'v-a', count: 3 },
          { value: 'v-b', count: 2 },
          { value: 'v-c', count: 1 },
        ]);
        const pages = await allPages(first, (cursor) => engine.searchProducts({ ...query, cursor }));
        expect(pages.map(productIds)).toEqual([
          ['p-2', 'p-6', 'p-3', 'p-4'],
          ['p-1', 'p-5'],
        ]);
        await expect(
          engine.searchProducts({ ...query, sort: 'price_asc', cursor: first.nextCursor! }),
        ).rejects.toBeInstanceOf(InvalidSearchCursor);
        await expect(
          engine.searchClinics({ sort: 'rating', limit: 4, cursor: first.nextCursor! }),
        ).rejects.toBeInstanceOf(InvalidSearchCursor);
      });
    });
  });
}

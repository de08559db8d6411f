import { describe, expect, it } from 'vitest';
import { OpenSearchResponseError } from './opensearch-transport.ts';
import { haversineKm } from '#shared/lib/geo.ts';
import {
  CLINIC_TEXT_FIELDS,
  FACET_SIZE,
  PRODUCT_LABEL_FIELDS,
  PRODUCT_TEXT_FIELDS,
  clinicIndexBody,
  clinicKeywords,
  clinicSearchBody,
  openSearchEngine,
  productIndexBody,
  productLabels,
  productSearchBody,
  productSource,
  type OpenSearchCalls,
} from './opensearch.ts';
import {
  InvalidSearchCursor,
  PRICE_BANDS,
  type ClinicDocument,
  type ClinicQuery,
  type ProductDocument,
} from './port.ts';
import { clinicFingerprint, encodeCursor } from './cursor.ts';

/**
 * The request bodies are checked against the OpenSearch Query DSL shapes (geo_distance, term on
 * range fields, search_after, range aggregations …); the adapter against a fake client that
 * records its calls. Behaviour against a real domain is the contract suite's business.
 */

const clinic = (overrides: Partial<ClinicDocument> = {}): ClinicDocument => ({
  vendorId: 'v1',
  name: 'Klinik Hewan Sehat',
  kind: 'clinic',
  description: 'Dokter hewan untuk kucing dan anjing',
  address: 'Jl. Kemang Raya 10',
  city: 'Jakarta Selatan',
  province: 'DKI Jakarta',
  lat: -6.26,
  lon: 106.81,
  phone: '+6281234567890',
  rating: 4.6,
  reviewCount: 12,
  services: [
    {
      serviceId: 's1',
      name: 'Vaksin rabies',
      category: 'vaccination',
      species: ['dog', 'cat'],
      durationMin: 30,
      price: { amount: 150_000, currency: 'IDR' },
      prepay: false,
    },
  ],
  categories: ['vaccination'],
  species: ['dog', 'cat'],
  schedule: {
    timeZone: 'Asia/Jakarta',
    weekly: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] },
    exceptions: [],
  },
  opening: { weeklyUtc: [{ gte: 60, lt: 660 }], closedIntervals: [], specialIntervals: [] },
  listingVersion: 3,
  updatedAt: '2026-03-01T00:00:00.000Z',
  ...overrides,
});

const product = (overrides: Partial<ProductDocument> = {}): ProductDocument => ({
  productId: 'p1',
  vendorId: 'v1',
  vendorName: 'Toko Hewan',
  name: 'Makanan kucing 1 kg',
  description: 'Makanan kering',
  category: 'food',
  price: { amount: 75_000, currency: 'IDR' },
  inStock: true,
  imageUrl: null,
  updatedAt: '2026-03-01T00:00:00.000Z',
  ...overrides,
});

const wednesday = new Date('2026-03-04T02:30:00Z');

describe('index bodies', () => {
  it('maps clinics: geo_point, bilingual text, keyword filters, numeric sorts, opening ranges, full _source', () => {
    const body = clinicIndexBody() as {
      settings: Record<string, unknown>;
      mappings: { dynamic: boolean; _source: unknown; properties: Record<string, unknown> };
    };
    const bilingual = {
      type: 'text',
      fields: { id: { type: 'text', analyzer: 'indonesian' }, en: { type: 'text', analyzer: 'english' } },
    };
    expect(body.mappings.dynamic).toBe(false);
    expect(body.mappings._source).toEqual({ enabled: true });
    expect(body.mappings.properties).toMatchObject({
      vendorId: { type: 'keyword' },
      name: bilingual,
      description: bilingual,
      keywords: bilingual,
      services: { properties: { name: bilingual } },
      kind: { type: 'keyword' },
      categories: { type: 'keyword' },
      species: { type: 'keyword' },
      city: { type: 'keyword' },
      location: { type: 'geo_point' },
      rating: { type: 'float' },
      reviewCount: { type: 'integer' },
      listingVersion: { type: 'long' },
      opening: {
        properties: {
          weeklyUtc: { type: 'integer_range' },
          closedIntervals: { type: 'date_range', format: 'epoch_millis' },
          specialIntervals: { type: 'date_range', format: 'epoch_millis' },
        },
      },
    });
    expect(body.settings).toMatchObject({
      'index.number_of_shards': 1,
      'index.auto_expand_replicas': '0-1',
      'index.search.slowlog.threshold.query.warn': '1s',
    });
  });

  it('maps products: keyword filters and facets, bilingual labels, long price, boolean stock, date for newest', () => {
    const bilingual = {
      type: 'text',
      fields: { id: { type: 'text', analyzer: 'indonesian' }, en: { type: 'text', analyzer: 'english' } },
    };
    const { mappings } = productIndexBody() as { mappings: { dynamic: boolean; properties: Record<string, unknown> } };
    expect(mappings.dynamic).toBe(false);
    expect(mappings.properties).toMatchObject({
      productId: { type: 'keyword' },
      vendorId: { type: 'keyword' },
      category: { type: 'keyword', fields: { text: { type: 'text' } } },
      labels: { properties: { subcategory: bilingual, category: bilingual } },
      price: { properties: { amount: { type: 'long' }, currency: { type: 'keyword' } } },
      inStock: { type: 'boolean' },
      updatedAt: { type: 'date' },
    });
  });

  it('indexes a product with its subcategory and category labels in both languages (none for unknown keys)', () => {
    expect(productLabels({ category: 'food', subcategory: 'cat_food' })).toEqual({
      subcategory: ['Makanan kucing', 'Cat food'],
      category: ['Makanan', 'Food'],
    });
    expect(productLabels({ category: 'litter' })).toEqual({
      subcategory: [],
      category: ['Pasir & kebersihan', 'Litter & hygiene'],
    });
    expect(productLabels({ category: 'toString', subcategory: 'constructor' })).toEqual({
      subcategory: [],
      category: [],
    });
    expect(productSource(product({ subcategory: 'cat_food' }))).toEqual({
      ...product({ subcategory: 'cat_food' }),
      labels: productLabels({ category: 'food', subcategory: 'cat_food' }),
    });
  });

  it('indexes what people type for the categories and species a vendor offers, in both languages', () => {
    expect(clinicKeywords({ categories: ['vaccination'], species: ['cat'] })).toEqual([
      'Vaksinasi',
      'Vaccination',
      'vaksin',
      'vaccine',
      'rabies',
      'kucing',
      'cat',
    ]);
  });
});

describe('clinicSearchBody', () => {
  it('text + radius + filters + open at, sorted by distance', () => {
    const query: ClinicQuery = {
      q: ' vaksin kucing ',
      lat: -6.2,
      lon: 106.8,
      radiusKm: 5,
      category: 'vaccination',
      species: 'cat',
      kind: 'clinic',
      minRating: 4,
      openAt: wednesday,
      sort: 'distance',
      limit: 20,
    };
    expect(clinicSearchBody(query)).toEqual({
      size: 21,
      track_total_hits: false,
      query: {
        bool: {
          must: [
            {
              multi_match: {
                query: 'vaksin kucing',
                type: 'most_fields',
                fields: [...CLINIC_TEXT_FIELDS],
                fuzziness: 'AUTO',
                prefix_length: 1,
              },
            },
          ],
          filter: [
            { geo_distance: { distance: '5km', distance_type: 'arc', location: { lat: -6.2, lon: 106.8 } } },
            { term: { categories: 'vaccination' } },
            { term: { species: 'cat' } },
            { term: { kind: 'clinic' } },
            { range: { rating: { gte: 4 } } },
            {
              bool: {
                should: [
                  {
                    bool: {
                      filter: [{ term: { 'opening.weeklyUtc': 2 * 1440 + 150 } }],
                      must_not: [{ term: { 'opening.closedIntervals': wednesday.getTime() } }],
                    },
                  },
                  { term: { 'opening.specialIntervals': wednesday.getTime() } },
                ],
                minimum_should_match: 1,
              },
            },
          ],
        },
      },
      sort: [
        { _geo_distance: { location: { lat: -6.2, lon: 106.8 }, order: 'asc', unit: 'km', distance_type: 'arc' } },
        { vendorId: { order: 'asc' } },
      ],
    });
    expect(CLINIC_TEXT_FIELDS).toEqual(
      expect.arrayContaining(['name^3', 'name.id^3', 'name.en^3', 'keywords^2', 'services.name^2', 'description.id']),
    );
  });

  it('by rating: missing ratings last, then review count, then vendor', () => {
    expect(clinicSearchBody({ minRating: 4.5, sort: 'rating', limit: 10 })).toEqual({
      size: 11,
      track_total_hits: false,
      query: { bool: { filter: [{ range: { rating: { gte: 4.5 } } }] } },
      sort: [
        { rating: { order: 'desc', missing: '_last' } },
        { reviewCount: { order: 'desc' } },
        { vendorId: { order: 'asc' } },
      ],
    });
  });

  it('by relevance; no criteria at all matches everything', () => {
    expect(clinicSearchBody({ q: 'grooming', sort: 'relevance', limit: 5 })).toEqual({
      size: 6,
      track_total_hits: false,
      query: {
        bool: {
          must: [
            {
              multi_match: {
                query: 'grooming',
                type: 'most_fields',
                fields: [...CLINIC_TEXT_FIELDS],
                fuzziness: 'AUTO',
                prefix_length: 1,
              },
            },
          ],
        },
      },
      sort: [{ _score: { order: 'desc' } }, { vendorId: { order: 'asc' } }],
    });
    expect(clinicSearchBody({ q: '  ', sort: 'relevance', limit: 5 }).query).toEqual({ match_all: {} });
  });

  it('refuses distance without a point', () => {
    expect(() => clinicSearchBody({ sort: 'distance', limit: 5 })).toThrow(/lat and lon/);
    expect(() => clinicSearchBody({ radiusKm: 3, sort: 'rating', limit: 5 })).toThrow(/lat and lon/);
    expect(() => clinicSearchBody({ lat: 1, sort: 'rating', limit: 5 })).toThrow(/lat and lon/);
  });
});

describe('productSearchBody', () => {
  it('text + filters, price sort, facets over the whole query', () => {
    expect(
      productSearchBody({
        q: 'makanan',
        category: 'food',
        vendorId: 'v1',
        inStock: true,
        minPrice: 10_000,
        maxPrice: 200_000,
        sort: 'price_asc',
        limit: 24,
      }),
    ).toEqual({
      size: 25,
      track_total_hits: false,
      query: {
        bool: {
          must: [
            {
              multi_match: {
                query: 'makanan',
                type: 'most_fields',
                fields: [...PRODUCT_TEXT_FIELDS],
                fuzziness: 'AUTO',
                prefix_length: 1,
              },
            },
          ],
          should: [{ multi_match: { query: 'makanan', type: 'most_fields', fields: [...PRODUCT_LABEL_FIELDS] } }],
          filter: [
            { term: { category: 'food' } },
            { term: { vendorId: 'v1' } },
            { term: { inStock: true } },
            { range: { 'price.amount': { gte: 10_000, lte: 200_000 } } },
          ],
        },
      },
      sort: [{ 'price.amount': { order: 'asc' } }, { productId: { order: 'asc' } }],
      aggs: {
        category: { terms: { field: 'category', size: FACET_SIZE } },
        vendor: { terms: { field: 'vendorId', size: FACET_SIZE } },
        priceBand: {
          range: {
            field: 'price.amount',
            ranges: [
              { key: 'under-50k', from: 0, to: 50_000 },
              { key: '50k-100k', from: 50_000, to: 100_000 },
              { key: '100k-250k', from: 100_000, to: 250_000 },
              { key: '250k-500k', from: 250_000, to: 500_000 },
              { key: '500k-plus', from: 500_000, to: Number.MAX_SAFE_INTEGER },
            ],
          },
        },
      },
    });
  });

  it('scores the subcategory and category labels once more, word for word, above every other field', () => {
    expect(PRODUCT_TEXT_FIELDS).toEqual([
      'name^3',
      'name.id^3',
      'name.en^3',
      'category.text^2',
      'labels.subcategory^2',
      'labels.subcategory.id^2',
      'labels.subcategory.en^2',
      'labels.category^2',
      'labels.category.id^2',
      'labels.category.en^2',
      'vendorName',
      'vendorName.id',
      'vendorName.en',
      'description',
      'description.id',
      'description.en',
      'descriptionEn',
      'descriptionEn.id',
      'descriptionEn.en',
    ]);
    expect(PRODUCT_LABEL_FIELDS).toEqual([
      'labels.subcategory^6',
      'labels.subcategory.id^6',
      'labels.subcategory.en^6',
      'labels.category^3',
      'labels.category.id^3',
      'labels.category.en^3',
    ]);
    // Relevance, with a filter: the labels only score (a `should` beside a `must`), they do not decide what matches.
    expect(
      productSearchBody({ q: ' makanan kucing ', subcategory: 'cat_food', sort: 'relevance', limit: 10 }).query,
    ).toEqual({
      bool: {
        must: [
          {
            multi_match: {
              query: 'makanan kucing',
              type: 'most_fields',
              fields: [...PRODUCT_TEXT_FIELDS],
              fuzziness: 'AUTO',
              prefix_length: 1,
            },
          },
        ],
        should: [{ multi_match: { query: 'makanan kucing', type: 'most_fields', fields: [...PRODUCT_LABEL_FIELDS] } }],
        filter: [{ term: { subcategory: 'cat_food' } }],
      },
    });
    expect(productSearchBody({ q: 'cat food', sort: 'relevance', limit: 10 }).query).toEqual({
      bool: {
        must: [
          {
            multi_match: {
              query: 'cat food',
              type: 'most_fields',
              fields: [...PRODUCT_TEXT_FIELDS],
              fuzziness: 'AUTO',
              prefix_length: 1,
            },
          },
        ],
        should: [{ multi_match: { query: 'cat food', type: 'most_fields', fields: [...PRODUCT_LABEL_FIELDS] } }],
      },
    });
    expect(productSearchBody({ q: '  ', sort: 'relevance', limit: 10 }).query).toEqual({ match_all: {} });
    // Clinics have no label clause.
    expect(clinicSearchBody({ q: 'vaksin', sort: 'relevance', limit: 5 }).query).not.toHaveProperty('bool.should');
  });

  it('sorts newest and by price descending with the productId tiebreaker', () => {
    expect(productSearchBody({ sort: 'newest', limit: 5 }).sort).toEqual([
      { updatedAt: { order: 'desc' } },
      { productId: { order: 'asc' } },
    ]);
    expect(productSearchBody({ maxPrice: 5, sort: 'price_desc', limit: 5 })).toMatchObject({
      query: { bool: { filter: [{ range: { 'price.amount': { lte: 5 } } }] } },
      sort: [{ 'price.amount': { order: 'desc' } }, { productId: { order: 'asc' } }],
    });
  });
});

// ---------------------------------------------------------------- the adapter, on a fake client

interface Call {
  method: string;
  params: Record<string, unknown>;
}
type Responder = (params: Record<string, unknown>) => unknown;

function responseError(statusCode: number, type: string): OpenSearchResponseError {
  return new OpenSearchResponseError('GET', '/', statusCode, { error: { type }, status: statusCode });
}

function fakeClient(responders: Partial<Record<string, Responder>> = {}) {
  const calls: Call[] = [];
  const method = (name: string) => async (params: Record<string, unknown>) => {
    calls.push({ method: name, params });
    const responder = responders[name];
    const result = responder ? responder(params) : {};
    if (result instanceof Error) throw result;
    return { body: result, statusCode: 200 };
  };
  const client = {
    index: method('index'),
    get: method('get'),
    delete: method('delete'),
    search: method('search'),
    indices: { create: method('indices.create'), delete: method('indices.delete') },
  };
  return { client: client as unknown as OpenSearchCalls, calls };
}

const engineWith = (responders: Partial<Record<string, Responder>> = {}) => {
  const fake = fakeClient(responders);
  return {
    engine: openSearchEngine({ endpoint: 'https://search.test', region: 'ap-southeast-3', client: fake.client }),
    calls: fake.calls,
  };
};

const hitsOf = (documents: { source: unknown; sort: unknown[] }[]) => ({
  hits: { hits: documents.map(({ source, sort }) => ({ _source: source, sort })) },
});

describe('openSearchEngine', () => {
  it('upserts a clinic with external_gte versioning, after creating the index once with its mappings', async () => {
    const { engine, calls } = engineWith();
    await engine.upsertClinic(clinic());
    await engine.upsertClinic(clinic({ listingVersion: 4 }));
    expect(calls.map((c) => c.method)).toEqual(['indices.create', 'index', 'index']);
    expect(calls[0]!.params).toEqual({ index: 'clinics', body: clinicIndexBody() });
    expect(calls[1]!.params).toEqual({
      index: 'clinics',
      id: 'v1',
      version: 3,
      version_type: 'external_gte',
      body: { ...clinic(), location: { lat: -6.26, lon: 106.81 }, keywords: clinicKeywords(clinic()) },
    });
    expect(calls[2]!.params).toMatchObject({ version: 4 });
  });

  it('swallows the version conflict of an older listing, and nothing else', async () => {
    const conflict = engineWith({ index: () => responseError(409, 'version_conflict_engine_exception') });
    await expect(conflict.engine.upsertClinic(clinic())).resolves.toBeUndefined();
    const failing = engineWith({ index: () => responseError(400, 'mapper_parsing_exception') });
    await expect(failing.engine.upsertClinic(clinic())).rejects.toThrow(/mapper_parsing_exception/);
  });

  it('treats an existing index as created, and retries creating after another failure', async () => {
    let failures = 1;
    const { engine, calls } = engineWith({
      'indices.create': () =>
        failures-- > 0 ? responseError(503, 'unavailable') : responseError(400, 'resource_already_exists_exception'),
    });
    await expect(engine.upsertProduct(product())).rejects.toThrow();
    await engine.upsertProduct(product());
    await engine.upsertProduct(product());
    expect(calls.map((c) => c.method)).toEqual(['indices.create', 'indices.create', 'index', 'index']);
    expect(calls[3]!.params).toEqual({
      index: 'products',
      id: 'p1',
      body: { ...product(), labels: { subcategory: [], category: ['Makanan', 'Food'] } },
    });
  });

  it('gets documents back without the search-only fields; a missing one is undefined', async () => {
    const found = engineWith({
      get: () => ({ _source: { ...clinic(), location: { lat: 0, lon: 0 }, keywords: ['x'] } }),
    });
    expect(await found.engine.getClinic('v1')).toEqual(clinic());
    expect(found.calls).toEqual([{ method: 'get', params: { index: 'clinics', id: 'v1' } }]);
    const labelled = engineWith({ get: () => ({ _source: productSource(product({ subcategory: 'cat_food' })) }) });
    expect(await labelled.engine.getProduct('p1')).toEqual(product({ subcategory: 'cat_food' }));
    const missing = engineWith({ get: () => responseError(404, 'not_found') });
    expect(await missing.engine.getClinic('v1')).toBeUndefined();
    expect(await missing.engine.getProduct('p1')).toBeUndefined();
  });

  it('removes documents; removing a missing one is not an error', async () => {
    const { engine, calls } = engineWith({ delete: () => responseError(404, 'not_found') });
    await engine.removeClinic('v1');
    await engine.removeProduct('p1');
    expect(calls.filter((c) => c.method === 'delete').map((c) => c.params)).toEqual([
      { index: 'clinics', id: 'v1' },
      { index: 'products', id: 'p1' },
    ]);
  });

  it('waits for refresh on writes only when asked to', async () => {
    const fake = fakeClient();
    const engine = openSearchEngine({
      endpoint: 'https://search.test',
      region: 'ap-southeast-3',
      client: fake.client,
      refresh: 'wait_for',
      clinicsIndex: 'c-test',
    });
    await engine.upsertClinic(clinic());
    await engine.removeClinic('v1');
    expect(
      fake.calls.filter((c) => c.method !== 'indices.create').map((c) => [c.params.index, c.params.refresh]),
    ).toEqual([
      ['c-test', 'wait_for'],
      ['c-test', 'wait_for'],
    ]);
  });

  it('pages clinics: distance from the sort value, a cursor when there is more, search_after from it', async () => {
    const near = clinic({ vendorId: 'a' });
    const far = clinic({ vendorId: 'b' });
    const { engine, calls } = engineWith({
      search: () =>
        hitsOf([
          { source: near, sort: [1.25, 'a'] },
          { source: far, sort: [2.5, 'b'] },
        ]),
    });
    const query: ClinicQuery = { lat: -6.2, lon: 106.8, sort: 'distance', limit: 1 };
    const page = await engine.searchClinics(query);
    expect(page.items).toEqual([{ document: near, distanceKm: 1.25 }]);
    expect(page.nextCursor).toEqual(expect.any(String));
    expect(calls[0]).toEqual({ method: 'search', params: { index: 'clinics', body: clinicSearchBody(query) } });

    const second = clinicSearchBody({ ...query, limit: 5, cursor: page.nextCursor! });
    expect(second.search_after).toEqual([1.25, 'a']);

    // Last page: no extra hit, no cursor.
    const last = await engineWith({ search: () => hitsOf([{ source: far, sort: [2.5, 'b'] }]) }).engine.searchClinics({
      ...query,
      cursor: page.nextCursor!,
    });
    expect(last.nextCursor).toBeNull();
  });

  it('computes the distance with haversine when not sorted by distance, and gives none without a point', async () => {
    const doc = clinic();
    const { engine } = engineWith({
      search: () =>
        hitsOf([{ source: { ...doc, location: { lat: doc.lat, lon: doc.lon }, keywords: [] }, sort: [4.6, 12, 'v1'] }]),
    });
    const [hit] = (await engine.searchClinics({ lat: -6.2, lon: 106.8, sort: 'rating', limit: 5 })).items;
    expect(hit!.document).toEqual(doc);
    expect(hit!.distanceKm).toBeCloseTo(haversineKm({ lat: -6.2, lon: 106.8 }, doc), 9);
    expect((await engine.searchClinics({ sort: 'rating', limit: 5 })).items[0]!.distanceKm).toBeNull();
  });

  it('rejects a cursor that is garbage, forged, from another query or from the other index', async () => {
    const { engine } = engineWith({
      search: () =>
        hitsOf([
          { source: clinic(), sort: [4.6, 12, 'a'] },
          { source: clinic(), sort: [4.5, 3, 'b'] },
        ]),
    });
    const query: ClinicQuery = { minRating: 4, sort: 'rating', limit: 1 };
    const cursor = (await engine.searchClinics(query)).nextCursor!;
    expect(clinicSearchBody({ ...query, cursor }).search_after).toEqual([4.6, 12, 'a']);
    // Another page size is the same query.
    expect(() => clinicSearchBody({ ...query, limit: 50, cursor })).not.toThrow();

    for (const bad of [
      'not a cursor',
      '',
      Buffer.from('{"f":"x","a":[]}').toString('base64url'),
      Buffer.from('[1,2]').toString('base64url'),
    ]) {
      expect(() => clinicSearchBody({ ...query, cursor: bad }), bad).toThrow(InvalidSearchCursor);
    }
    expect(() => clinicSearchBody({ ...query, minRating: 3, cursor })).toThrow(InvalidSearchCursor);
    expect(() => clinicSearchBody({ ...query, sort: 'relevance', cursor })).toThrow(InvalidSearchCursor);
    expect(() => productSearchBody({ sort: 'newest', limit: 1, cursor })).toThrow(InvalidSearchCursor);
    await expect(engine.searchClinics({ ...query, q: 'other', cursor })).rejects.toBeInstanceOf(InvalidSearchCursor);

    // Opaque, and an altered byte does not open; sealed sort values of the wrong arity are refused too.
    expect(Buffer.from(cursor, 'base64url').toString('latin1')).not.toContain('"a"');
    const flipped = `${cursor.slice(0, 20)}${cursor[20] === 'A' ? 'B' : 'A'}${cursor.slice(21)}`;
    expect(() => clinicSearchBody({ ...query, cursor: flipped })).toThrow(InvalidSearchCursor);
    const wrongArity = encodeCursor({ f: clinicFingerprint(query), a: [1] });
    expect(() => clinicSearchBody({ ...query, cursor: wrongArity })).toThrow(InvalidSearchCursor);
  });

  it('keeps filtering "open now" with the first page instant on the next pages', async () => {
    const { engine } = engineWith({
      search: () =>
        hitsOf([
          { source: clinic({ vendorId: 'a' }), sort: [0, 'a'] },
          { source: clinic({ vendorId: 'b' }), sort: [0, 'b'] },
        ]),
    });
    const first = await engine.searchClinics({ openAt: wednesday, sort: 'relevance', limit: 1 });
    const later = new Date(wednesday.getTime() + 90_000);
    const body = clinicSearchBody({ openAt: later, sort: 'relevance', limit: 1, cursor: first.nextCursor! });
    expect(JSON.stringify(body.query)).toContain(String(wednesday.getTime()));
    expect(JSON.stringify(body.query)).not.toContain(String(later.getTime()));
    // A cursor from a query without openAt does not fit one with it.
    const plain = await engine.searchClinics({ sort: 'relevance', limit: 1 });
    expect(() => clinicSearchBody({ openAt: later, sort: 'relevance', limit: 1, cursor: plain.nextCursor! })).toThrow(
      InvalidSearchCursor,
    );
  });

  it('pages products with facets: every price band in order, zero counts included', async () => {
    const { engine, calls } = engineWith({
      search: () => ({
        ...hitsOf([
          { source: productSource(product()), sort: [75_000, 'p1'] },
          { source: productSource(product({ productId: 'p2' })), sort: [80_000, 'p2'] },
        ]),
        aggregations: {
          category: { buckets: [{ key: 'food', doc_count: 2 }] },
          vendor: { buckets: [{ key: 'v1', doc_count: 2 }] },
          priceBand: { buckets: PRICE_BANDS.map(({ key }) => ({ key, doc_count: key === '50k-100k' ? 2 : 0 })) },
        },
      }),
    });
    const query = { q: 'makanan', sort: 'price_asc', limit: 1 } as const;
    const page = await engine.searchProducts(query);
    expect(calls[0]).toEqual({ method: 'search', params: { index: 'products', body: productSearchBody(query) } });
    expect(page.items).toEqual([product()]);
    expect(productSearchBody({ ...query, cursor: page.nextCursor! }).search_after).toEqual([75_000, 'p1']);
    expect(page.facets).toEqual({
      category: [{ value: 'food', count: 2 }],
      vendor: [{ value: 'v1', count: 2 }],
      priceBand: PRICE_BANDS.map(({ key }) => ({ value: key, count: key === '50k-100k' ? 2 : 0 })),
    });
  });

  it('finds nothing (with zero facets) before the first document created the index', async () => {
    const { engine } = engineWith({ search: () => responseError(404, 'index_not_found_exception') });
    expect(await engine.searchClinics({ sort: 'rating', limit: 5 })).toEqual({ items: [], nextCursor: null });
    expect(await engine.searchProducts({ sort: 'newest', limit: 5 })).toEqual({
      items: [],
      nextCursor: null,
      facets: { category: [], vendor: [], priceBand: PRICE_BANDS.map(({ key }) => ({ value: key, count: 0 })) },
    });
  });

  it('reset deletes and recreates both indexes (a missing one is fine)', async () => {
    const { engine, calls } = engineWith({
      'indices.delete': (params) =>
        params.index === 'products' ? responseError(404, 'index_not_found_exception') : {},
    });
    await engine.upsertClinic(clinic());
    await engine.reset();
    await engine.upsertClinic(clinic());
    expect(calls.map((c) => `${c.method} ${String(c.params.index)}`)).toEqual([
      'indices.create clinics',
      'index clinics',
      'indices.delete clinics',
      'indices.create clinics',
      'indices.delete products',
      'indices.create products',
      'index clinics',
    ]);
    expect(calls.find((c) => c.method === 'indices.create' && c.params.index === 'products')!.params.body).toEqual(
      productIndexBody(),
    );
  });
});

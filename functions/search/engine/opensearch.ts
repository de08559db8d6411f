import { clinicFingerprint, encodeCursor, productFingerprint, readCursor } from './cursor.ts';
import { signedOpenSearchCalls } from './opensearch-transport.ts';
import { haversineKm } from '#shared/lib/geo.ts';
import { minuteOfWeekUtc } from '#shared/lib/opening-hours.ts';
import {
  PRODUCT_CATEGORY_LABELS,
  PRODUCT_SUBCATEGORIES,
  SERVICE_CATEGORY_LABELS,
  SPECIES_LABELS,
  type ProductCategory,
  type ProductSubcategory,
} from '#shared/lib/pet-care.ts';
import {
  InvalidSearchCursor,
  PRICE_BANDS,
  type ClinicDocument,
  type ClinicHit,
  type ClinicQuery,
  type FacetCount,
  type ProductDocument,
  type ProductPage,
  type ProductQuery,
  type SearchEngine,
  type SearchPage,
} from './port.ts';

/**
 * The search port on Amazon OpenSearch Service: SigV4-signed requests with the function's role
 * (credentials from the environment, as Lambda provides them). The request bodies are built by
 * the pure functions below, so they are unit-tested without a cluster.
 */

export interface OpenSearchEngineOptions {
  /** https://… endpoint of the domain. */
  endpoint: string;
  region: string;
  /** A ready client (tests pass a fake); otherwise a SigV4-signed one is built. */
  client?: OpenSearchCalls;
  clinicsIndex?: string;
  productsIndex?: string;
  /**
   * 'wait_for': writes return once searchable. Only for callers that search right after they
   * write (the contract suite against a real domain). The indexer never does: it runs on events,
   * nobody is waiting for it, and GET by id is real-time anyway.
   */
  refresh?: 'wait_for';
}

export const DEFAULT_CLINICS_INDEX = 'clinics';
export const DEFAULT_PRODUCTS_INDEX = 'products';
/** Buckets per facet (categories are few; vendors are cut to the top ones). */
export const FACET_SIZE = 20;

type Body = Record<string, unknown>;
type SortValue = string | number | boolean | null;

// ---------------------------------------------------------------- index bodies

const SLOW_LOGS = {
  'index.search.slowlog.threshold.query.warn': '1s',
  'index.search.slowlog.threshold.query.info': '300ms',
  'index.search.slowlog.threshold.fetch.warn': '500ms',
  'index.indexing.slowlog.threshold.index.warn': '1s',
  'index.indexing.slowlog.threshold.index.info': '300ms',
} as const;

/** One shard (small data); a replica whenever a second node exists (single-node dev stays green). */
const INDEX_SETTINGS = { 'index.number_of_shards': 1, 'index.auto_expand_replicas': '0-1', ...SLOW_LOGS } as const;

/** Text searched in both languages: standard analysis plus Bahasa Indonesia and English stemming. */
const bilingualText = {
  type: 'text',
  fields: { id: { type: 'text', analyzer: 'indonesian' }, en: { type: 'text', analyzer: 'english' } },
} as const;
const keyword = { type: 'keyword' } as const;
const keywordAndText = { type: 'keyword', fields: { text: { type: 'text' } } } as const;

/** `field^boost` for a bilingual field and its two language sub-fields. */
function bilingual(field: string, boost = 1): string[] {
  const suffix = boost === 1 ? '' : `^${boost}`;
  return [`${field}${suffix}`, `${field}.id${suffix}`, `${field}.en${suffix}`];
}

export const CLINIC_TEXT_FIELDS: readonly string[] = [
  ...bilingual('name', 3),
  ...bilingual('keywords', 2),
  ...bilingual('services.name', 2),
  ...bilingual('description'),
  'city.text',
  'province.text',
  'address',
];

/** Every text field of a product, matched with typo tolerance: which products match, and their base score. */
export const PRODUCT_TEXT_FIELDS: readonly string[] = [
  ...bilingual('name', 3),
  'category.text^2',
  ...bilingual('labels.subcategory', 2),
  ...bilingual('labels.category', 2),
  ...bilingual('vendorName'),
  ...bilingual('description'),
  ...bilingual('descriptionEn'),
];

/**
 * The subcategory and category labels again, matched word for word (no typos, no prefixes) and
 * boosted above any other field: a query that names a subcategory ("makanan kucing", "cat food")
 * ranks that subcategory's products first, before products that only mention a query word in
 * their name or description, or match one by a typo ("mainan" is two edits from "makanan").
 * Only adds to the score of what the text fields matched (docs/decisions/0026).
 */
export const PRODUCT_LABEL_FIELDS: readonly string[] = [
  ...bilingual('labels.subcategory', 6),
  ...bilingual('labels.category', 3),
];

/**
 * Settings and mappings of the clinics index. `dynamic: false`: fields not listed stay in
 * `_source` (the whole document is returned from there) but are not indexed.
 */
export function clinicIndexBody(): Body {
  return {
    settings: { ...INDEX_SETTINGS },
    mappings: {
      dynamic: false,
      _source: { enabled: true },
      properties: {
        vendorId: keyword,
        name: bilingualText,
        kind: keyword,
        description: bilingualText,
        address: { type: 'text' },
        city: keywordAndText,
        province: keywordAndText,
        location: { type: 'geo_point' },
        rating: { type: 'float' },
        reviewCount: { type: 'integer' },
        categories: keyword,
        species: keyword,
        services: { properties: { name: bilingualText, category: keyword } },
        keywords: bilingualText,
        opening: {
          properties: {
            weeklyUtc: { type: 'integer_range' },
            closedIntervals: { type: 'date_range', format: 'epoch_millis' },
            specialIntervals: { type: 'date_range', format: 'epoch_millis' },
          },
        },
        listingVersion: { type: 'long' },
        updatedAt: { type: 'date' },
      },
    },
  };
}

export function productIndexBody(): Body {
  return {
    settings: { ...INDEX_SETTINGS },
    mappings: {
      dynamic: false,
      _source: { enabled: true },
      properties: {
        productId: keyword,
        vendorId: keyword,
        vendorName: bilingualText,
        name: bilingualText,
        description: bilingualText,
        category: keywordAndText,
        subcategory: keyword,
        labels: { properties: { subcategory: bilingualText, category: bilingualText } },
        descriptionEn: bilingualText,
        price: { properties: { amount: { type: 'long' }, currency: keyword } },
        inStock: { type: 'boolean' },
        updatedAt: { type: 'date' },
      },
    },
  };
}

// ---------------------------------------------------------------- documents

/** Category labels and search terms, species names, in both languages: what people type for what a vendor offers. */
export function clinicKeywords(document: Pick<ClinicDocument, 'categories' | 'species'>): string[] {
  const words = new Set<string>();
  for (const category of document.categories) {
    const labels = SERVICE_CATEGORY_LABELS[category];
    [labels.id, labels.en, ...labels.terms].forEach((word) => words.add(word));
  }
  for (const species of document.species) {
    words.add(SPECIES_LABELS[species].id);
    words.add(SPECIES_LABELS[species].en);
  }
  return [...words];
}

interface ClinicSource extends ClinicDocument {
  location: { lat: number; lon: number };
  keywords: string[];
}

/** What is indexed: the document plus the search-only fields `location` and `keywords`. */
export function clinicSource(document: ClinicDocument): ClinicSource {
  return { ...document, location: { lat: document.lat, lon: document.lon }, keywords: clinicKeywords(document) };
}

function clinicFromSource(source: ClinicSource): ClinicDocument {
  const { location: _location, keywords: _keywords, ...document } = source;
  return document;
}

/** The search-only product field `labels`: the category and subcategory labels in both languages. */
export interface ProductLabels {
  subcategory: string[];
  category: string[];
}

/** Labels of the product's category and subcategory (none for a key the category tree does not know). */
export function productLabels(document: Pick<ProductDocument, 'category' | 'subcategory'>): ProductLabels {
  const subcategory =
    document.subcategory !== undefined && Object.hasOwn(PRODUCT_SUBCATEGORIES, document.subcategory)
      ? PRODUCT_SUBCATEGORIES[document.subcategory as ProductSubcategory]
      : undefined;
  const category = Object.hasOwn(PRODUCT_CATEGORY_LABELS, document.category)
    ? PRODUCT_CATEGORY_LABELS[document.category as ProductCategory]
    : undefined;
  return {
    subcategory: subcategory ? [subcategory.id, subcategory.en] : [],
    category: category ? [category.id, category.en] : [],
  };
}

interface ProductSource extends ProductDocument {
  labels: ProductLabels;
}

/** What is indexed: the document plus the search-only field `labels`. */
export function productSource(document: ProductDocument): ProductSource {
  return { ...document, labels: productLabels(document) };
}

function productFromSource(source: ProductSource): ProductDocument {
  const { labels: _labels, ...document } = source;
  return document;
}

// ---------------------------------------------------------------- cursors

interface CursorPayload {
  /** Fingerprint of the query the cursor belongs to. */
  f: string;
  /** search_after: the sort values of the last hit of the page. */
  a: SortValue[];
  /** The openAt instant of the first page (epoch ms), reused by the next pages. */
  t?: number;
}

const isSortValue = (value: unknown): value is SortValue =>
  value === null || ['string', 'number', 'boolean'].includes(typeof value);

function decodeCursor(cursor: string, expectedFingerprint: string, sortLength: number): CursorPayload {
  const { f, a, t } = readCursor(cursor, expectedFingerprint);
  if (typeof f !== 'string' || !Array.isArray(a) || a.length !== sortLength || !a.every(isSortValue))
    throw new InvalidSearchCursor();
  return { f, a, ...(t === undefined ? {} : { t }) };
}

// ---------------------------------------------------------------- clinic search

/** Open at t ⇔ (weekly hours contain t AND no closed day contains t) OR special hours contain t. */
export function openAtFilter(at: Date): Body {
  const ms = at.getTime();
  return {
    bool: {
      should: [
        {
          bool: {
            filter: [{ term: { 'opening.weeklyUtc': minuteOfWeekUtc(at) } }],
            must_not: [{ term: { 'opening.closedIntervals': ms } }],
          },
        },
        { term: { 'opening.specialIntervals': ms } },
      ],
      minimum_should_match: 1,
    },
  };
}

function origin(query: ClinicQuery): { lat: number; lon: number } | undefined {
  const { lat, lon } = query;
  if ((lat === undefined) !== (lon === undefined)) throw new RangeError('lat and lon go together');
  return lat === undefined || lon === undefined ? undefined : { lat, lon };
}

function clinicSort(query: ClinicQuery, point: { lat: number; lon: number } | undefined): Body[] {
  const tiebreaker = { vendorId: { order: 'asc' } };
  switch (query.sort) {
    case 'distance':
      if (!point) throw new RangeError('sort by distance needs lat and lon');
      return [{ _geo_distance: { location: point, order: 'asc', unit: 'km', distance_type: 'arc' } }, tiebreaker];
    case 'rating':
      return [{ rating: { order: 'desc', missing: '_last' } }, { reviewCount: { order: 'desc' } }, tiebreaker];
    case 'relevance':
      return [{ _score: { order: 'desc' } }, tiebreaker];
  }
}

/** `should` only scores: with a `must`, a document need not match it. */
function boolQuery(must: Body[], filter: Body[], should: Body[] = []): Body {
  if (must.length === 0 && filter.length === 0) return { match_all: {} };
  return {
    bool: {
      ...(must.length ? { must } : {}),
      ...(must.length && should.length ? { should } : {}),
      ...(filter.length ? { filter } : {}),
    },
  };
}

function textQuery(q: string | undefined, fields: readonly string[]): Body[] {
  const text = q?.trim();
  return text
    ? [{ multi_match: { query: text, type: 'most_fields', fields: [...fields], fuzziness: 'AUTO', prefix_length: 1 } }]
    : [];
}

/** The same words, exactly, on `fields`: a score on top for the documents the text query matched. */
function exactQuery(q: string | undefined, fields: readonly string[]): Body[] {
  const text = q?.trim();
  return text ? [{ multi_match: { query: text, type: 'most_fields', fields: [...fields] } }] : [];
}

interface SearchPlan {
  body: Body;
  /** Makes the cursor of the page's last hit. */
  cursorOf: (sortValues: SortValue[]) => string;
}

function clinicSearchPlan(query: ClinicQuery): SearchPlan {
  const point = origin(query);
  const sort = clinicSort(query, point);
  const f = clinicFingerprint(query);
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, f, sort.length);
  const openAt = after?.t !== undefined ? new Date(after.t) : query.openAt;

  const filter: Body[] = [];
  if (query.radiusKm !== undefined) {
    if (!point) throw new RangeError('radiusKm needs lat and lon');
    filter.push({ geo_distance: { distance: `${query.radiusKm}km`, distance_type: 'arc', location: point } });
  }
  if (query.category) filter.push({ term: { categories: query.category } });
  if (query.species) filter.push({ term: { species: query.species } });
  if (query.kind) filter.push({ term: { kind: query.kind } });
  if (query.minRating !== undefined) filter.push({ range: { rating: { gte: query.minRating } } });
  if (openAt) filter.push(openAtFilter(openAt));

  return {
    body: {
      size: query.limit + 1,
      track_total_hits: false,
      query: boolQuery(textQuery(query.q, CLINIC_TEXT_FIELDS), filter),
      sort,
      ...(after ? { search_after: after.a } : {}),
    },
    cursorOf: (a) => encodeCursor({ f, a, ...(openAt ? { t: openAt.getTime() } : {}) }),
  };
}

/** The _search body for a clinic query (size is limit + 1: the extra hit says whether a next page exists). */
export function clinicSearchBody(query: ClinicQuery): Body {
  return clinicSearchPlan(query).body;
}

// ---------------------------------------------------------------- product search

function productSort(query: ProductQuery): Body[] {
  const tiebreaker = { productId: { order: 'asc' } };
  switch (query.sort) {
    case 'relevance':
      return [{ _score: { order: 'desc' } }, tiebreaker];
    case 'price_asc':
      return [{ 'price.amount': { order: 'asc' } }, tiebreaker];
    case 'price_desc':
      return [{ 'price.amount': { order: 'desc' } }, tiebreaker];
    case 'newest':
      return [{ updatedAt: { order: 'desc' } }, tiebreaker];
  }
}

function productSearchPlan(query: ProductQuery): SearchPlan {
  const sort = productSort(query);
  const f = productFingerprint(query);
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, f, sort.length);

  const filter: Body[] = [];
  if (query.category) filter.push({ term: { category: query.category } });
  if (query.subcategory) filter.push({ term: { subcategory: query.subcategory } });
  if (query.vendorId) filter.push({ term: { vendorId: query.vendorId } });
  if (query.inStock !== undefined) filter.push({ term: { inStock: query.inStock } });
  if (query.minPrice !== undefined || query.maxPrice !== undefined) {
    filter.push({
      range: {
        'price.amount': {
          ...(query.minPrice !== undefined ? { gte: query.minPrice } : {}),
          ...(query.maxPrice !== undefined ? { lte: query.maxPrice } : {}),
        },
      },
    });
  }

  return {
    body: {
      size: query.limit + 1,
      track_total_hits: false,
      query: boolQuery(textQuery(query.q, PRODUCT_TEXT_FIELDS), filter, exactQuery(query.q, PRODUCT_LABEL_FIELDS)),
      sort,
      ...(after ? { search_after: after.a } : {}),
      aggs: {
        category: { terms: { field: 'category', size: FACET_SIZE } },
        vendor: { terms: { field: 'vendorId', size: FACET_SIZE } },
        priceBand: {
          range: { field: 'price.amount', ranges: PRICE_BANDS.map(({ key, from, to }) => ({ key, from, to })) },
        },
      },
    },
    cursorOf: (a) => encodeCursor({ f, a }),
  };
}

/** The _search body for a product query; facets are aggregations over every match (pagination does not narrow them). */
export function productSearchBody(query: ProductQuery): Body {
  return productSearchPlan(query).body;
}

// ---------------------------------------------------------------- the adapter

interface Hit<S> {
  _source: S;
  sort?: SortValue[];
}
interface SearchResponseBody<S> {
  hits: { hits: Hit<S>[] };
  aggregations?: Record<string, { buckets: { key: string | number; doc_count: number }[] }>;
}

/**
 * The client calls the adapter makes, typed for what it sends and reads (the client's own
 * overloads and generated body types are far wider than this).
 */
/** The OpenSearch REST calls the adapter makes (opensearch-transport.ts signs and sends them). */
export interface OpenSearchCalls {
  index(params: {
    index: string;
    id: string;
    body: unknown;
    version?: number;
    version_type?: 'external_gte';
    refresh?: 'wait_for';
  }): Promise<unknown>;
  get(params: { index: string; id: string }): Promise<{ body: { _source?: unknown } }>;
  delete(params: { index: string; id: string; refresh?: 'wait_for' }): Promise<unknown>;
  search(params: { index: string; body: Body }): Promise<{ body: unknown }>;
  indices: {
    create(params: { index: string; body: Body }): Promise<unknown>;
    delete(params: { index: string }): Promise<unknown>;
  };
}

function errorStatus(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { meta, statusCode } = error as { meta?: { statusCode?: unknown }; statusCode?: unknown };
  const status = meta?.statusCode ?? statusCode;
  return typeof status === 'number' ? status : undefined;
}

function errorType(error: unknown): string | undefined {
  const type = (error as { meta?: { body?: { error?: { type?: unknown } } } } | null)?.meta?.body?.error?.type;
  return typeof type === 'string' ? type : undefined;
}

async function unless<T>(statuses: readonly number[], call: () => Promise<T>): Promise<T | undefined> {
  try {
    return await call();
  } catch (error) {
    if (statuses.includes(errorStatus(error) ?? 0)) return undefined;
    throw error;
  }
}

function pageOf<S, T>(hits: Hit<S>[], limit: number, plan: SearchPlan, toItem: (hit: Hit<S>) => T): SearchPage<T> {
  const items = hits.slice(0, limit);
  const last = items.at(-1);
  return { items: items.map(toItem), nextCursor: hits.length > limit && last ? plan.cursorOf(last.sort ?? []) : null };
}

function facet(buckets: { key: string | number; doc_count: number }[] | undefined): FacetCount[] {
  return (buckets ?? []).map((bucket) => ({ value: String(bucket.key), count: bucket.doc_count }));
}

export function openSearchEngine(options: OpenSearchEngineOptions): SearchEngine {
  const client = options.client ?? signedOpenSearchCalls({ endpoint: options.endpoint, region: options.region });
  const clinics = options.clinicsIndex ?? DEFAULT_CLINICS_INDEX;
  const products = options.productsIndex ?? DEFAULT_PRODUCTS_INDEX;
  const refresh = options.refresh ? { refresh: options.refresh } : {};
  const indexBodies: Record<string, () => Body> = { [clinics]: clinicIndexBody, [products]: productIndexBody };

  async function create(index: string): Promise<void> {
    try {
      await client.indices.create({ index, body: indexBodies[index]!() });
    } catch (error) {
      if (errorType(error) !== 'resource_already_exists_exception') throw error;
    }
  }

  // A write to a missing index would create it with dynamic mappings (no geo_point, no ranges):
  // writers create it with ours first, once per process.
  const ensured = new Map<string, Promise<void>>();
  function ensure(index: string): Promise<void> {
    let done = ensured.get(index);
    if (!done) {
      done = create(index).catch((error: unknown) => {
        ensured.delete(index);
        throw error;
      });
      ensured.set(index, done);
    }
    return done;
  }

  async function search<S>(index: string, body: Body): Promise<SearchResponseBody<S> | undefined> {
    try {
      return (await client.search({ index, body })).body as SearchResponseBody<S>;
    } catch (error) {
      // No index yet (nothing indexed since the domain was created): nothing matches.
      if (errorStatus(error) === 404) return undefined;
      throw error;
    }
  }

  async function remove(index: string, id: string): Promise<void> {
    await ensure(index);
    await unless([404], () => client.delete({ index, id, ...refresh }));
  }

  async function read<S, D>(index: string, id: string, fromSource: (source: S) => D): Promise<D | undefined> {
    const found = await unless([404], () => client.get({ index, id }));
    const source = found?.body._source as S | undefined;
    return source ? fromSource(source) : undefined;
  }

  return {
    async upsertClinic(document) {
      await ensure(clinics);
      // external_gte: the same or a newer listingVersion replaces; an older one gets 409, which
      // means a newer listing is already indexed — the expected outcome of out-of-order events.
      await unless([409], () =>
        client.index({
          index: clinics,
          id: document.vendorId,
          body: clinicSource(document),
          version: document.listingVersion,
          version_type: 'external_gte',
          ...refresh,
        }),
      );
    },

    async removeClinic(vendorId) {
      await remove(clinics, vendorId);
    },

    async getClinic(vendorId) {
      return read(clinics, vendorId, clinicFromSource);
    },

    async searchClinics(query) {
      const plan = clinicSearchPlan(query);
      const response = await search<ClinicSource>(clinics, plan.body);
      const point = origin(query);
      return pageOf<ClinicSource, ClinicHit>(response?.hits.hits ?? [], query.limit, plan, (hit) => {
        const document = clinicFromSource(hit._source);
        // Sorted by distance, the first sort value is the arc distance in km.
        const sorted = query.sort === 'distance' ? hit.sort?.[0] : undefined;
        return {
          document,
          distanceKm: !point ? null : typeof sorted === 'number' ? sorted : haversineKm(point, document),
        };
      });
    },

    async upsertProduct(document) {
      await ensure(products);
      await client.index({ index: products, id: document.productId, body: productSource(document), ...refresh });
    },

    async removeProduct(productId) {
      await remove(products, productId);
    },

    async getProduct(productId) {
      return read(products, productId, productFromSource);
    },

    async searchProducts(query): Promise<ProductPage> {
      const plan = productSearchPlan(query);
      const response = await search<ProductSource>(products, plan.body);
      const page = pageOf<ProductSource, ProductDocument>(response?.hits.hits ?? [], query.limit, plan, (hit) =>
        productFromSource(hit._source),
      );
      const aggregations = response?.aggregations;
      const bands = new Map(
        (aggregations?.priceBand?.buckets ?? []).map((bucket) => [String(bucket.key), bucket.doc_count]),
      );
      return {
        ...page,
        facets: {
          category: facet(aggregations?.category?.buckets),
          vendor: facet(aggregations?.vendor?.buckets),
          priceBand: PRICE_BANDS.map(({ key }) => ({ value: key, count: bands.get(key) ?? 0 })),
        },
      };
    },

    async reset() {
      for (const index of [clinics, products]) {
        await unless([404], () => client.indices.delete({ index }));
        ensured.delete(index);
        await ensure(index);
      }
    },
  };
}

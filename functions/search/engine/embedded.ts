import { clinicFingerprint, encodeCursor, productFingerprint, readCursor } from './cursor.ts';
import MiniSearch, { type Query } from 'minisearch';
import { EARTH_RADIUS_KM, haversineKm, type Point } from '#shared/lib/geo.ts';
import { isOpenInIndex, type OpeningIndex } from '#shared/lib/opening-hours.ts';
import { SERVICE_CATEGORIES, SPECIES } from '#shared/lib/pet-care.ts';
import {
  CLINIC_TEXT_FIELDS,
  clinicSource,
  FACET_SIZE,
  PRODUCT_LABEL_FIELDS,
  PRODUCT_TEXT_FIELDS,
  productSource,
} from './opensearch.ts';
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
 * The search port in memory, for the local platform and tests. Full text is MiniSearch (BM25 per
 * field with the OpenSearch adapter's fields and boosts, typo tolerance as fuzziness AUTO, prefix
 * matching); filters, exact haversine distances, opening hours, sorts, cursors and facets are
 * plain scans over the matches here (docs/decisions/0007). Like OpenSearch, a word reached by a
 * typo or as a prefix scores as if as common as the word typed (Lucene's blended frequencies), and
 * products score their subcategory and category labels once more, word for word
 * (PRODUCT_LABEL_FIELDS, docs/decisions/0026). It passes the contract suite (contract.ts) like the
 * OpenSearch adapter, with the same cursor and fingerprint rules.
 *
 * One deliberate difference: every query word that exists in the index must match (OpenSearch's
 * most_fields query matches any); words found nowhere are ignored. So "klinik hewan" sorted by
 * distance does not list every vendor that merely says "hewan", and "klinik hewan terdekat" still
 * finds clinics.
 */

// ---------------------------------------------------------------- text

/** Words of both languages that carry no meaning in a search (dropped from documents and queries). */
const STOP_WORDS = new Set([
  'dan',
  'di',
  'ke',
  'dari',
  'yang',
  'untuk',
  'dengan',
  'atau',
  'ini',
  'itu',
  'pada',
  'dalam',
  'juga',
  'the',
  'and',
  'of',
  'for',
  'in',
  'at',
  'to',
  'a',
  'an',
  'or',
  'with',
]);
const MAX_WORD_LENGTH = 40;

/** Lower-cased words without diacritics ("Café" -> "cafe"), split on anything not a letter or digit. */
export function analyze(text: string): string[] {
  const words: string[] = [];
  for (const raw of text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)) {
    if (raw === '' || STOP_WORDS.has(raw)) continue;
    words.push(raw.length > MAX_WORD_LENGTH ? raw.slice(0, MAX_WORD_LENGTH) : raw);
  }
  return words;
}

/** Edits allowed for a query word, as OpenSearch's fuzziness AUTO: 0 below 3 letters, 1 below 6, else 2. */
const fuzziness = (word: string) => (word.length < 3 ? 0 : word.length < 6 ? 1 : 2);
/** Query words this long also match longer words they begin ("vaks" -> "vaksinasi"). */
const PREFIX_MIN_LENGTH = 4;
/** Score factor of a match found by swapping neighbours (about MiniSearch's own weight for one edit). */
const SWAP_WEIGHT = 0.4;

/** `name^3`, `name.id^3`, `city.text` -> { name: 3, city: 1 }: one field here per OpenSearch field and its sub-fields. */
function fieldBoosts(fields: readonly string[]): Record<string, number> {
  const boosts: Record<string, number> = {};
  for (const spec of fields) {
    const [path = '', boost = '1'] = spec.split('^');
    boosts[path.replace(/\.(id|en|text)$/, '')] = Number(boost);
  }
  return boosts;
}

/** The text at a dotted path; arrays on the way are joined ("services.name": every service's name). */
function textAt(value: unknown, path: readonly string[]): string {
  if (Array.isArray(value)) return value.map((item) => textAt(item, path)).join(' ');
  if (path.length === 0) return typeof value === 'string' ? value : '';
  if (typeof value !== 'object' || value === null) return '';
  return textAt((value as Record<string, unknown>)[path[0]!], path.slice(1));
}

/** `word` with two different neighbours swapped, at `from` or later; `at` is the first of the two. */
function swaps(word: string, from = 0): { text: string; at: number }[] {
  const found: { text: string; at: number }[] = [];
  for (let at = from; at < word.length - 1; at += 1) {
    if (word[at] !== word[at + 1])
      found.push({ text: word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2), at });
  }
  return found;
}

/** Optimal string alignment distance: Levenshtein plus swapping two neighbours as one edit (Lucene's fuzzy). */
function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const row = [i];
    for (let j = 1; j <= b.length; j += 1) {
      let value = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, before[j - 2]! + 1);
      row.push(value);
    }
    before = previous;
    previous = row;
  }
  return previous[b.length]!;
}

/**
 * One query word as MiniSearch looks it up. Its fuzzy matching counts Levenshtein edits, where
 * OpenSearch (Lucene) also counts swapping two neighbours as one ("ceira" -> "ceria"). So the
 * word is looked up as typed (within its edits, or as a prefix), with one swap and one edit
 * fewer, and with two swaps exactly; `reaches` tells the indexed words truly within reach.
 */
function wordQuery(word: string): { query: Query; reaches: (term: string) => boolean } {
  const edits = fuzziness(word);
  const once = edits > 0 ? swaps(word) : [];
  const twice = edits > 1 ? once.flatMap(({ text, at }) => swaps(text, at + 2).map((swap) => swap.text)) : [];
  const swapped = { fuzzy: false, prefix: false, boostTerm: () => SWAP_WEIGHT } as const;
  return {
    query: {
      combineWith: 'OR',
      queries: [
        word,
        { ...swapped, fuzzy: edits - 1, queries: once.map((swap) => swap.text) },
        { ...swapped, queries: [...new Set(twice)] },
      ],
    },
    // The first letter must match, as with OpenSearch's prefix_length 1: 'vaksin' must not find 'taksi'.
    reaches: (term) =>
      term === word ||
      (word.length >= PREFIX_MIN_LENGTH && term.startsWith(word)) ||
      (term[0] === word[0] && editDistance(word, term) <= edits),
  };
}

/** BM25's inverse document frequency of a word found in `found` of `documents` documents (Lucene's, and MiniSearch's). */
function bm25Idf(found: number, documents: number): number {
  return Math.log(1 + (documents - found + 0.5) / (found + 0.5));
}

// ---------------------------------------------------------------- documents

interface Entry {
  id: string;
  /** The stored document; every reader gets its own parse. */
  json: string;
}

/** Entries by id (each holding its document, D), and the text index over them. */
class Collection<E extends Entry, D> {
  readonly byId = new Map<string, E>();
  private readonly text: MiniSearch<object>;
  private readonly exact: Record<string, number>;
  /** In how many entries each word occurs (any text field), and each entry's words. */
  private readonly documentFrequency = new Map<string, number>();
  private readonly wordsOf = new Map<string, string[]>();
  private adding: Set<string> | undefined;

  /**
   * `textFields` as the OpenSearch adapter's (`field^boost`); `idField` names the id in indexed
   * documents. `exactFields` (some of the text fields, with their own boosts) score the query
   * words found there exactly once more, as the adapter's `should` clause does.
   */
  constructor(idField: string, textFields: readonly string[], exactFields: readonly string[] = []) {
    const boost = fieldBoosts(textFields);
    this.exact = fieldBoosts(exactFields);
    this.text = new MiniSearch<object>({
      idField,
      fields: Object.keys(boost),
      extractField: (document, field) => textAt(document, field.split('.')),
      // While a document is added, its words are also collected for the document frequencies.
      tokenize: (text) => {
        const words = analyze(text);
        if (this.adding) for (const word of words) this.adding.add(word);
        return words;
      },
      processTerm: (term) => term,
      searchOptions: { boost, fuzzy: fuzziness, prefix: (term) => term.length >= PREFIX_MIN_LENGTH },
    });
  }

  /** `indexed` is what the text fields are read from. */
  put(entry: E, indexed: object): void {
    const words = new Set<string>();
    this.adding = words;
    try {
      if (this.byId.has(entry.id)) this.text.replace(indexed);
      else this.text.add(indexed);
    } finally {
      this.adding = undefined;
    }
    this.byId.set(entry.id, entry);
    this.count(entry.id, [...words]);
  }

  delete(id: string): void {
    if (this.byId.delete(id)) {
      this.text.discard(id);
      this.count(id, []);
    }
  }

  /** The entry's stored document, a fresh parse for each reader. */
  documentOf(entry: E): D {
    return JSON.parse(entry.json) as D;
  }

  /** The stored document with this id, if any. */
  document(id: string): D | undefined {
    const entry = this.byId.get(id);
    return entry ? this.documentOf(entry) : undefined;
  }

  /** Keeps the document frequencies: `id` now has these words (none once deleted). */
  private count(id: string, words: string[]): void {
    for (const word of this.wordsOf.get(id) ?? []) {
      const left = this.documentFrequency.get(word)! - 1;
      if (left === 0) this.documentFrequency.delete(word);
      else this.documentFrequency.set(word, left);
    }
    for (const word of words) this.documentFrequency.set(word, (this.documentFrequency.get(word) ?? 0) + 1);
    if (words.length) this.wordsOf.set(id, words);
    else this.wordsOf.delete(id);
  }

  /**
   * Score factor of an indexed word that `word` reaches by a typo or as a prefix, as Lucene's
   * blended frequencies (OpenSearch's fuzzy rewrite) score it: as common as the word typed, when
   * that is more common. Otherwise a rare near-miss outscores the word itself: "makanan" (food,
   * in hundreds of products) would rank "mainan" (toy, in a few) first.
   */
  private blend(word: string, term: string): number {
    if (term === word) return 1;
    const typed = this.documentFrequency.get(word) ?? 0;
    const found = this.documentFrequency.get(term) ?? 0;
    if (typed <= found) return 1;
    const documents = this.byId.size;
    return bm25Idf(typed, documents) / bm25Idf(found, documents);
  }

  /**
   * Entries that `keep` accepts and that match q, with their text scores (0 for all when q has
   * no words). Every query word found in the index must match; a word found nowhere is ignored.
   */
  matching(q: string | undefined, keep: (entry: E) => boolean, visit: (entry: E, score: number) => void): void {
    const words = q === undefined ? [] : [...new Set(analyze(q))];
    if (words.length === 0) {
      for (const entry of this.byId.values()) if (keep(entry)) visit(entry, 0);
      return;
    }
    let scores: Map<string, number> | undefined;
    for (const word of words) {
      const { query, reaches } = wordQuery(word);
      const candidates = scores;
      let inIndex = false;
      let lastTerm = '';
      let lastWeight = 0;
      const found = this.text.search(query, {
        // Called for every indexed word the lookup brought up, in every live document that has
        // it (field by field): drops words out of reach, and documents ruled out by the filters
        // or an earlier word before they are scored; weighs near-misses as OpenSearch does.
        boostDocument: (id: string, term: string) => {
          if (term !== lastTerm) {
            lastTerm = term;
            lastWeight = reaches(term) ? this.blend(word, term) : 0;
          }
          if (lastWeight === 0) return 0;
          inIndex = true;
          return (candidates ? candidates.has(id) : keep(this.byId.get(id)!)) ? lastWeight : 0;
        },
      });
      if (!inIndex) continue;
      scores = new Map();
      for (const { id, score } of found) scores.set(id as string, (candidates?.get(id as string) ?? 0) + score);
      if (scores.size === 0) return;
    }
    if (scores) this.scoreExactly(words, scores);
    for (const [id, score] of scores ?? []) visit(this.byId.get(id)!, score);
  }

  /** Adds to `scores` (the matches) what each word scores where it is found exactly in the exact fields. */
  private scoreExactly(words: readonly string[], scores: Map<string, number>): void {
    const fields = Object.keys(this.exact);
    if (fields.length === 0) return;
    for (const word of words) {
      // One word at a time: MiniSearch multiplies a multi-word score by the words matched, OpenSearch sums.
      const found = this.text.search(word, {
        fields,
        boost: this.exact,
        fuzzy: false,
        prefix: false,
        boostDocument: (id: string) => (scores.has(id) ? 1 : 0),
      });
      for (const { id, score } of found) scores.set(id as string, scores.get(id as string)! + score);
    }
  }
}

/** The first `count` items in `compare` order, without sorting all of them when few are needed. */
function firstInOrder<T>(items: T[], count: number, compare: (a: T, b: T) => number): T[] {
  if (count > 256 || count * 4 >= items.length) return items.sort(compare).slice(0, count);
  const top: T[] = [];
  for (const item of items) {
    if (top.length === count) {
      if (compare(item, top[count - 1]!) >= 0) continue;
      top.pop();
    }
    let lo = 0;
    let hi = top.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compare(top[mid]!, item) <= 0) lo = mid + 1;
      else hi = mid;
    }
    top.splice(lo, 0, item);
  }
  return top;
}

// ---------------------------------------------------------------- cursors

interface CursorPayload {
  /** Fingerprint of the query the cursor belongs to. */
  f: string;
  /** Offset of the next page. */
  o: number;
  /** The openAt instant of the first page (epoch ms), reused by the next pages. */
  t?: number;
}

function decodeCursor(cursor: string, expected: string): CursorPayload {
  const { f, o, t } = readCursor(cursor, expected);
  if (typeof f !== 'string' || typeof o !== 'number' || !Number.isSafeInteger(o) || o < 1)
    throw new InvalidSearchCursor();
  return { f, o, ...(t === undefined ? {} : { t }) };
}

function checkLimit(limit: number): void {
  if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer, got ${limit}`);
}

interface PageRequest<M, T> {
  offset: number;
  limit: number;
  compare: (a: M, b: M) => number;
  toItem: (match: M) => T;
  cursorAt: (offset: number) => string;
}

function pageOf<M, T>(matches: M[], { offset, limit, compare, toItem, cursorAt }: PageRequest<M, T>): SearchPage<T> {
  const end = offset + limit;
  const items = offset >= matches.length ? [] : firstInOrder(matches, end, compare).slice(offset);
  return { items: items.map(toItem), nextCursor: end < matches.length ? cursorAt(end) : null };
}

// ---------------------------------------------------------------- clinics

/** What filters and sorts read, kept apart from the JSON so a query touches no document. */
interface ClinicEntry extends Entry {
  kind: ClinicDocument['kind'];
  lat: number;
  lon: number;
  rating: number | null;
  reviewCount: number;
  categoryMask: number;
  speciesMask: number;
  opening: OpeningIndex;
  listingVersion: number;
}

interface ClinicMatch {
  entry: ClinicEntry;
  score: number;
  /** NaN without a query point. */
  distanceKm: number;
}

const CATEGORY_BIT = new Map<string, number>(SERVICE_CATEGORIES.map((category, i) => [category, 1 << i]));
const SPECIES_BIT = new Map<string, number>(SPECIES.map((species, i) => [species, 1 << i]));

function mask(values: readonly string[], bits: Map<string, number>): number {
  return values.reduce((acc, value) => acc | (bits.get(value) ?? 0), 0);
}

const copyIntervals = (intervals: readonly { gte: number; lt: number }[]) =>
  intervals.map(({ gte, lt }) => ({ gte, lt }));

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Rating descending (none last), then more reviews, then vendorId. */
function byRating(a: ClinicMatch, b: ClinicMatch): number {
  const ra = a.entry.rating;
  const rb = b.entry.rating;
  if (ra !== rb) {
    if (ra === null) return 1;
    if (rb === null) return -1;
    return rb - ra;
  }
  return b.entry.reviewCount - a.entry.reviewCount || compareIds(a.entry.id, b.entry.id);
}

const byDistance = (a: ClinicMatch, b: ClinicMatch) =>
  a.distanceKm - b.distanceKm || compareIds(a.entry.id, b.entry.id);
const byScore = (a: ClinicMatch, b: ClinicMatch) => b.score - a.score || byRating(a, b);

function origin(query: ClinicQuery): Point | undefined {
  const { lat, lon } = query;
  if ((lat === undefined) !== (lon === undefined)) throw new RangeError('lat and lon go together');
  return lat === undefined || lon === undefined ? undefined : { lat, lon };
}

const KM_PER_DEGREE = (Math.PI / 180) * EARTH_RADIUS_KM;

function searchClinics(clinics: Collection<ClinicEntry, ClinicDocument>, query: ClinicQuery): SearchPage<ClinicHit> {
  checkLimit(query.limit);
  const point = origin(query);
  if (query.sort === 'distance' && !point) throw new RangeError('sort by distance needs lat and lon');
  if (query.radiusKm !== undefined && !point) throw new RangeError('radiusKm needs lat and lon');
  const f = clinicFingerprint(query);
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, f);
  const openAt = after?.t !== undefined ? new Date(after.t) : query.openAt;

  const categoryBit = query.category === undefined ? 0 : (CATEGORY_BIT.get(query.category) ?? -1);
  const speciesBit = query.species === undefined ? 0 : (SPECIES_BIT.get(query.species) ?? -1);
  const { kind, minRating, radiusKm } = query;
  // The great-circle distance is at least the north–south one: a cheap pre-filter that drops
  // nothing the exact test below would keep.
  const maxLatDelta = radiusKm === undefined ? Infinity : (radiusKm / KM_PER_DEGREE) * 1.000001;
  const matches: ClinicMatch[] = [];
  if (categoryBit !== -1 && speciesBit !== -1) {
    const keep = (entry: ClinicEntry) =>
      (kind === undefined || entry.kind === kind) &&
      (categoryBit === 0 || (entry.categoryMask & categoryBit) !== 0) &&
      (speciesBit === 0 || (entry.speciesMask & speciesBit) !== 0) &&
      (minRating === undefined || (entry.rating !== null && entry.rating >= minRating)) &&
      (!point || Math.abs(entry.lat - point.lat) <= maxLatDelta);
    clinics.matching(query.q, keep, (entry, score) => {
      let distanceKm = NaN;
      if (point) {
        distanceKm = haversineKm(point, entry);
        if (radiusKm !== undefined && !(distanceKm <= radiusKm)) return;
      }
      if (openAt && !isOpenInIndex(entry.opening, openAt)) return;
      matches.push({ entry, score, distanceKm });
    });
  }

  const text = query.q !== undefined && analyze(query.q).length > 0;
  const compare = query.sort === 'distance' ? byDistance : query.sort === 'relevance' && text ? byScore : byRating;
  return pageOf<ClinicMatch, ClinicHit>(matches, {
    offset: after?.o ?? 0,
    limit: query.limit,
    compare,
    toItem: (match) => ({
      document: clinics.documentOf(match.entry),
      distanceKm: point ? match.distanceKm : null,
    }),
    cursorAt: (o) => encodeCursor({ f, o, ...(openAt ? { t: openAt.getTime() } : {}) }),
  });
}

function clinicEntry(document: ClinicDocument): ClinicEntry {
  const { opening } = document;
  return {
    id: document.vendorId,
    json: JSON.stringify(document),
    kind: document.kind,
    lat: document.lat,
    lon: document.lon,
    rating: document.rating,
    reviewCount: document.reviewCount,
    categoryMask: mask(document.categories, CATEGORY_BIT),
    speciesMask: mask(document.species, SPECIES_BIT),
    opening: {
      weeklyUtc: copyIntervals(opening.weeklyUtc),
      closedIntervals: copyIntervals(opening.closedIntervals),
      specialIntervals: copyIntervals(opening.specialIntervals),
    },
    listingVersion: document.listingVersion,
  };
}

// ---------------------------------------------------------------- products

interface ProductEntry extends Entry {
  vendorId: string;
  category: string;
  subcategory: string | undefined;
  inStock: boolean;
  amount: number;
  /** updatedAt as epoch ms (ISO strings with different offsets do not sort as text). */
  updatedMs: number;
}

interface ProductMatch {
  entry: ProductEntry;
  score: number;
}

const byProductId = (a: ProductMatch, b: ProductMatch) => compareIds(a.entry.id, b.entry.id);
const byNewest = (a: ProductMatch, b: ProductMatch) => b.entry.updatedMs - a.entry.updatedMs || byProductId(a, b);
const PRODUCT_ORDER = {
  relevance: (a: ProductMatch, b: ProductMatch) => b.score - a.score || byProductId(a, b),
  price_asc: (a: ProductMatch, b: ProductMatch) => a.entry.amount - b.entry.amount || byProductId(a, b),
  price_desc: (a: ProductMatch, b: ProductMatch) => b.entry.amount - a.entry.amount || byProductId(a, b),
  newest: byNewest,
} as const;

function topValues(counts: Map<string, number>): FacetCount[] {
  return [...counts]
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => b.count - a.count || compareIds(a.value, b.value))
    .slice(0, FACET_SIZE);
}

function searchProducts(products: Collection<ProductEntry, ProductDocument>, query: ProductQuery): ProductPage {
  checkLimit(query.limit);
  const f = productFingerprint(query);
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, f);
  const { category, subcategory, vendorId, inStock, minPrice, maxPrice } = query;

  const matches: ProductMatch[] = [];
  const categories = new Map<string, number>();
  const vendors = new Map<string, number>();
  const bands = PRICE_BANDS.map(() => 0);
  const keep = (entry: ProductEntry) =>
    (category === undefined || entry.category === category) &&
    (subcategory === undefined || entry.subcategory === subcategory) &&
    (vendorId === undefined || entry.vendorId === vendorId) &&
    (inStock === undefined || entry.inStock === inStock) &&
    (minPrice === undefined || entry.amount >= minPrice) &&
    (maxPrice === undefined || entry.amount <= maxPrice);
  products.matching(query.q, keep, (entry, score) => {
    const { amount } = entry;
    matches.push({ entry, score });
    categories.set(entry.category, (categories.get(entry.category) ?? 0) + 1);
    vendors.set(entry.vendorId, (vendors.get(entry.vendorId) ?? 0) + 1);
    const band = PRICE_BANDS.findIndex(({ from, to }) => from <= amount && amount < to);
    if (band >= 0) bands[band]! += 1;
  });

  const text = query.q !== undefined && analyze(query.q).length > 0;
  const page = pageOf<ProductMatch, ProductDocument>(matches, {
    offset: after?.o ?? 0,
    limit: query.limit,
    // Relevance without words: newest first.
    compare: query.sort === 'relevance' && !text ? byNewest : PRODUCT_ORDER[query.sort],
    toItem: (match) => products.documentOf(match.entry),
    cursorAt: (o) => encodeCursor({ f, o }),
  });
  return {
    ...page,
    facets: {
      category: topValues(categories),
      vendor: topValues(vendors),
      priceBand: PRICE_BANDS.map(({ key }, i) => ({ value: key, count: bands[i]! })),
    },
  };
}

function productEntry(document: ProductDocument): ProductEntry {
  const updatedMs = Date.parse(document.updatedAt);
  return {
    id: document.productId,
    json: JSON.stringify(document),
    vendorId: document.vendorId,
    category: document.category,
    subcategory: document.subcategory,
    inStock: document.inStock,
    amount: document.price.amount,
    updatedMs: Number.isNaN(updatedMs) ? -Infinity : updatedMs,
  };
}

// ---------------------------------------------------------------- the adapter

const clinicCollection = () => new Collection<ClinicEntry, ClinicDocument>('vendorId', CLINIC_TEXT_FIELDS);
const productCollection = () =>
  new Collection<ProductEntry, ProductDocument>('productId', PRODUCT_TEXT_FIELDS, PRODUCT_LABEL_FIELDS);

export function embeddedSearchEngine(): SearchEngine {
  let clinics = clinicCollection();
  let products = productCollection();

  return {
    async upsertClinic(document) {
      const stored = clinics.byId.get(document.vendorId);
      // An older listing never replaces a newer one; the same version replaces (a reindex).
      if (stored && stored.listingVersion > document.listingVersion) return;
      clinics.put(clinicEntry(document), clinicSource(document));
    },

    async removeClinic(vendorId) {
      clinics.delete(vendorId);
    },

    async getClinic(vendorId) {
      return clinics.document(vendorId);
    },

    async searchClinics(query) {
      return searchClinics(clinics, query);
    },

    async upsertProduct(document) {
      products.put(productEntry(document), productSource(document));
    },

    async removeProduct(productId) {
      products.delete(productId);
    },

    async getProduct(productId) {
      return products.document(productId);
    },

    async searchProducts(query) {
      return searchProducts(products, query);
    },

    async reset() {
      clinics = clinicCollection();
      products = productCollection();
    },
  };
}

let shared: SearchEngine | undefined;

/** The one engine of this process: the local platform runs indexer and query handlers side by side. */
export function sharedEmbeddedSearchEngine(): SearchEngine {
  shared ??= embeddedSearchEngine();
  return shared;
}

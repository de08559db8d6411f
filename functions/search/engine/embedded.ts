import { createHash } from 'node:crypto';
import { EARTH_RADIUS_KM, haversineKm, type Point } from '#shared/lib/geo.ts';
import { isOpenInIndex, type OpeningIndex } from '#shared/lib/opening-hours.ts';
import { SERVICE_CATEGORIES, SERVICE_CATEGORY_LABELS, SPECIES, SPECIES_LABELS } from '#shared/lib/pet-care.ts';
import {
  InvalidSearchCursor, PRICE_BANDS,
  type ClinicDocument, type ClinicHit, type ClinicQuery, type FacetCount, type ProductDocument, type ProductPage,
  type ProductQuery, type SearchEngine, type SearchPage,
} from './port.ts';

/**
 * The search port in memory, for the local platform and tests. It passes the contract suite
 * (contract.ts) like the OpenSearch adapter, with the same cursor and fingerprint rules
 * (docs/decisions/0007). One deliberate difference: every query word that exists in the index
 * must match (OpenSearch's most_fields query matches any), so "klinik hewan" sorted by distance
 * does not list every vendor that merely says "hewan".
 *
 * Not built on @orama/orama's index: at 10,000 clinics its radix lookup collects each matched
 * word's postings with Array.includes (O(p²)), 20–110 ms for one common or fuzzy word, and its
 * fuzzy walk costs ~5 ms per word on a 12k-word vocabulary. This module keeps a small inverted
 * index instead: a character trie walked with an edit-distance row (typos), postings per word
 * with per-field term counts (BM25 per field), and plain scans for filters with exact haversine distances.
 */

// ---------------------------------------------------------------- text analysis

/** Words of both languages that carry no meaning in a search (dropped from documents and queries). */
const STOP_WORDS = new Set([
  'dan', 'di', 'ke', 'dari', 'yang', 'untuk', 'dengan', 'atau', 'ini', 'itu', 'pada', 'dalam', 'juga',
  'the', 'and', 'of', 'for', 'in', 'at', 'to', 'a', 'an', 'or', 'with',
]);
const MAX_WORD_LENGTH = 40;

/** Lower-cased words without diacritics ("Café" -> "cafe"), split on anything not a letter or digit. */
export function analyze(text: string): string[] {
  const words: string[] = [];
  for (const raw of text.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase().split(/[^\p{L}\p{N}]+/u)) {
    if (raw === '' || STOP_WORDS.has(raw)) continue;
    words.push(raw.length > MAX_WORD_LENGTH ? raw.slice(0, MAX_WORD_LENGTH) : raw);
  }
  return words;
}

/** Edits allowed for a query word, as OpenSearch's fuzziness AUTO: 0 below 3 letters, 1 below 6, else 2. */
function fuzziness(length: number): number {
  return length < 3 ? 0 : length < 6 ? 1 : 2;
}

/** Query words this long also match longer words they begin ("vaks" -> "vaksinasi"). */
const PREFIX_MIN_LENGTH = 4;
/** How much a non-exact match counts against an exact one. */
const PREFIX_WEIGHT = 0.7;
const EDIT_WEIGHTS = [1, 0.6, 0.4] as const;
/** Most indexed words one query word expands to (OpenSearch's fuzzy max_expansions is 50). */
const MAX_EXPANSIONS = 64;

interface TrieNode {
  children: Map<string, TrieNode> | undefined;
  word: string | undefined;
}

/** The indexed words, for typo-tolerant lookup (edit distance where swapping two neighbours is one edit). */
class Vocabulary {
  private readonly root: TrieNode = { children: undefined, word: undefined };

  add(word: string): void {
    let node = this.root;
    for (const ch of word) {
      node.children ??= new Map();
      let next = node.children.get(ch);
      if (!next) {
        next = { children: undefined, word: undefined };
        node.children.set(ch, next);
      }
      node = next;
    }
    node.word = word;
  }

  delete(word: string): void {
    const path: [TrieNode, string][] = [];
    let node: TrieNode | undefined = this.root;
    for (const ch of word) {
      const next: TrieNode | undefined = node.children?.get(ch);
      if (!next) return;
      path.push([node, ch]);
      node = next;
    }
    node.word = undefined;
    // Prune the branch up to the first node still in use.
    for (let i = path.length - 1; i >= 0; i -= 1) {
      const [parent, ch] = path[i]!;
      const child = parent.children!.get(ch)!;
      if (child.word !== undefined || (child.children && child.children.size > 0)) break;
      parent.children!.delete(ch);
    }
  }

  /** Indexed words matching `term` (exactly, as a prefix, or within its fuzziness), with their weights. */
  expand(term: string): Map<string, number> {
    const found = new Map<string, number>();
    const m = term.length;
    const maxEdits = fuzziness(m);
    const prefix = m >= PREFIX_MIN_LENGTH;
    const keep = (word: string, weight: number) => {
      if ((found.get(word) ?? 0) < weight) found.set(word, weight);
    };
    const rows: Int32Array[] = [Int32Array.from({ length: m + 1 }, (_, j) => j)];

    const collect = (from: TrieNode) => {
      const stack = [from];
      for (let node = stack.pop(); node; node = stack.pop()) {
        if (node.word !== undefined) keep(node.word, node.word === term ? 1 : PREFIX_WEIGHT);
        if (node.children) stack.push(...node.children.values());
      }
    };

    // One row of the edit-distance table per trie depth: row[j] = distance(path, term[0..j)).
    const visit = (node: TrieNode, depth: number, lastCh: string) => {
      if (!node.children) return;
      const row = rows[depth]!;
      const before = depth > 0 ? rows[depth - 1] : undefined;
      let cur = rows[depth + 1];
      if (!cur) {
        cur = new Int32Array(m + 1);
        rows[depth + 1] = cur;
      }
      for (const [ch, child] of node.children) {
        cur[0] = depth + 1;
        let min = cur[0];
        for (let j = 1; j <= m; j += 1) {
          const tj = term[j - 1];
          let value = Math.min(row[j]! + 1, cur[j - 1]! + 1, row[j - 1]! + (tj === ch ? 0 : 1));
          if (before && j > 1 && tj === lastCh && term[j - 2] === ch) value = Math.min(value, before[j - 2]! + 1);
          cur[j] = value;
          if (value < min) min = value;
        }
        const distance = cur[m]!;
        if (distance === 0 && prefix) {
          collect(child);
          continue;
        }
        if (child.word !== undefined && distance <= maxEdits) keep(child.word, EDIT_WEIGHTS[distance] ?? 0);
        if (min <= maxEdits) visit(child, depth + 1, ch);
      }
    };
    visit(this.root, 0, '');

    if (found.size <= MAX_EXPANSIONS) return found;
    const best = [...found].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, MAX_EXPANSIONS);
    return new Map(best);
  }
}

/** OpenSearch's BM25 defaults. */
const BM25_K1 = 1.2;
const BM25_B = 0.75;
/** Score factor when every query word matches within one same field. */
const SAME_FIELD_BONUS = 1.5;
/** Term counts of up to 6 fields packed in one int, 5 bits each (counts above 31 count as 31). */
const FIELD_BITS = 5;
const MAX_FIELD_COUNT = 31;

interface AnalysedText {
  /** Word -> packed per-field counts. */
  counts: Map<string, number>;
  lengths: number[];
}

interface TextMatches {
  slots: number[];
  scores: number[];
}

interface Posting {
  /** slot -> packed per-field counts. */
  slots: Map<number, number>;
  /** Documents with the word, per field (for per-field idf). */
  fieldDf: Int32Array;
}

/**
 * An inverted index over numbered slots. A word scores as OpenSearch's multi_match most_fields:
 * the sum over fields of boost × BM25 within the field (a name match outweighs the same word in
 * a long keyword list). A slot matches when every query word that matches anything in the index
 * matches it; its score is the sum over query words of the best expansion's score.
 */
class TextIndex {
  private readonly postings = new Map<string, Posting>();
  private readonly vocabulary = new Vocabulary();
  private readonly wordsOf: (string[] | undefined)[] = [];
  private lengths = new Uint16Array(0);
  private readonly totalLengths: number[];
  private documents = 0;
  // Scratch space for scoring, indexed by slot; stamps spare clearing it between words.
  private best = new Float64Array(0);
  /** Fields (bits) the current query word matched in. */
  private fields = new Uint8Array(0);
  private stamps = new Uint32Array(0);
  private stamp = 0;
  private readonly boosts: readonly number[];

  constructor(boosts: readonly number[]) {
    this.boosts = boosts;
    if (boosts.length * FIELD_BITS > 30) throw new RangeError('at most 6 text fields');
    this.totalLengths = boosts.map(() => 0);
  }

  /** Analyses a document's fields (pure, so a failure leaves the index as it was). */
  analyse(fields: readonly string[]): AnalysedText {
    const counts = new Map<string, number>();
    const lengths = fields.map((text, field) => {
      const words = analyze(text);
      const shift = field * FIELD_BITS;
      for (const word of words) {
        const packed = counts.get(word) ?? 0;
        if (((packed >>> shift) & MAX_FIELD_COUNT) < MAX_FIELD_COUNT) counts.set(word, packed + (1 << shift));
      }
      return Math.min(words.length, 0xffff);
    });
    return { counts, lengths };
  }

  add(slot: number, { counts, lengths }: AnalysedText): void {
    const fieldCount = this.boosts.length;
    this.reserve(slot);
    lengths.forEach((length, field) => {
      this.lengths[slot * fieldCount + field] = length;
      this.totalLengths[field]! += length;
    });
    for (const [word, packed] of counts) {
      let posting = this.postings.get(word);
      if (!posting) {
        posting = { slots: new Map(), fieldDf: new Int32Array(fieldCount) };
        this.postings.set(word, posting);
        this.vocabulary.add(word);
      }
      posting.slots.set(slot, packed);
      for (let field = 0; field < fieldCount; field += 1) {
        if ((packed >>> (field * FIELD_BITS)) & MAX_FIELD_COUNT) posting.fieldDf[field]! += 1;
      }
    }
    this.wordsOf[slot] = [...counts.keys()];
    this.documents += 1;
  }

  remove(slot: number): void {
    const words = this.wordsOf[slot];
    if (!words) return;
    const fieldCount = this.boosts.length;
    for (const word of words) {
      const posting = this.postings.get(word);
      const packed = posting?.slots.get(slot);
      if (!posting || packed === undefined) continue;
      posting.slots.delete(slot);
      for (let field = 0; field < fieldCount; field += 1) {
        if ((packed >>> (field * FIELD_BITS)) & MAX_FIELD_COUNT) posting.fieldDf[field]! -= 1;
      }
      if (posting.slots.size === 0) {
        this.postings.delete(word);
        this.vocabulary.delete(word);
      }
    }
    for (let field = 0; field < fieldCount; field += 1) {
      this.totalLengths[field]! -= this.lengths[slot * fieldCount + field]!;
      this.lengths[slot * fieldCount + field] = 0;
    }
    this.wordsOf[slot] = undefined;
    this.documents -= 1;
  }

  /** undefined: no words to search for (empty or only stop words), so no text condition. */
  search(q: string): TextMatches | undefined {
    const terms = [...new Set(analyze(q))];
    if (terms.length === 0) return undefined;
    const fieldCount = this.boosts.length;
    const { boosts, documents, lengths } = this;
    // 1 / average field length, so relative length = length × norm.
    const norms = this.totalLengths.map((total) => (documents > 0 && total > 0 ? documents / total : 1));
    const weights = new Float64Array(fieldCount);
    let slots: number[] | undefined;
    let scores: number[] = [];
    /** Per slot, the fields every query word so far matched in. */
    let common: number[] = [];
    let words = 0;
    for (const term of terms) {
      const expansions = this.vocabulary.expand(term);
      // A word found nowhere cannot be matched by any document: it narrows nothing.
      if (expansions.size === 0) continue;
      words += 1;
      const stamp = this.nextStamp();
      const touched: number[] = [];
      for (const [word, weight] of expansions) {
        const posting = this.postings.get(word);
        if (!posting) continue;
        for (let field = 0; field < fieldCount; field += 1) {
          const df = posting.fieldDf[field]!;
          weights[field] = weight * boosts[field]! * Math.log(1 + (documents - df + 0.5) / (df + 0.5)) * (BM25_K1 + 1);
        }
        for (const [slot, packed] of posting.slots) {
          let score = 0;
          let fields = 0;
          for (let field = 0; field < fieldCount; field += 1) {
            const count = (packed >>> (field * FIELD_BITS)) & MAX_FIELD_COUNT;
            if (count === 0) continue;
            const relativeLength = lengths[slot * fieldCount + field]! * norms[field]!;
            score += (weights[field]! * count) / (count + BM25_K1 * (1 - BM25_B + BM25_B * relativeLength));
            fields |= 1 << field;
          }
          if (this.stamps[slot] !== stamp) {
            this.stamps[slot] = stamp;
            this.best[slot] = score;
            this.fields[slot] = fields;
            touched.push(slot);
          } else {
            if (score > this.best[slot]!) this.best[slot] = score;
            this.fields[slot]! |= fields;
          }
        }
      }
      if (!slots) {
        slots = touched;
        scores = touched.map((slot) => this.best[slot]!);
        common = touched.map((slot) => this.fields[slot]!);
        continue;
      }
      const keptSlots: number[] = [];
      const keptScores: number[] = [];
      const keptCommon: number[] = [];
      for (let i = 0; i < slots.length; i += 1) {
        const slot = slots[i]!;
        if (this.stamps[slot] !== stamp) continue;
        keptSlots.push(slot);
        keptScores.push(scores[i]! + this.best[slot]!);
        keptCommon.push(common[i]! & this.fields[slot]!);
      }
      slots = keptSlots;
      scores = keptScores;
      common = keptCommon;
    }
    // All words in one field ("Klinik Hewan" in a name) beats the same words spread over fields.
    if (words > 1) for (let i = 0; i < scores.length; i += 1) if (common[i]) scores[i]! *= SAME_FIELD_BONUS;
    return { slots: slots ?? [], scores };
  }

  private nextStamp(): number {
    this.stamp += 1;
    if (this.stamp === 0xffffffff) {
      this.stamps.fill(0);
      this.stamp = 1;
    }
    return this.stamp;
  }

  private reserve(slot: number): void {
    if (slot < this.stamps.length) return;
    const capacity = Math.max(1024, this.stamps.length * 2, slot + 1);
    const lengths = new Uint16Array(capacity * this.boosts.length);
    lengths.set(this.lengths);
    this.lengths = lengths;
    const best = new Float64Array(capacity);
    best.set(this.best);
    this.best = best;
    const fields = new Uint8Array(capacity);
    fields.set(this.fields);
    this.fields = fields;
    const stamps = new Uint32Array(capacity);
    stamps.set(this.stamps);
    this.stamps = stamps;
  }
}

// ---------------------------------------------------------------- documents by slot

interface Entry {
  id: string;
  slot: number;
  /** The stored document; every reader gets its own parse. */
  json: string;
}

/** Entries by id and by a small integer slot (reused after removal) that the text index keys on. */
class Collection<E extends Entry> {
  readonly byId = new Map<string, E>();
  readonly bySlot: (E | undefined)[] = [];
  private readonly freeSlots: number[] = [];
  readonly text: TextIndex;

  constructor(boosts: readonly number[]) {
    this.text = new TextIndex(boosts);
  }

  put(id: string, texts: readonly string[], make: (slot: number) => E): void {
    const analysed = this.text.analyse(texts);
    const previous = this.byId.get(id);
    const slot = previous ? previous.slot : (this.freeSlots.at(-1) ?? this.bySlot.length);
    const entry = make(slot);
    if (previous) this.text.remove(slot);
    else if (slot !== this.bySlot.length) this.freeSlots.pop();
    this.byId.set(id, entry);
    this.bySlot[slot] = entry;
    this.text.add(slot, analysed);
  }

  delete(id: string): void {
    const entry = this.byId.get(id);
    if (!entry) return;
    this.text.remove(entry.slot);
    this.byId.delete(id);
    this.bySlot[entry.slot] = undefined;
    this.freeSlots.push(entry.slot);
  }

  /** Entries matching q with their text scores (score 0 for every entry when there is no text). */
  matching(q: string | undefined, visit: (entry: E, score: number) => void): void {
    const found = q === undefined ? undefined : this.text.search(q);
    if (!found) {
      for (const entry of this.byId.values()) visit(entry, 0);
      return;
    }
    for (let i = 0; i < found.slots.length; i += 1) {
      const entry = this.bySlot[found.slots[i]!];
      if (entry) visit(entry, found.scores[i]!);
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

function fingerprint(parts: readonly unknown[]): string {
  return createHash('sha256').update(JSON.stringify(parts.map((part) => part ?? null))).digest('base64url').slice(0, 16);
}

/** Everything but limit, cursor and the value of openAt ("open now" sends a new instant per page). */
function clinicFingerprint(query: ClinicQuery): string {
  const { q, lat, lon, radiusKm, category, species, kind, minRating, openAt, sort } = query;
  return fingerprint(['clinics', q?.trim() || null, lat, lon, radiusKm, category, species, kind, minRating, openAt !== undefined, sort]);
}

function productFingerprint(query: ProductQuery): string {
  const { q, category, minPrice, maxPrice, vendorId, inStock, sort } = query;
  return fingerprint(['products', q?.trim() || null, category, minPrice, maxPrice, vendorId, inStock, sort]);
}

function encodeCursor(payload: CursorPayload): string {
  return Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string, expected: string): CursorPayload {
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidSearchCursor();
  }
  if (typeof payload !== 'object' || payload === null) throw new InvalidSearchCursor();
  const { f, o, t } = payload as Record<string, unknown>;
  if (f !== expected || typeof o !== 'number' || !Number.isSafeInteger(o) || o < 1) throw new InvalidSearchCursor();
  if (t !== undefined && (typeof t !== 'number' || !Number.isSafeInteger(t))) throw new InvalidSearchCursor();
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

const copyIntervals = (intervals: readonly { gte: number; lt: number }[]) => intervals.map(({ gte, lt }) => ({ gte, lt }));

/** Category labels and search words, species names, both languages (as the OpenSearch adapter's `keywords`). */
function clinicKeywords(document: ClinicDocument): string {
  const words: string[] = [];
  for (const category of document.categories) {
    const labels = SERVICE_CATEGORY_LABELS[category];
    if (labels) words.push(labels.id, labels.en, ...labels.terms);
  }
  for (const species of document.species) {
    const labels = SPECIES_LABELS[species];
    if (labels) words.push(labels.id, labels.en);
  }
  return words.join(' ');
}

/** Fields and boosts as in the OpenSearch adapter: name^3, keywords^2, services^2, description, place. */
const CLINIC_BOOSTS = [3, 2, 2, 1, 1] as const;
function clinicText(document: ClinicDocument): string[] {
  return [
    document.name,
    clinicKeywords(document),
    document.services.map((service) => service.name).join(' '),
    document.description ?? '',
    `${document.city} ${document.province} ${document.address}`,
  ];
}

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

const byDistance = (a: ClinicMatch, b: ClinicMatch) => a.distanceKm - b.distanceKm || compareIds(a.entry.id, b.entry.id);
const byScore = (a: ClinicMatch, b: ClinicMatch) => b.score - a.score || byRating(a, b);

function origin(query: ClinicQuery): Point | undefined {
  const { lat, lon } = query;
  if ((lat === undefined) !== (lon === undefined)) throw new RangeError('lat and lon go together');
  return lat === undefined || lon === undefined ? undefined : { lat, lon };
}

const KM_PER_DEGREE = (Math.PI / 180) * EARTH_RADIUS_KM;

function searchClinics(clinics: Collection<ClinicEntry>, query: ClinicQuery): SearchPage<ClinicHit> {
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
    clinics.matching(query.q, (entry, score) => {
      if (kind !== undefined && entry.kind !== kind) return;
      if (categoryBit !== 0 && (entry.categoryMask & categoryBit) === 0) return;
      if (speciesBit !== 0 && (entry.speciesMask & speciesBit) === 0) return;
      if (minRating !== undefined && (entry.rating === null || entry.rating < minRating)) return;
      let distanceKm = NaN;
      if (point) {
        if (Math.abs(entry.lat - point.lat) > maxLatDelta) return;
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
    toItem: (match) => ({ document: JSON.parse(match.entry.json) as ClinicDocument, distanceKm: point ? match.distanceKm : null }),
    cursorAt: (o) => encodeCursor({ f, o, ...(openAt ? { t: openAt.getTime() } : {}) }),
  });
}

function clinicEntry(document: ClinicDocument, slot: number): ClinicEntry {
  const { opening } = document;
  return {
    id: document.vendorId,
    slot,
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
  inStock: boolean;
  amount: number;
  /** updatedAt as epoch ms (ISO strings with different offsets do not sort as text). */
  updatedMs: number;
}

interface ProductMatch {
  entry: ProductEntry;
  score: number;
}

/** Buckets per facet, as the OpenSearch adapter's terms aggregations. */
const FACET_SIZE = 20;
/** Fields and boosts as in the OpenSearch adapter: name^3, category^2, vendorName, description. */
const PRODUCT_BOOSTS = [3, 2, 1, 1] as const;
function productText(document: ProductDocument): string[] {
  return [document.name, document.category, document.vendorName, document.description];
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

function searchProducts(products: Collection<ProductEntry>, query: ProductQuery): ProductPage {
  checkLimit(query.limit);
  const f = productFingerprint(query);
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, f);
  const { category, vendorId, inStock, minPrice, maxPrice } = query;

  const matches: ProductMatch[] = [];
  const categories = new Map<string, number>();
  const vendors = new Map<string, number>();
  const bands = PRICE_BANDS.map(() => 0);
  products.matching(query.q, (entry, score) => {
    const { amount } = entry;
    if (category !== undefined && entry.category !== category) return;
    if (vendorId !== undefined && entry.vendorId !== vendorId) return;
    if (inStock !== undefined && entry.inStock !== inStock) return;
    if (minPrice !== undefined && !(amount >= minPrice)) return;
    if (maxPrice !== undefined && !(amount <= maxPrice)) return;
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
    toItem: (match) => JSON.parse(match.entry.json) as ProductDocument,
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

function productEntry(document: ProductDocument, slot: number): ProductEntry {
  const updatedMs = Date.parse(document.updatedAt);
  return {
    id: document.productId,
    slot,
    json: JSON.stringify(document),
    vendorId: document.vendorId,
    category: document.category,
    inStock: document.inStock,
    amount: document.price.amount,
    updatedMs: Number.isNaN(updatedMs) ? -Infinity : updatedMs,
  };
}

// ---------------------------------------------------------------- the adapter

export function embeddedSearchEngine(): SearchEngine {
  let clinics = new Collection<ClinicEntry>(CLINIC_BOOSTS);
  let products = new Collection<ProductEntry>(PRODUCT_BOOSTS);

  return {
    async upsertClinic(document) {
      const stored = clinics.byId.get(document.vendorId);
      // An older listing never replaces a newer one; the same version replaces (a reindex).
      if (stored && stored.listingVersion > document.listingVersion) return;
      clinics.put(document.vendorId, clinicText(document), (slot) => clinicEntry(document, slot));
    },

    async removeClinic(vendorId) {
      clinics.delete(vendorId);
    },

    async getClinic(vendorId) {
      const entry = clinics.byId.get(vendorId);
      return entry ? (JSON.parse(entry.json) as ClinicDocument) : undefined;
    },

    async searchClinics(query) {
      return searchClinics(clinics, query);
    },

    async upsertProduct(document) {
      products.put(document.productId, productText(document), (slot) => productEntry(document, slot));
    },

    async removeProduct(productId) {
      products.delete(productId);
    },

    async getProduct(productId) {
      const entry = products.byId.get(productId);
      return entry ? (JSON.parse(entry.json) as ProductDocument) : undefined;
    },

    async searchProducts(query) {
      return searchProducts(products, query);
    },

    async reset() {
      clinics = new Collection<ClinicEntry>(CLINIC_BOOSTS);
      products = new Collection<ProductEntry>(PRODUCT_BOOSTS);
    },
  };
}

let shared: SearchEngine | undefined;

/** The one engine of this process: the local platform runs indexer and query handlers side by side. */
export function sharedEmbeddedSearchEngine(): SearchEngine {
  shared ??= embeddedSearchEngine();
  return shared;
}

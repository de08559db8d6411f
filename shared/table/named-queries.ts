import type { GlobalIndexName } from './definition.ts';

/**
 * Named access patterns (`defineEntity(...).withQueries`, shared/table/entity.ts): what a pattern
 * declares, the query functions built from it, and the types that keep a pattern and its item in
 * step. A pattern's partition function is the one place its key format lives (decision 0033).
 */

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** One query's conditions and paging (what a named query fills in from its pattern, plus the caller's). */
export interface QueryOptions {
  index?: GlobalIndexName;
  /** Only sort keys that begin with this. */
  beginsWith?: string;
  /** Only sort keys that sort before this (exclusive); not with beginsWith. */
  before?: string;
  /** Only sort keys from `from` (inclusive) to `to` (exclusive); not with beginsWith or before. */
  between?: { from: string; to: string };
  limit?: number;
  cursor?: string | undefined;
  newestFirst?: boolean;
  consistent?: boolean;
}

/**
 * A named query on a secondary index, and what every write stores in that index: `partition(item)`
 * and `sort(item)` (a string partition: a fixed one, no params). The partition function's parameter
 * type is the query's params, so the item must carry those fields (or `when` narrows it to a type that
 * does). `when`: only the items for which it holds are in the index (a sparse index).
 */
export interface IndexPattern<Item> {
  index: GlobalIndexName;
  partition: string | ((params: never) => string);
  sort: (item: Item) => string;
  when?: (item: Item) => boolean;
}

/**
 * A named query on the table's own keys: the partition `key()` builds (`key()` calls this same
 * function or constant) and, optionally, the sort-key prefix of the items it lists, declared once
 * here (`key()` uses the same constant or function).
 */
export interface TablePattern {
  index?: undefined;
  partition: string | ((params: never) => string);
  beginsWith?: string | ((params: never) => string);
}

export type QueryPattern<Item> = IndexPattern<Item> | TablePattern;

/** What a named query reads for its params: the index (none: the table), the partition, the sort-key prefix. */
export interface KeyCondition {
  index?: GlobalIndexName;
  partition: string;
  beginsWith?: string;
}

/** A named query's options on an index: a sort condition and paging (index reads are never consistent). */
export type IndexQueryOptions = Omit<QueryOptions, 'index' | 'consistent'>;
/** A named query's options on the table. */
export type TableQueryOptions = Omit<QueryOptions, 'index'>;
/** A named query's options on the table when the pattern declares its sort-key prefix: paging only. */
export type PrefixQueryOptions = Omit<QueryOptions, 'index' | 'beginsWith' | 'before' | 'between'>;

/** A named query that takes params (what its partition and prefix functions take). */
export interface NamedQuery<Item, Params, Options> {
  (params: Params, options?: Options): Promise<Page<Item>>;
  /** What the query reads for these params (to seal or check a cursor of one's own). */
  keyCondition(params: Params): KeyCondition;
}

/** A named query on a fixed partition. */
export interface FixedQuery<Item, Options> {
  (options?: Options): Promise<Page<Item>>;
  keyCondition(): KeyCondition;
}

/** The parameter type of a key function; `unknown` when there is none (a constant or a function of nothing). */
type ParamsOfPart<Part> = Part extends (params: infer P) => string ? P : unknown;
type TakesParams<Pattern> = Pattern extends { partition: (params: never) => string }
  ? true
  : Pattern extends { beginsWith: (params: never) => string }
    ? true
    : false;
type ParamsOf<Pattern> = Pattern extends { partition: infer Partition; beginsWith?: infer Prefix }
  ? ParamsOfPart<Partition> & ParamsOfPart<Prefix>
  : never;
type OptionsOf<Pattern> = Pattern extends { index: GlobalIndexName }
  ? IndexQueryOptions
  : Pattern extends { beginsWith: string | ((params: never) => string) }
    ? PrefixQueryOptions
    : TableQueryOptions;

export type NamedQueries<Item, Queries> = {
  [Name in keyof Queries]: TakesParams<Queries[Name]> extends true
    ? NamedQuery<Item, ParamsOf<Queries[Name]>, OptionsOf<Queries[Name]>>
    : FixedQuery<Item, OptionsOf<Queries[Name]>>;
};

/** The item an index pattern indexes: narrowed by its `when`, if that is a type guard. */
type IndexedItem<Item, Pattern> = Pattern extends { when: (item: Item) => item is infer Narrowed extends Item }
  ? Narrowed
  : Item;

/**
 * Each index pattern's partition function must take the item it indexes (the write side calls it
 * with the item): a pattern whose params the item lacks does not type-check.
 */
export type CheckedQueries<Item, Queries> = {
  [Name in keyof Queries]: Queries[Name] extends { index: GlobalIndexName; partition: (params: infer Params) => string }
    ? IndexedItem<Item, Queries[Name]> extends Params
      ? Queries[Name]
      : Queries[Name] & { partition: (params: IndexedItem<Item, Queries[Name]>) => string }
    : Queries[Name];
};

export function partitionOf(pattern: QueryPattern<never>, params: unknown): string {
  return typeof pattern.partition === 'string' ? pattern.partition : pattern.partition(params as never);
}

/** What a pattern reads for these params. */
function keyConditionOf(pattern: QueryPattern<never>, params: unknown): KeyCondition {
  const partition = partitionOf(pattern, params);
  if (pattern.index !== undefined) return { index: pattern.index, partition };
  const prefix = typeof pattern.beginsWith === 'function' ? pattern.beginsWith(params as never) : pattern.beginsWith;
  return prefix === undefined ? { partition } : { partition, beginsWith: prefix };
}

/** The named queries over an entity's query: each fills in its index, partition and prefix. */
export function namedQueries<Item>(
  patterns: Record<string, QueryPattern<Item>>,
  query: (partition: string, options: QueryOptions) => Promise<Page<Item>>,
): Record<string, unknown> {
  const named: Record<string, unknown> = {};
  for (const [name, pattern] of Object.entries(patterns)) {
    const read = (params: unknown, options: QueryOptions = {}) => {
      const { index, partition, beginsWith } = keyConditionOf(pattern as QueryPattern<never>, params);
      return query(partition, {
        ...options,
        ...(index ? { index } : {}),
        ...(beginsWith !== undefined ? { beginsWith } : {}),
      });
    };
    // A pattern takes params when its partition or its prefix is a function of them.
    const takesParams =
      typeof pattern.partition === 'function' ||
      (pattern.index === undefined && typeof pattern.beginsWith === 'function');
    named[name] = takesParams
      ? Object.assign((params: unknown, options?: QueryOptions) => read(params, options), {
          keyCondition: (params: unknown) => keyConditionOf(pattern as QueryPattern<never>, params),
        })
      : Object.assign((options?: QueryOptions) => read(undefined, options), {
          keyCondition: () => keyConditionOf(pattern as QueryPattern<never>, undefined),
        });
  }
  return named;
}

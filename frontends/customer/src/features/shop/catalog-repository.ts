import type { ApiClient, Locale, operations } from '@petpro/api-client';

type SearchQuery = NonNullable<operations['searchProducts']['parameters']['query']>;
type SearchAnswer = operations['searchProducts']['responses'][200]['content']['application/json'];

export type Category = NonNullable<SearchQuery['category']>;
export type Subcategory = NonNullable<SearchQuery['subcategory']>;

/** A product as search lists it (and as GET /v1/products/{id} answers it). */
export type Product = SearchAnswer['items'][number];

/** One branch of the category tree: a category, its labels, its subcategories. */
export interface CategoryNode {
  category: Category;
  label: Record<Locale, string>;
  subcategories: { subcategory: Subcategory; label: Record<Locale, string> }[];
}

/** What the customer filters the catalogue by; absent means "any". */
export interface ProductFilters {
  q?: string;
  category?: Category;
  subcategory?: Subcategory;
  /** Whole rupiah. */
  minPrice?: number;
  maxPrice?: number;
  inStockOnly?: boolean;
}

export interface ProductPage {
  items: Product[];
  /** The next page's cursor; null on the last page. */
  nextCursor: string | null;
  /** How many products each top-level category holds for these filters (the API's category facet). */
  categoryCounts: Partial<Record<string, number>>;
}

export const PAGE_SIZE = 20;

/** The public catalogue: no sign-in needed. Throws ApiProblem or OfflineError. */
export interface CatalogRepository {
  categories(): Promise<CategoryNode[]>;
  search(filters: ProductFilters, cursor?: string): Promise<ProductPage>;
  product(productId: string): Promise<Product>;
}

export class ApiCatalogRepository implements CatalogRepository {
  readonly #api: ApiClient;

  constructor(api: ApiClient) {
    this.#api = api;
  }

  async categories(): Promise<CategoryNode[]> {
    // The contract gives this route no response schema: read it defensively.
    const answer: unknown = await this.#api.unwrap(this.#api.GET('/v1/categories'));
    return toCategoryTree(answer);
  }

  async search(filters: ProductFilters, cursor?: string): Promise<ProductPage> {
    const page = await this.#api.unwrap(
      this.#api.GET('/v1/products', { params: { query: toSearchQuery(filters, cursor) } }),
    );
    return {
      items: page.items,
      nextCursor: page.nextCursor,
      categoryCounts: Object.fromEntries(page.facets.category.map((facet) => [facet.value, facet.count])),
    };
  }

  product(productId: string): Promise<Product> {
    return this.#api.unwrap(this.#api.GET('/v1/products/{productId}', { params: { path: { productId } } }));
  }
}

/** The query string of a search: only what is set, `inStock=true` only when asked. */
export function toSearchQuery(filters: ProductFilters, cursor?: string): SearchQuery {
  const q = filters.q?.trim();
  return {
    ...(q ? { q: q.slice(0, 100) } : {}),
    ...(filters.category ? { category: filters.category } : {}),
    ...(filters.subcategory ? { subcategory: filters.subcategory } : {}),
    ...(filters.minPrice !== undefined ? { minPrice: filters.minPrice } : {}),
    ...(filters.maxPrice !== undefined ? { maxPrice: filters.maxPrice } : {}),
    ...(filters.inStockOnly ? { inStock: 'true' } : {}),
    ...(cursor ? { cursor } : {}),
    limit: PAGE_SIZE,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function toLabel(value: unknown, fallback: string): Record<Locale, string> {
  const label = isRecord(value) ? value : {};
  const id = typeof label['id'] === 'string' ? label['id'] : fallback;
  return { id, en: typeof label['en'] === 'string' ? label['en'] : id };
}

/** `{ items: [{ category, label: { id, en }, subcategories: [{ subcategory, label }] }] }`; anything else is left out. */
export function toCategoryTree(answer: unknown): CategoryNode[] {
  const items = isRecord(answer) && Array.isArray(answer['items']) ? answer['items'] : [];
  return items.filter(isRecord).flatMap((item): CategoryNode[] => {
    const category = item['category'];
    if (typeof category !== 'string') return [];
    const subcategories = Array.isArray(item['subcategories']) ? item['subcategories'] : [];
    return [
      {
        category: category as Category,
        label: toLabel(item['label'], category),
        subcategories: subcategories
          .filter(isRecord)
          .flatMap((sub) =>
            typeof sub['subcategory'] === 'string'
              ? [{ subcategory: sub['subcategory'] as Subcategory, label: toLabel(sub['label'], sub['subcategory']) }]
              : [],
          ),
      },
    ];
  });
}

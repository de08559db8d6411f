import { Bloc, type Emit } from '../../bloc/bloc';
import { toErrorView, type ErrorView } from '../../data/errors';
import type {
  CatalogRepository,
  Category,
  CategoryNode,
  Product,
  ProductFilters,
  Subcategory,
} from './catalog-repository';

export type SearchEvent =
  | { type: 'started' }
  | { type: 'text-changed'; value: string }
  | { type: 'min-price-changed'; value: string }
  | { type: 'max-price-changed'; value: string }
  | { type: 'submitted' }
  | { type: 'category-chosen'; category: Category | undefined }
  | { type: 'subcategory-chosen'; subcategory: Subcategory | undefined }
  | { type: 'in-stock-toggled' }
  | { type: 'filters-cleared' }
  | { type: 'more-requested' }
  | { type: 'retry-requested' };

/** Why the price boxes were not applied. */
export type PriceInputError = 'price-invalid' | 'price-range';

export interface SearchState {
  /** What the boxes hold (applied on submit). */
  text: string;
  minPriceText: string;
  maxPriceText: string;
  priceError: PriceInputError | null;
  /** The filters of the results shown (or being loaded). */
  applied: ProductFilters;
  categories: readonly CategoryNode[];
  status: 'idle' | 'loading' | 'loaded' | 'error';
  items: readonly Product[];
  nextCursor: string | null;
  categoryCounts: Partial<Record<string, number>>;
  loadingMore: boolean;
  error: ErrorView | null;
  /** A failed "more" keeps the results shown. */
  moreError: ErrorView | null;
}

export const initialSearchState: SearchState = {
  text: '',
  minPriceText: '',
  maxPriceText: '',
  priceError: null,
  applied: {},
  categories: [],
  status: 'idle',
  items: [],
  nextCursor: null,
  categoryCounts: {},
  loadingMore: false,
  error: null,
  moreError: null,
};

/** "50.000", "50000", "Rp 50.000" → 50000; empty → undefined; anything else → NaN. */
export function parseRupiah(text: string): number | undefined {
  const cleaned = text.replace(/^\s*rp\.?\s*/i, '').replace(/[.\s]/g, '');
  if (cleaned === '') return undefined;
  return /^\d{1,10}$/.test(cleaned) ? Number(cleaned) : Number.NaN;
}

/** The shop's search screen: query box, category tree, price range, in-stock only, paged results. */
export class SearchBloc extends Bloc<SearchEvent, SearchState> {
  readonly #catalog: CatalogRepository;

  constructor(catalog: CatalogRepository) {
    super(initialSearchState);
    this.#catalog = catalog;
  }

  protected override async handle(event: SearchEvent, emit: Emit<SearchState>): Promise<void> {
    const state = this.state;
    switch (event.type) {
      case 'started': {
        if (state.status !== 'idle') return;
        // The tree is only labels for the chips: a search without it still works.
        const categories = await this.#catalog.categories().catch(() => []);
        emit({ ...this.state, categories });
        return this.#search(this.state.applied, emit);
      }
      case 'text-changed':
        return emit({ ...state, text: event.value });
      case 'min-price-changed':
        return emit({ ...state, minPriceText: event.value, priceError: null });
      case 'max-price-changed':
        return emit({ ...state, maxPriceText: event.value, priceError: null });
      case 'submitted': {
        const minPrice = parseRupiah(state.minPriceText);
        const maxPrice = parseRupiah(state.maxPriceText);
        if (Number.isNaN(minPrice) || Number.isNaN(maxPrice)) return emit({ ...state, priceError: 'price-invalid' });
        if (minPrice !== undefined && maxPrice !== undefined && minPrice > maxPrice)
          return emit({ ...state, priceError: 'price-range' });
        const { q: _q, minPrice: _min, maxPrice: _max, ...rest } = state.applied;
        const text = state.text.trim();
        return this.#search(
          {
            ...rest,
            ...(text ? { q: text } : {}),
            ...(minPrice !== undefined ? { minPrice } : {}),
            ...(maxPrice !== undefined ? { maxPrice } : {}),
          },
          emit,
        );
      }
      case 'category-chosen': {
        const { category: _c, subcategory: _s, ...rest } = state.applied;
        return this.#search({ ...rest, ...(event.category ? { category: event.category } : {}) }, emit);
      }
      case 'subcategory-chosen': {
        const { subcategory: _s, ...rest } = state.applied;
        return this.#search({ ...rest, ...(event.subcategory ? { subcategory: event.subcategory } : {}) }, emit);
      }
      case 'in-stock-toggled': {
        const { inStockOnly, ...rest } = state.applied;
        return this.#search({ ...rest, ...(inStockOnly ? {} : { inStockOnly: true }) }, emit);
      }
      case 'filters-cleared':
        emit({ ...state, text: '', minPriceText: '', maxPriceText: '', priceError: null });
        return this.#search({}, emit);
      case 'retry-requested':
        return this.#search(state.applied, emit);
      case 'more-requested': {
        if (state.status !== 'loaded' || !state.nextCursor || state.loadingMore) return;
        emit({ ...state, loadingMore: true, moreError: null });
        try {
          const page = await this.#catalog.search(state.applied, state.nextCursor);
          const seen = new Set(state.items.map((item) => item.productId));
          emit({
            ...this.state,
            items: [...state.items, ...page.items.filter((item) => !seen.has(item.productId))],
            nextCursor: page.nextCursor,
            loadingMore: false,
          });
        } catch (error) {
          emit({ ...this.state, loadingMore: false, moreError: toErrorView(error) });
        }
        return;
      }
    }
  }

  async #search(filters: ProductFilters, emit: Emit<SearchState>): Promise<void> {
    // The results shown stay until the new ones arrive.
    emit({ ...this.state, applied: filters, status: 'loading', error: null, moreError: null, loadingMore: false });
    try {
      const page = await this.#catalog.search(filters);
      emit({
        ...this.state,
        status: 'loaded',
        items: page.items,
        nextCursor: page.nextCursor,
        categoryCounts: page.categoryCounts,
      });
    } catch (error) {
      emit({ ...this.state, status: 'error', error: toErrorView(error) });
    }
  }
}

import { OfflineError } from '@petpro/api-client';
import { describe, expect, it } from 'vitest';
import { catLitter, FakeCatalogRepository, kittenFood, problem } from './fakes';
import { parseRupiah, SearchBloc } from './search-bloc';

const page = (items = [kittenFood], nextCursor: string | null = null) => ({
  items,
  nextCursor,
  categoryCounts: { food: 1 },
});

describe('SearchBloc', () => {
  it('starts with the category tree and every product, then searches the text typed on submit', async () => {
    const catalog = new FakeCatalogRepository(page(), page([catLitter]));
    const bloc = new SearchBloc(catalog);
    await bloc.add({ type: 'started' });
    expect(bloc.state).toMatchObject({ status: 'loaded', items: [kittenFood], categoryCounts: { food: 1 } });
    expect(bloc.state.categories.map((node) => node.category)).toEqual(['food', 'litter']);
    await bloc.add({ type: 'text-changed', value: ' pasir ' });
    expect(catalog.searches).toHaveLength(1); // typing alone asks nothing
    await bloc.add({ type: 'submitted' });
    expect(catalog.searches[1]!.filters).toEqual({ q: 'pasir' });
    expect(bloc.state.items).toEqual([catLitter]);
  });

  it('a category narrows at once; choosing another category forgets the subcategory', async () => {
    const catalog = new FakeCatalogRepository();
    const bloc = new SearchBloc(catalog);
    await bloc.add({ type: 'started' });
    await bloc.add({ type: 'category-chosen', category: 'food' });
    await bloc.add({ type: 'subcategory-chosen', subcategory: 'cat_food' });
    await bloc.add({ type: 'in-stock-toggled' });
    expect(catalog.searches.at(-1)!.filters).toEqual({ category: 'food', subcategory: 'cat_food', inStockOnly: true });
    await bloc.add({ type: 'category-chosen', category: 'litter' });
    expect(catalog.searches.at(-1)!.filters).toEqual({ category: 'litter', inStockOnly: true });
    await bloc.add({ type: 'in-stock-toggled' });
    expect(catalog.searches.at(-1)!.filters).toEqual({ category: 'litter' });
  });

  it('applies the price range on submit, refusing words and a minimum above the maximum', async () => {
    const catalog = new FakeCatalogRepository();
    const bloc = new SearchBloc(catalog);
    await bloc.add({ type: 'started' });
    await bloc.add({ type: 'min-price-changed', value: 'murah' });
    await bloc.add({ type: 'submitted' });
    expect(bloc.state.priceError).toBe('price-invalid');
    await bloc.add({ type: 'min-price-changed', value: '100.000' });
    await bloc.add({ type: 'max-price-changed', value: '50000' });
    await bloc.add({ type: 'submitted' });
    expect(bloc.state.priceError).toBe('price-range');
    expect(catalog.searches).toHaveLength(1);
    await bloc.add({ type: 'max-price-changed', value: 'Rp 250.000' });
    expect(bloc.state.priceError).toBeNull();
    await bloc.add({ type: 'submitted' });
    expect(catalog.searches.at(-1)!.filters).toEqual({ minPrice: 100_000, maxPrice: 250_000 });
  });

  it('pages on with the cursor, keeping what is shown, and a failed page keeps the results', async () => {
    const catalog = new FakeCatalogRepository(page([kittenFood], 'c2'), new OfflineError('id'), page([catLitter]));
    const bloc = new SearchBloc(catalog);
    await bloc.add({ type: 'started' });
    await bloc.add({ type: 'more-requested' });
    expect(bloc.state).toMatchObject({ items: [kittenFood], loadingMore: false, moreError: { kind: 'message' } });
    await bloc.add({ type: 'more-requested' });
    expect(catalog.searches.at(-1)!.cursor).toBe('c2');
    expect(bloc.state).toMatchObject({ items: [kittenFood, catLitter], nextCursor: null, moreError: null });
    await bloc.add({ type: 'more-requested' }); // the last page: nothing more to ask
    expect(catalog.searches).toHaveLength(3);
  });

  it('shows a failed search in words and searches again on retry; no category tree is no failure', async () => {
    const catalog = new FakeCatalogRepository(problem(503, 'unavailable'), page());
    catalog.categoryAnswer = new OfflineError('id');
    const bloc = new SearchBloc(catalog);
    await bloc.add({ type: 'started' });
    expect(bloc.state).toMatchObject({ status: 'error', error: { kind: 'problem', title: 'Masalah: unavailable' } });
    expect(bloc.state.categories).toEqual([]);
    await bloc.add({ type: 'retry-requested' });
    expect(bloc.state).toMatchObject({ status: 'loaded', items: [kittenFood], error: null });
  });

  it('clearing the filters empties the boxes and searches everything', async () => {
    const catalog = new FakeCatalogRepository();
    const bloc = new SearchBloc(catalog);
    await bloc.add({ type: 'started' });
    await bloc.add({ type: 'text-changed', value: 'royal' });
    await bloc.add({ type: 'submitted' });
    await bloc.add({ type: 'category-chosen', category: 'food' });
    await bloc.add({ type: 'filters-cleared' });
    expect(bloc.state).toMatchObject({ text: '', applied: {} });
    expect(catalog.searches.at(-1)!.filters).toEqual({});
  });
});

describe('parseRupiah', () => {
  it('reads what people type for an amount', () => {
    expect(parseRupiah('')).toBeUndefined();
    expect(parseRupiah('50.000')).toBe(50_000);
    expect(parseRupiah('Rp 150.000')).toBe(150_000);
    expect(parseRupiah('12,5')).toBeNaN();
    expect(parseRupiah('-5')).toBeNaN();
  });
});

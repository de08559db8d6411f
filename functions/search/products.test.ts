import { describe, expect, it } from 'vitest';
import { embeddedSearchEngine } from './engine/embedded.ts';
import { listingIndexer, type Listing, type ProductListing } from './search.ts';

/** product.listing_updated → the product index: the newest listing wins, unlisted products leave, the rebuild keeps them. */
function memoryProjections<T>(idOf: (item: T) => string) {
  const stored = new Map<string, T & { listingVersion: number }>();
  return {
    async save(item: T & { listingVersion: number }) {
      const current = stored.get(idOf(item));
      if (current && current.listingVersion >= item.listingVersion) return false;
      stored.set(idOf(item), item);
      return true;
    },
    async page() {
      return { items: [...stored.values()], nextCursor: null };
    },
  };
}

const listing = (overrides: Partial<ProductListing> = {}): ProductListing => ({
  productId: '01KAT0000000000000000000P1',
  vendorId: '01KAT0000000000000000000V1',
  vendorName: 'Petshop Makmur',
  listingVersion: 3,
  listed: true,
  name: 'Whiskas Adult Tuna 1,2 kg',
  description: { id: 'Makanan kering rasa tuna', en: 'Dry food, tuna flavour' },
  category: 'food',
  subcategory: 'cat_food',
  price: { amount: 62_000, currency: 'IDR' },
  weightGrams: 1_200,
  taxCategory: 'standard',
  imageUrl: null,
  available: 5,
  inStock: true,
  updatedAt: '2026-11-01T00:00:00.000Z',
  ...overrides,
});

function setup() {
  const engine = embeddedSearchEngine();
  const indexer = listingIndexer({
    engine,
    projections: memoryProjections<Listing>((item) => item.vendorId),
    products: memoryProjections<ProductListing>((item) => item.productId),
  });
  return { engine, indexer };
}

describe('product indexing', () => {
  it('indexes a listed product with its subcategory and labels, so either language finds it', async () => {
    const { engine, indexer } = setup();
    expect(await indexer.applyProduct(listing())).toBe('indexed');
    expect(await engine.getProduct(listing().productId)).toMatchObject({
      subcategory: 'cat_food',
      available: 5,
      descriptionEn: 'Dry food, tuna flavour',
      listingVersion: 3,
    });
    for (const q of ['makanan kucing', 'cat food', 'tuna']) {
      expect(
        (await engine.searchProducts({ q, sort: 'relevance', limit: 10 })).items.map((item) => item.productId),
        q,
      ).toEqual([listing().productId]);
    }
    expect((await engine.searchProducts({ subcategory: 'cat_food', sort: 'relevance', limit: 10 })).items).toHaveLength(
      1,
    );
    expect((await engine.searchProducts({ subcategory: 'dog_food', sort: 'relevance', limit: 10 })).items).toHaveLength(
      0,
    );
  });

  it('keeps the newest listing whatever the delivery order, and removes an unlisted product', async () => {
    const { engine, indexer } = setup();
    await indexer.applyProduct(listing({ listingVersion: 5, available: 0, inStock: false }));
    expect(await indexer.applyProduct(listing({ listingVersion: 4, available: 9 }))).toBe('stale');
    expect(await indexer.applyProduct(listing({ listingVersion: 5, available: 9 }))).toBe('stale');
    expect(await engine.getProduct(listing().productId)).toMatchObject({ available: 0, inStock: false });
    expect(await indexer.applyProduct(listing({ listingVersion: 6, listed: false }))).toBe('removed');
    expect(await engine.getProduct(listing().productId)).toBeUndefined();
  });

  it('the rebuild indexes the listed products again', async () => {
    const { engine, indexer } = setup();
    await indexer.applyProduct(listing());
    await indexer.applyProduct(listing({ productId: '01KAT0000000000000000000P2', listed: false }));
    expect(await indexer.reindex()).toEqual({ indexed: 0, products: 1 });
    expect((await engine.searchProducts({ sort: 'relevance', limit: 10 })).items.map((item) => item.productId)).toEqual(
      [listing().productId],
    );
  });
});

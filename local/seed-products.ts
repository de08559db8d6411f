import { Refusal } from '#shared/lib/refusal.ts';
import { newId } from '#shared/lib/ids.ts';
import { PRODUCT_SUBCATEGORIES } from '#shared/lib/pet-care.ts';
import { seededRandom } from '#shared/lib/seeded-random.ts';
import type { Caller } from '#shared/auth/caller.ts';
import { createInput } from '../functions/catalog/schemas.ts';
import { products as catalogProducts } from '../functions/catalog/wiring.ts';
import type { SeedIdentity } from './seed-vendors.ts';
import { DEMO_PRODUCTS } from './fixtures/demo-products.ts';

const PER_SHOP = { min: 4, max: 8 } as const;

/** A rupiah price a shop would print: ±10 %, rounded to Rp500. */
const shopPrice = (random: () => number, price: number) =>
  Math.max(500, Math.round((price * (0.9 + random() * 0.2)) / 500) * 500);

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Creates one product. The catalog learns of a vendor from its listing event: until then a create
 * is 409 `vendor-not-selling`, so wait for it. A 409 `sku-taken` means an earlier, interrupted
 * seeding already created this product (each demo product has its own SKU in its shop): done.
 */
async function create(work: () => Promise<unknown>, signal: AbortSignal | undefined): Promise<'created' | 'existed'> {
  const deadline = Date.now() + 120_000;
  for (let wait = 50; ; wait = Math.min(wait * 2, 500)) {
    try {
      await work();
      return 'created';
    } catch (error) {
      if (error instanceof Refusal && error.code === 'sku-taken') return 'existed';
      if (!(error instanceof Refusal && error.code === 'vendor-not-selling') || Date.now() > deadline) throw error;
    }
    signal?.throwIfAborted();
    await pause(wait);
  }
}

/** The demo products of a shop: 4–8 of DEMO_PRODUCTS, prices and stock drawn from the shop's name (the same every time). */
export function demoProductsOf(shopName: string) {
  const random = seededRandom(
    [...shopName].reduce((hash, char) => Math.imul(hash ^ char.charCodeAt(0), 16_777_619), 2_166_136_261),
  );
  const picks = [...DEMO_PRODUCTS.keys()]
    .sort(() => random() - 0.5)
    .slice(0, PER_SHOP.min + Math.floor(random() * (PER_SHOP.max - PER_SHOP.min + 1)));
  return picks.map((index) => {
    const product = DEMO_PRODUCTS[index]!;
    return createInput.parse({
      name: product.name,
      description: { id: product.id, en: product.en },
      category: PRODUCT_SUBCATEGORIES[product.subcategory].category,
      subcategory: product.subcategory,
      price: { amount: shopPrice(random, product.price), currency: 'IDR' },
      weightGrams: product.weightGrams,
      sku: `PP-${String(index + 1).padStart(3, '0')}`,
      taxCategory: product.taxCategory ?? 'standard',
      // About one in eight sold out.
      initialStock: random() < 0.125 ? 0 : 3 + Math.floor(random() * 60),
    });
  });
}

/**
 * Gives a demo shop a few real-looking products (Royal Canin, Whiskas, Me-O, Pedigree, obat
 * cacing, pasir kucing…) with stock, through the catalog use cases — as the shop's admin would —
 * so `npm run dev` shows products in search. Deterministic per shop name; safe to run again.
 * Returns how many products the shop has.
 */
export async function stockDemoShop(
  shop: { vendorId: string; name: string; owner: SeedIdentity },
  signal?: AbortSignal,
): Promise<number> {
  const owner: Caller = {
    auth: { userId: shop.owner.userId, username: shop.owner.username, groups: shop.owner.groups },
    correlationId: `seed-${newId()}`,
  };
  const products = demoProductsOf(shop.name);
  for (const input of products) {
    signal?.throwIfAborted();
    await create(() => catalogProducts().create(owner, shop.vendorId, input), signal);
  }
  return products.length;
}

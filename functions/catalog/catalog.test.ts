import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import type { EventData } from '#shared/events/catalog.ts';
import { OUTBOX_KEY_PREFIX } from '#shared/events/outbox.ts';
import type { HttpProblem } from '#shared/http/problem.ts';
import { newId } from '#shared/lib/ids.ts';
import { dynamo } from '#shared/table/client.ts';
import { tableName } from '#shared/table/definition.ts';
import { commitWithEvents } from '#shared/table/transact.ts';
import { reserveItems } from '#shared/table/stock.ts';
import { refusalOf, useLocalDynamo } from '#local/testing.ts';
import type { Caller } from '#shared/auth/caller.ts';
import { listingsService } from './listings.ts';
import type { CatalogPorts, ImageStorage } from './model.ts';
import { productImagesService } from './product-images.ts';
import { productsService } from './products.ts';
import { createInput } from './schemas.ts';
import { stockAdjustmentsService } from './stock-adjustments.ts';
import { dynamoCatalogStore } from './store.ts';

/** Every area's use cases on the same ports, as one object (each handler builds only its own area). */
function allAreas(ports: CatalogPorts) {
  return {
    ...productsService(ports),
    ...productImagesService(ports),
    ...stockAdjustmentsService(ports),
    ...listingsService(ports),
  };
}

/** The catalog rules on the real store (DynamoDB Local): access, SKUs, stock audit, listing events. */

const images: ImageStorage = {
  presignUpload: async (key, contentType, sizeBytes) => ({
    url: `https://uploads.test/${key}?put`,
    headers: { 'content-type': contentType, 'content-length': String(sizeBytes) },
  }),
  presignDownload: async (key) => `https://uploads.test/${key}?get`,
};
const roles = new Map<string, 'clinic_staff' | 'clinic_admin'>();
const catalog = allAreas({
  store: dynamoCatalogStore(),
  images,
  staffRole: async (vendorId, userId) => roles.get(`${vendorId}:${userId}`),
});

const person = (name: string, groups: string[] = ['customer']): Caller => ({
  auth: { userId: `${name}-${newId()}`, username: `${name}@example.id`, groups: groups as Caller['auth']['groups'] },
  correlationId: `test-${newId()}`,
});

let listingVersion = 10;
async function vendor(kind: 'shop' | 'clinic' | 'groomer' = 'shop', listed = true) {
  const vendorId = newId();
  const admin = person('admin');
  const staff = person('staff');
  roles.set(`${vendorId}:${admin.auth.userId}`, 'clinic_admin');
  roles.set(`${vendorId}:${staff.auth.userId}`, 'clinic_staff');
  await catalog.saveVendorListing(listing(vendorId, kind, listed, 'Petshop Uji'), 'test');
  return { vendorId, admin, staff };
}

function listing(
  vendorId: string,
  kind: 'shop' | 'clinic' | 'groomer',
  listed: boolean,
  name: string,
): EventData<'vendor.listing_updated'> {
  listingVersion += 1;
  return {
    vendorId,
    listingVersion,
    listed,
    name,
    kind,
    description: null,
    address: 'Jl. Uji 1',
    city: 'Jakarta',
    province: 'DKI Jakarta',
    lat: -6.2,
    lon: 106.8,
    phone: '+6281234567890',
    rating: null,
    reviewCount: 0,
    services: [],
    schedule: {
      timeZone: 'Asia/Jakarta',
      weekly: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] },
      exceptions: [],
    },
    bookingPolicy: { leadTimeMin: 60, horizonDays: 60, cancelCutoffHours: 24 },
    updatedAt: new Date().toISOString(),
  };
}

const input = (overrides: Record<string, unknown> = {}) =>
  createInput.parse({
    name: 'Royal Canin Kitten 2 kg',
    description: { id: 'Makanan kering untuk anak kucing', en: 'Dry food for kittens' },
    category: 'food',
    subcategory: 'cat_food',
    price: { amount: 285_000, currency: 'IDR' },
    weightGrams: 2_000,
    sku: `RC-K-${newId().slice(-6)}`,
    ...overrides,
  });

async function listingsOf(productId: string): Promise<EventData<'product.listing_updated'>[]> {
  const { Items = [] } = await dynamo().send(new ScanCommand({ TableName: tableName(), ConsistentRead: true }));
  return Items.filter(
    (item) =>
      String(item.pk).startsWith(OUTBOX_KEY_PREFIX) &&
      (item.event as { type: string }).type === 'product.listing_updated',
  )
    .map((item) => (item.event as { data: EventData<'product.listing_updated'> }).data)
    .filter((data) => data.productId === productId)
    .sort((a, b) => a.listingVersion - b.listingVersion);
}

async function problem(work: Promise<unknown>): Promise<HttpProblem> {
  const refused = await refusalOf(work);
  expect(refused).toBeDefined();
  return refused!;
}

useLocalDynamo();

describe('products', () => {
  it('a shop admin adds a product with its stock, the first adjustment and a listing event', async () => {
    const { vendorId, admin } = await vendor();
    const created = await catalog.create(
      admin,
      vendorId,
      input({ initialStock: 12, images: [{ contentType: 'image/jpeg', sizeBytes: 1000 }] }),
    );
    expect(created).toMatchObject({
      category: 'food',
      subcategory: 'cat_food',
      taxCategory: 'standard',
      active: true,
      version: 1,
      stock: { onHand: 12, reserved: 0, available: 12 },
    });
    expect(created.uploads).toHaveLength(1);
    expect(created.uploads[0]!.uploadUrl).toContain(
      `products/${vendorId}/${created.productId}/${created.uploads[0]!.imageId}.jpg`,
    );
    expect(created.images.map((image) => image.imageId)).toEqual([created.uploads[0]!.imageId]);
    const [event] = await listingsOf(created.productId);
    expect(event).toMatchObject({
      listed: true,
      vendorName: 'Petshop Uji',
      available: 12,
      inStock: true,
      price: { amount: 285_000, currency: 'IDR' },
    });
    expect(event!.imageUrl).toContain('?get');
    const history = await catalog.stockHistory(admin, vendorId, created.productId, 10);
    expect(history.items).toEqual([
      expect.objectContaining({ delta: 12, by: { userId: admin.auth.userId, username: admin.auth.username } }),
    ]);
  });

  it('groomers cannot sell (403), unlisted vendors cannot add products (409), staff cannot manage (403), strangers get 404', async () => {
    const groomer = await vendor('groomer');
    expect((await problem(catalog.create(groomer.admin, groomer.vendorId, input()))).key).toBe('products-not-offered');
    const suspended = await vendor('clinic', false);
    expect((await problem(catalog.create(suspended.admin, suspended.vendorId, input()))).status).toBe(409);
    const shop = await vendor();
    expect((await problem(catalog.create(shop.staff, shop.vendorId, input()))).status).toBe(403);
    const other = await vendor();
    for (const attempt of [
      catalog.create(other.admin, shop.vendorId, input()),
      catalog.list(other.staff, shop.vendorId, 10),
      catalog.list(person('pembeli'), shop.vendorId, 10),
    ]) {
      expect((await problem(attempt)).status).toBe(404);
    }
    expect((await catalog.list(person('admin', ['platform_admin']), shop.vendorId, 10)).items).toEqual([]);
  });

  it('keeps SKUs unique per vendor (case-insensitive), frees the old one on a change', async () => {
    const { vendorId, admin } = await vendor();
    const first = await catalog.create(admin, vendorId, input({ sku: 'WHISKAS-1' }));
    expect((await problem(catalog.create(admin, vendorId, input({ sku: 'whiskas-1' })))).key).toBe('sku-taken');
    const second = await catalog.create(admin, vendorId, input({ sku: 'WHISKAS-2' }));
    expect(
      (await problem(catalog.update(admin, vendorId, second.productId, { sku: 'Whiskas-1' }, undefined))).key,
    ).toBe('sku-taken');
    await catalog.update(admin, vendorId, first.productId, { sku: 'WHISKAS-3' }, undefined);
    expect((await catalog.update(admin, vendorId, second.productId, { sku: 'WHISKAS-1' }, undefined)).sku).toBe(
      'WHISKAS-1',
    );
    // Another vendor may use the same SKU.
    const other = await vendor();
    await catalog.create(other.admin, other.vendorId, input({ sku: 'WHISKAS-1' }));
  });

  it('changes a product on its version (If-Match), moving the category with the subcategory, and republishes it', async () => {
    const { vendorId, admin } = await vendor();
    const created = await catalog.create(admin, vendorId, input());
    const updated = await catalog.update(
      admin,
      vendorId,
      created.productId,
      { subcategory: 'wet_food', price: { amount: 19_500, currency: 'IDR' }, taxCategory: 'exempt' },
      1,
    );
    expect(updated).toMatchObject({
      version: 2,
      category: 'food',
      subcategory: 'wet_food',
      price: { amount: 19_500 },
      taxCategory: 'exempt',
    });
    expect((await problem(catalog.update(admin, vendorId, created.productId, { name: 'Basi' }, 1))).key).toBe(
      'version-mismatch',
    );
    const moved = await catalog.update(
      admin,
      vendorId,
      created.productId,
      { category: 'health', subcategory: 'dewormers', active: false },
      2,
    );
    expect(moved).toMatchObject({ category: 'health', subcategory: 'dewormers', active: false });
    const events = await listingsOf(created.productId);
    expect(events.map((event) => event.listed)).toEqual([true, true, false]);
    expect(new Set(events.map((event) => event.listingVersion)).size).toBe(3);
  });

  it('adds images up to 8 and keeps the ones a PATCH names, in its order', async () => {
    const { vendorId, admin } = await vendor();
    const created = await catalog.create(admin, vendorId, input());
    const ids: string[] = [];
    for (let i = 0; i < 8; i += 1)
      ids.push(
        (
          await catalog.requestImageUpload(admin, vendorId, created.productId, {
            contentType: 'image/png',
            sizeBytes: 2000,
          })
        ).imageId,
      );
    expect(
      (
        await problem(
          catalog.requestImageUpload(admin, vendorId, created.productId, { contentType: 'image/png', sizeBytes: 2000 }),
        )
      ).key,
    ).toBe('image-limit');
    const kept = await catalog.update(admin, vendorId, created.productId, { images: [ids[3]!, ids[0]!] }, undefined);
    expect(kept.images.map((image) => image.imageId)).toEqual([ids[3], ids[0]]);
    expect(
      (await problem(catalog.update(admin, vendorId, created.productId, { images: [newId()] }, undefined))).key,
    ).toBe('image-unknown');
  });
});

describe('stock', () => {
  it('staff adjust with a reason, audited; never below what is reserved (409)', async () => {
    const { vendorId, admin, staff } = await vendor();
    const created = await catalog.create(admin, vendorId, input({ initialStock: 5 }));
    await commitWithEvents(reserveItems(newId(), [{ productId: created.productId, quantity: 3 }]));
    const after = await catalog.adjustStock(staff, vendorId, created.productId, {
      delta: 10,
      reason: 'Barang masuk dari distributor',
    });
    expect(after).toMatchObject({ onHand: 15, reserved: 3, available: 12 });
    const refused = await problem(
      catalog.adjustStock(staff, vendorId, created.productId, { delta: -13, reason: 'Rusak' }),
    );
    expect(refused).toMatchObject({ status: 409, key: 'stock-below-reserved' });
    await catalog.adjustStock(staff, vendorId, created.productId, { delta: -12, reason: 'Stok opname' });
    const history = await catalog.stockHistory(staff, vendorId, created.productId, 10);
    expect(
      history.items.map(({ delta, reason, by, onHand, available }) => ({
        delta,
        reason,
        by: by.userId,
        onHand,
        available,
      })),
    ).toEqual([
      { delta: -12, reason: 'Stok opname', by: staff.auth.userId, onHand: 3, available: 0 },
      { delta: 10, reason: 'Barang masuk dari distributor', by: staff.auth.userId, onHand: 15, available: 12 },
      { delta: 5, reason: 'Stok awal / initial stock', by: admin.auth.userId, onHand: 5, available: 5 },
    ]);
    const events = await listingsOf(created.productId);
    expect(events.at(-1)).toMatchObject({ available: 0, inStock: false });
  });

  it('concurrent adjustments all land (each re-read on a race), each audited once', async () => {
    const { vendorId, admin, staff } = await vendor();
    const created = await catalog.create(admin, vendorId, input());
    await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        catalog.adjustStock(staff, vendorId, created.productId, { delta: i + 1, reason: `Masuk ${i}` }),
      ),
    );
    expect((await catalog.get(staff, vendorId, created.productId)).stock).toMatchObject({ onHand: 15, available: 15 });
    expect((await catalog.stockHistory(staff, vendorId, created.productId, 20)).items).toHaveLength(5);
  });
});

describe('listings', () => {
  it('republish every product when the vendor is suspended or renamed, once per change; a stale listing changes nothing', async () => {
    const { vendorId, admin } = await vendor();
    const products = await Promise.all([0, 1, 2].map(() => catalog.create(admin, vendorId, input())));
    await catalog.saveVendorListing(listing(vendorId, 'shop', false, 'Petshop Uji'), 'suspend');
    for (const product of products)
      expect((await listingsOf(product.productId)).at(-1)).toMatchObject({ listed: false });
    const stale = { ...listing(vendorId, 'shop', true, 'Lama'), listingVersion: 1 };
    expect(await catalog.saveVendorListing(stale, 'late')).toBe('stale');
    const renamed = listing(vendorId, 'shop', true, 'Petshop Baru');
    await catalog.saveVendorListing(renamed, 'rename');
    await catalog.saveVendorListing(renamed, 'redelivered');
    for (const product of products) {
      const events = await listingsOf(product.productId);
      expect(events.map((event) => [event.listed, event.vendorName])).toEqual([
        [true, 'Petshop Uji'],
        [false, 'Petshop Uji'],
        [true, 'Petshop Baru'],
      ]);
    }
  });

  it('publishes the availability again after checkout moved stock (stock.changed)', async () => {
    const { vendorId, admin } = await vendor();
    const created = await catalog.create(admin, vendorId, input({ initialStock: 2 }));
    await commitWithEvents(reserveItems(newId(), [{ productId: created.productId, quantity: 2 }]));
    await catalog.refreshListings([created.productId, created.productId], 'checkout');
    const events = await listingsOf(created.productId);
    expect(events.map((event) => event.available)).toEqual([2, 0]);
    expect(events[1]!.listingVersion).toBeGreaterThan(events[0]!.listingVersion);
  });
});

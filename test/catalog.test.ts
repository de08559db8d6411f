import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '#shared/lib/ids.ts';
import { reserveItems } from '#shared/table/stock.ts';
import { commitWithEvents } from '#shared/table/transact.ts';
import {
  approvedVendor,
  bootPlatform,
  eventually,
  signedUpUser,
  tableItems,
  withGroup,
  type TestPlatform,
  type TestUser,
} from './support.ts';

/**
 * The catalog over the local platform: real HTTP, DynamoDB Local, S3 stand-in, events to search.
 * A shop's admin adds products (with an image), its staff adjust stock (audited), the products
 * reach GET /v1/products; nobody else gets near them.
 */
let t: TestPlatform;
let admin: TestUser;
let owner: TestUser;
let otherOwner: TestUser;
let groomerOwner: TestUser;
let customer: TestUser;
let shopId = '';
let otherShopId = '';
let groomerId = '';

type Product = {
  productId: string;
  version: number;
  name: string;
  sku: string;
  active: boolean;
  images: { imageId: string; url: string }[];
  stock: { onHand: number; reserved: number; available: number };
  uploads: { imageId: string; uploadUrl: string; uploadHeaders: Record<string, string> }[];
};
type Listed = {
  productId: string;
  vendorId: string;
  name: string;
  inStock: boolean;
  available?: number;
  subcategory?: string;
  imageUrl: string | null;
};

const IMAGE = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

const product = (overrides: Record<string, unknown> = {}) => ({
  name: 'Whiskas Tuna 1,2 kg',
  description: { id: 'Makanan kering kucing dewasa rasa tuna', en: 'Dry food for adult cats, tuna' },
  category: 'food',
  subcategory: 'cat_food',
  price: { amount: 62_000, currency: 'IDR' },
  weightGrams: 1_200,
  sku: `WHI-${newId().slice(-8)}`,
  ...overrides,
});

const create = (vendorId: string, body: Record<string, unknown>, user: TestUser = owner, key?: string) =>
  t.api.post<Product>(`/v1/vendors/${vendorId}/products`, body, {
    token: user.accessToken,
    ...(key ? { headers: { 'idempotency-key': key } } : {}),
  });

beforeAll(async () => {
  t = await bootPlatform();
  [admin, owner, otherOwner, groomerOwner, customer] = await Promise.all([
    signedUpUser(t.api),
    signedUpUser(t.api, { name: 'Agus Toko' }),
    signedUpUser(t.api),
    signedUpUser(t.api),
    signedUpUser(t.api, { name: 'Budi' }),
  ]);
  admin = await withGroup(t, admin, 'platform_admin');
  const suffix = Date.now().toString(36);
  [shopId, otherShopId, groomerId] = await Promise.all([
    approvedVendor(t, owner, admin, `Petshop Katalog ${suffix}`, 'shop'),
    approvedVendor(t, otherOwner, admin, `Petshop Lain ${suffix}`, 'shop'),
    approvedVendor(t, groomerOwner, admin, `Salon Bulu ${suffix}`, 'groomer'),
  ]);
  await t.platform.eventsIdle();
}, 180_000);

afterAll(async () => {
  await t?.stop();
});

describe('catalog', () => {
  let productId = '';

  it('a shop admin adds a product with an image (Idempotency-Key: once), and the image is served', async () => {
    const key = `create-${newId()}`;
    const body = product({ initialStock: 0, images: [{ contentType: 'image/png', sizeBytes: IMAGE.length }] });
    const created = await create(shopId, body, owner, key);
    expect(created.status).toBe(201);
    expect(created.headers.get('etag')).toBe('"1"');
    expect(created.body).toMatchObject({
      name: body.name,
      category: 'food',
      subcategory: 'cat_food',
      taxCategory: 'standard',
      stock: { onHand: 0, reserved: 0, available: 0 },
    });
    productId = created.body.productId;
    const [upload] = created.body.uploads;
    const put = await fetch(upload!.uploadUrl, { method: 'PUT', headers: upload!.uploadHeaders, body: IMAGE });
    expect(put.status).toBe(200);

    const again = await create(shopId, body, owner, key);
    expect(again.status).toBe(201);
    expect(again.body.productId).toBe(productId);

    const read = await t.api.get<Product>(`/v1/vendors/${shopId}/products/${productId}`, { token: owner.accessToken });
    expect(read.body.images.map((image) => image.imageId)).toEqual([upload!.imageId]);
    const image = await fetch(read.body.images[0]!.url);
    expect(image.status).toBe(200);
    expect(Buffer.from(await image.arrayBuffer())).toEqual(IMAGE);

    const more = await t.api.post<{ imageId: string; uploadUrl: string; uploadHeaders: Record<string, string> }>(
      `/v1/vendors/${shopId}/products/${productId}/images`,
      { contentType: 'image/jpeg', sizeBytes: 3 },
      { token: owner.accessToken },
    );
    expect(more.status).toBe(201);
    expect(
      (await fetch(more.body.uploadUrl, { method: 'PUT', headers: more.body.uploadHeaders, body: 'abc' })).status,
    ).toBe(200);
  });

  it('staff adjust stock with a reason; the history shows who and why', async () => {
    const adjusted = await t.api.post<{ onHand: number; available: number }>(
      `/v1/vendors/${shopId}/products/${productId}/stock`,
      { delta: 24, reason: 'Barang masuk dari distributor' },
      { token: owner.accessToken },
    );
    expect(adjusted.status).toBe(200);
    expect(adjusted.body).toMatchObject({ onHand: 24, available: 24 });
    const history = await t.api.get<{
      items: { delta: number; reason: string; by: { userId: string; username: string } }[];
    }>(`/v1/vendors/${shopId}/products/${productId}/stock/history`, { token: owner.accessToken });
    expect(history.status).toBe(200);
    expect(history.body.items).toEqual([
      expect.objectContaining({
        delta: 24,
        reason: 'Barang masuk dari distributor',
        by: { userId: owner.userId, username: expect.any(String) },
        onHand: 24,
        available: 24,
      }),
    ]);
    const list = await t.api.get<{ items: Product[] }>(`/v1/vendors/${shopId}/products`, { token: owner.accessToken });
    expect(list.body.items.map((item) => [item.productId, item.stock.available])).toEqual([[productId, 24]]);
  });

  it('the product appears in GET /v1/products, in stock, and in its subcategory', async () => {
    await t.platform.eventsIdle();
    const found = await eventually('the product in search', async () => {
      const page = await t.api.get<{ items: Listed[] }>(`/v1/products?vendorId=${shopId}&inStock=true`);
      return page.body.items.find((item) => item.productId === productId && item.available === 24);
    });
    expect(found).toMatchObject({ vendorId: shopId, inStock: true, subcategory: 'cat_food' });
    expect(found.imageUrl).toMatch(/^http/);
    const one = await t.api.get<Listed>(`/v1/products/${productId}`);
    expect(one.status).toBe(200);
    const byText = await t.api.get<{ items: Listed[] }>(
      `/v1/products?q=${encodeURIComponent('makanan kucing')}&subcategory=cat_food`,
    );
    expect(byText.body.items.map((item) => item.productId)).toContain(productId);
    const categories = await t.api.get<{ items: { category: string; subcategories: { subcategory: string }[] }[] }>(
      '/v1/categories',
    );
    expect(
      categories.body.items.find((item) => item.category === 'food')?.subcategories.map((sub) => sub.subcategory),
    ).toContain('cat_food');
  });

  it('changes a product on its version (If-Match); a stale version is 409; inactive products leave search', async () => {
    const stale = await t.api.patch(
      `/v1/vendors/${shopId}/products/${productId}`,
      { name: 'Basi' },
      { token: owner.accessToken, headers: { 'if-match': '"1"' } },
    );
    expect(stale.status).toBe(409);
    const current = await t.api.get<Product>(`/v1/vendors/${shopId}/products/${productId}`, {
      token: owner.accessToken,
    });
    const changed = await t.api.patch<Product>(
      `/v1/vendors/${shopId}/products/${productId}`,
      { price: { amount: 59_000, currency: 'IDR' }, active: false },
      { token: owner.accessToken, headers: { 'if-match': `"${current.body.version}"` } },
    );
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).toBe(`"${current.body.version + 1}"`);
    await t.platform.eventsIdle();
    await eventually('the product to leave search', async () =>
      (await t.api.get(`/v1/products/${productId}`)).status === 404 ? true : undefined,
    );
    expect(
      (await t.api.patch(`/v1/vendors/${shopId}/products/${productId}`, { active: true }, { token: owner.accessToken }))
        .status,
    ).toBe(200);
  });

  it('an adjustment below what is reserved is 409 and changes nothing', async () => {
    await commitWithEvents(reserveItems(newId(), [{ productId, quantity: 20 }]));
    await t.platform.eventsIdle();
    const before = await tableItems(t.platform);
    const refused = await t.api.post(
      `/v1/vendors/${shopId}/products/${productId}/stock`,
      { delta: -5, reason: 'Rusak' },
      { token: owner.accessToken },
    );
    expect(refused.status).toBe(409);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.body).toMatchObject({
      type: 'https://petpro.id/problems/stock-below-reserved',
      reserved: 20,
      available: 4,
    });
    await t.platform.eventsIdle();
    expect(await tableItems(t.platform)).toEqual(before);
    expect(
      (
        await t.api.post(
          `/v1/vendors/${shopId}/products/${productId}/stock`,
          { delta: -4, reason: 'Rusak' },
          { token: owner.accessToken },
        )
      ).status,
    ).toBe(200);
  });

  it('staff of another vendor and customers get 404 on every catalog route, and nothing changes', async () => {
    await t.platform.eventsIdle();
    const before = await tableItems(t.platform);
    const base = `/v1/vendors/${shopId}/products`;
    for (const user of [otherOwner, customer]) {
      const answers = [
        await create(shopId, product(), user),
        await t.api.get(base, { token: user.accessToken }),
        await t.api.get(`${base}/${productId}`, { token: user.accessToken }),
        await t.api.patch(`${base}/${productId}`, { name: 'Dicuri' }, { token: user.accessToken }),
        await t.api.post(
          `${base}/${productId}/images`,
          { contentType: 'image/png', sizeBytes: 10 },
          { token: user.accessToken },
        ),
        await t.api.post(`${base}/${productId}/stock`, { delta: 100, reason: 'x' }, { token: user.accessToken }),
        await t.api.get(`${base}/${productId}/stock/history`, { token: user.accessToken }),
        // The other vendor's own catalog does not hold this product either.
        await t.api.get(`/v1/vendors/${otherShopId}/products/${productId}`, { token: otherOwner.accessToken }),
      ];
      expect(answers.map((answer) => answer.status)).toEqual([404, 404, 404, 404, 404, 404, 404, 404]);
    }
    expect((await t.api.get(base)).status).toBe(401);
    await t.platform.eventsIdle();
    expect(await tableItems(t.platform)).toEqual(before);
  });

  it('groomers cannot sell products (403, a clear problem)', async () => {
    const refused = await create(groomerId, product(), groomerOwner);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ type: 'https://petpro.id/problems/products-not-offered' });
  });

  it('a taken SKU is 409', async () => {
    const sku = `SKU-${newId().slice(-6)}`;
    expect((await create(shopId, product({ sku }))).status).toBe(201);
    const taken = await create(shopId, product({ sku: sku.toLowerCase() }));
    expect(taken.status).toBe(409);
    expect(taken.body).toMatchObject({ type: 'https://petpro.id/problems/sku-taken' });
  });

  it('bad input is a 400 problem+json naming the field, and nothing is written', async () => {
    await t.platform.eventsIdle();
    const base = `/v1/vendors/${shopId}/products`;
    const token = { token: owner.accessToken };
    const cases: [() => Promise<{ status: number; headers: Headers; body: unknown }>, string][] = [
      [() => create(shopId, product({ subcategory: 'dog_toys' })), 'body.subcategory'],
      [() => create(shopId, product({ category: 'weapons' })), 'body.category'],
      [() => create(shopId, product({ price: { amount: -1, currency: 'IDR' } })), 'body.price'],
      [() => create(shopId, product({ price: { amount: 10, currency: 'USD' } })), 'body.price'],
      [() => create(shopId, product({ weightGrams: 1.5 })), 'body.weightGrams'],
      [() => create(shopId, product({ sku: 'has spaces' })), 'body.sku'],
      [() => create(shopId, product({ taxCategory: 'luxury' })), 'body.taxCategory'],
      [() => create(shopId, product({ owner: 'someone' })), 'body'],
      [() => create(shopId, product({ images: [{ contentType: 'application/pdf', sizeBytes: 10 }] })), 'body.images'],
      [
        () => create(shopId, product({ images: [{ contentType: 'image/png', sizeBytes: 50 * 1024 * 1024 }] })),
        'body.images',
      ],
      [() => create(shopId, { ...product(), name: undefined }), 'body.name'],
      [() => t.api.patch(`${base}/${productId}`, {}, token), 'body'],
      [() => t.api.patch(`${base}/${productId}`, { category: 'toys' }, token), 'body.subcategory'],
      [
        () => t.api.patch(`${base}/${productId}`, { name: 'X' }, { ...token, headers: { 'if-match': 'abc' } }),
        'headers.if-match',
      ],
      [() => t.api.post(`${base}/${productId}/stock`, { delta: 0, reason: 'nol' }, token), 'body.delta'],
      [() => t.api.post(`${base}/${productId}/stock`, { delta: 2.5, reason: 'x' }, token), 'body.delta'],
      [() => t.api.post(`${base}/${productId}/stock`, { delta: 5 }, token), 'body.reason'],
      [
        () => t.api.post(`${base}/${productId}/images`, { contentType: 'image/gif', sizeBytes: 10 }, token),
        'body.contentType',
      ],
      [() => t.api.get(`${base}/not-an-id`, token), 'params.productId'],
      [() => t.api.get(`${base}?limit=1000`, token), 'query.limit'],
      [() => t.api.get(`/v1/products?subcategory=dragons`), 'query.subcategory'],
    ];
    for (const [send, path] of cases) {
      const before = await tableItems(t.platform);
      const response = await send();
      expect(response.status, path).toBe(400);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(
        (response.body as { errors?: { path: string }[] }).errors?.map((error) => error.path),
        path,
      ).toContainEqual(expect.stringContaining(path));
      expect(await tableItems(t.platform)).toEqual(before);
    }
  });
});

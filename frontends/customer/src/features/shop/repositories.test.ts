import { OfflineError } from '@petpro/api-client';
import { describe, expect, it } from 'vitest';
import { ApiCartRepository, groupCart } from './cart-repository';
import { ApiCatalogRepository, toCategoryTree } from './catalog-repository';
import { ApiCheckoutRepository } from './checkout-repository';
import { ApiOrdersRepository, canCancel } from './orders-repository';
import { catLitter, kittenFood, order } from './fakes';
import { recordingApi, type SentRequest } from '../../testing/recording-api';

/** The API client over a scripted fetch: each call is recorded (`seen`) and answered by `answer`. */
function clientAnswering(answer: (seen: SentRequest) => Response | Promise<Response>) {
  const { api, sent } = recordingApi(answer);
  return { api, seen: sent };
}

const json = (body: unknown, status = 200) => Response.json(body, { status });

describe('ApiCatalogRepository', () => {
  it('sends only the filters that are set, in stock as inStock=true, and reads the category facet', async () => {
    const { api, seen } = clientAnswering(() =>
      json({
        items: [kittenFood],
        nextCursor: 'c2',
        facets: { category: [{ value: 'food', count: 39 }], vendor: [], priceBand: [] },
      }),
    );
    const page = await new ApiCatalogRepository(api).search(
      { q: '  royal ', category: 'food', minPrice: 50_000, inStockOnly: true },
      'c1',
    );
    const query = Object.fromEntries(seen[0]!.url.searchParams);
    expect(seen[0]!.url.pathname).toBe('/v1/products');
    expect(query).toEqual({
      q: 'royal',
      category: 'food',
      minPrice: '50000',
      inStock: 'true',
      cursor: 'c1',
      limit: '20',
    });
    expect(page).toEqual({ items: [kittenFood], nextCursor: 'c2', categoryCounts: { food: 39 } });
  });

  it('reads the category tree (a route without a response schema) and leaves out what is malformed', async () => {
    const { api } = clientAnswering(() =>
      json({
        items: [
          {
            category: 'food',
            label: { id: 'Makanan', en: 'Food' },
            subcategories: [{ subcategory: 'cat_food', label: { id: 'Makanan kucing', en: 'Cat food' } }, { x: 1 }],
          },
          { label: 'no category' },
        ],
      }),
    );
    expect(await new ApiCatalogRepository(api).categories()).toEqual([
      {
        category: 'food',
        label: { id: 'Makanan', en: 'Food' },
        subcategories: [{ subcategory: 'cat_food', label: { id: 'Makanan kucing', en: 'Cat food' } }],
      },
    ]);
    expect(toCategoryTree('nonsense')).toEqual([]);
  });

  it('turns a network failure into the client OfflineError', async () => {
    const { api } = clientAnswering(() => {
      throw new TypeError('fetch failed');
    });
    await expect(new ApiCatalogRepository(api).product(kittenFood.productId)).rejects.toBeInstanceOf(OfflineError);
  });
});

describe('ApiCartRepository and groupCart', () => {
  it('PUTs the quantity and DELETEs a line by product', async () => {
    const cart = { items: [], warnings: [] };
    const { api, seen } = clientAnswering(() => json(cart));
    const repository = new ApiCartRepository(api);
    await repository.setQuantity('01PRODA0000000000000000000', 3);
    await repository.remove('01PRODA0000000000000000000');
    expect(seen.map((call) => `${call.method} ${call.url.pathname}`)).toEqual([
      'PUT /v1/me/cart/items/01PRODA0000000000000000000',
      'DELETE /v1/me/cart/items/01PRODA0000000000000000000',
    ]);
    expect(seen[0]!.body).toEqual({ quantity: 3 });
  });

  it('groups the lines by shop with their warnings; a gone or short line blocks checkout, a new price does not', () => {
    const line = (p: typeof kittenFood, quantity: number) => ({
      productId: p.productId,
      vendorId: p.vendorId,
      vendorName: p.vendorName,
      name: p.name,
      quantity,
      unitPrice: p.price.amount,
      unitPriceSeen: p.price.amount,
      available: p.available ?? 0,
      imageUrl: null,
    });
    const grouped = groupCart({
      items: [line(kittenFood, 2), line(catLitter, 1)],
      warnings: [{ productId: kittenFood.productId, problem: 'price_changed', seen: 280_000, now: 289_000 }],
    });
    expect(grouped.shops.map((shop) => [shop.vendorName, shop.subtotal])).toEqual([
      ['Sahabat Anabul Petshop', 578_000],
      ['Toko Hewan Karya Satwa', 67_000],
    ]);
    expect(grouped.shops[0]!.lines[0]!.warnings.map((w) => w.problem)).toEqual(['price_changed']);
    expect(grouped).toMatchObject({ count: 3, subtotal: 645_000, blocked: false });
    const short = groupCart({
      items: [line(catLitter, 5)],
      warnings: [{ productId: catLitter.productId, problem: 'not_enough_stock', available: 3 }],
    });
    expect(short.blocked).toBe(true);
  });
});

describe('ApiCheckoutRepository', () => {
  it('asks rates from the shop to the address for the parcel, whole grams within the couriers’ limits', async () => {
    const { api, seen } = clientAnswering(() => json({ items: [] }));
    const repository = new ApiCheckoutRepository(api);
    await repository.rates('01SHOPA0000000000000000000', '01ADDR00000000000000000000', 1300.4, 56_500);
    await repository.rates('01SHOPA0000000000000000000', '01ADDR00000000000000000000', 80_000, 0);
    expect(seen[0]!.body).toEqual({
      originVendorId: '01SHOPA0000000000000000000',
      destinationAddressId: '01ADDR00000000000000000000',
      weightGrams: 1301,
      value: 56_500,
    });
    expect((seen[1]!.body as { weightGrams: number }).weightGrams).toBe(50_000);
  });

  it('sends checkout with its Idempotency-Key and reads the payment page', async () => {
    const { api, seen } = clientAnswering(() =>
      json(
        {
          checkoutId: 'co1',
          status: 'pending_payment',
          total: { amount: 1000, currency: 'IDR' },
          orders: [order({ orderId: 'o1' }), order({ orderId: 'o2' })],
          payment: { paymentId: 'p1', redirectUrl: 'http://localhost:3000/sandbox/pay/p1', expiresAt: 'x' },
        },
        201,
      ),
    );
    const created = await new ApiCheckoutRepository(api).checkout('a1', { v1: 'jne:reg' }, 'key-1');
    expect(seen[0]!.headers.get('Idempotency-Key')).toBe('key-1');
    expect(seen[0]!.body).toEqual({ addressId: 'a1', shipping: { v1: 'jne:reg' } });
    expect(created).toMatchObject({ checkoutId: 'co1', total: 1000, orderIds: ['o1', 'o2'] });
    expect(created.payment?.redirectUrl).toBe('http://localhost:3000/sandbox/pay/p1');
  });

  it('reads a checkout (a route without a response schema): paid, or still without its page', async () => {
    const { api } = clientAnswering((call) =>
      call.url.pathname.endsWith('/co1')
        ? json({ checkoutId: 'co1', status: 'paid', total: { amount: 5 }, orderIds: ['o1'], payment: null })
        : json({ status: 'weird' }),
    );
    const repository = new ApiCheckoutRepository(api);
    expect(await repository.checkoutStatus('co1')).toEqual({
      checkoutId: 'co1',
      status: 'paid',
      total: 5,
      orderIds: ['o1'],
      payment: null,
      expiresAt: null,
    });
    expect((await repository.checkoutStatus('co2')).status).toBe('pending_payment');
  });
});

describe('ApiOrdersRepository and the cancel rule', () => {
  it('pages my orders and cancels with an empty body', async () => {
    const { api, seen } = clientAnswering((call) =>
      call.method === 'GET' ? json({ items: [order()], nextCursor: null }) : json(order({ status: 'cancelled' })),
    );
    const repository = new ApiOrdersRepository(api);
    await repository.mine('next');
    const cancelled = await repository.cancel('01ORDERA000000000000000000');
    expect(Object.fromEntries(seen[0]!.url.searchParams)).toEqual({ limit: '20', cursor: 'next' });
    expect(seen[1]!.url.pathname).toBe('/v1/orders/01ORDERA000000000000000000/cancel');
    expect(seen[1]!.body).toEqual({});
    expect(cancelled.status).toBe('cancelled');
  });

  it('lets the customer cancel a paid order until the shop asks for the courier', () => {
    expect(canCancel(order({ status: 'paid' }))).toBe(true);
    expect(canCancel(order({ status: 'processing' }))).toBe(true);
    expect(canCancel(order({ status: 'pending_payment' }))).toBe(false);
    expect(canCancel(order({ status: 'paid', shipRequestedAt: '2026-12-07T02:00:00.000Z' }))).toBe(false);
    expect(canCancel(order({ status: 'shipped' }))).toBe(false);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthContext } from '#shared/auth/access.ts';
import { HttpProblem } from '#shared/http/problem.ts';
import { newId } from '#shared/lib/ids.ts';
import { commitWithEvents } from '#shared/table/transact.ts';
import { createStockItem, stockLevel } from '#shared/table/stock.ts';
import { startLocalDynamo, type LocalDynamo } from '#local/testing.ts';
import { AUTO_COMPLETE_DAYS, CHECKOUT_HOLD_MINUTES, type ProductListing, type VendorListing } from './model.ts';
import { ordersService, type Caller } from './orders.ts';
import { dynamoOrdersStore } from './store.ts';

/** The order rules on the real store (DynamoDB Local) with a clock the test moves; address and courier price are stubbed ports. */
let local: LocalDynamo;
let clock = new Date('2026-12-01T03:00:00Z');
const staff = new Map<string, 'clinic_staff' | 'clinic_admin'>();
const service = ordersService({
  store: dynamoOrdersStore(),
  address: async (_userId, addressId) => ({ addressId, recipientName: 'Sari', phone: '+6281234567890', line1: 'Jl. Uji 1', city: 'Jakarta', province: 'DKI Jakarta', postalCode: '12345', lat: -6.2, lon: 106.8 }),
  shippingRate: async () => ({ price: 18_000, etaDays: { min: 1, max: 2 } }),
  staffRole: async (vendorId, userId) => staff.get(`${vendorId}/${userId}`),
  commissionRate: () => 0.08,
  now: () => clock,
});

const vendorId = newId();
const caller = (userId: string): Caller => ({ auth: { userId, username: `${userId}@example.id`, groups: [] } as AuthContext, correlationId: 'test' });
const customer = caller(newId());
const vet = caller(newId());

function product(productId: string, price: number, listingVersion = 1): ProductListing {
  return {
    productId, vendorId, vendorName: 'Toko Uji', listingVersion, listed: true, name: 'Whiskas 1,2 kg', description: { id: 'Makanan kucing', en: null },
    category: 'food', subcategory: 'cat_food', price: { amount: price, currency: 'IDR' }, weightGrams: 1_200, taxCategory: 'standard', imageUrl: null,
    available: 10, inStock: true, updatedAt: clock.toISOString(),
  } as ProductListing;
}

beforeAll(async () => {
  local = await startLocalDynamo();
  staff.set(`${vendorId}/${vet.auth.userId}`, 'clinic_staff');
  await service.saveVendor({ vendorId, listingVersion: 1, listed: true, name: 'Toko Uji', kind: 'shop' } as VendorListing);
}, 90_000);
afterAll(async () => {
  await local?.stop();
}, 30_000);

async function problemOf(promise: Promise<unknown>) {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(HttpProblem);
  return { status: (error as HttpProblem).status, key: (error as HttpProblem).key };
}

async function paidOrder(productId: string) {
  await commitWithEvents([createStockItem(productId, 10, clock.toISOString())]);
  await service.saveProduct(product(productId, 62_000));
  await service.setCartItem(customer, productId, 2);
  const choice = { addressId: newId(), shipping: { [vendorId]: 'jne:reg' } };
  await service.quote(customer, choice);
  const { checkout, orders } = await service.checkout(customer, choice);
  await service.markPaid(checkout.checkoutId, 'pay-1', 'c');
  return { checkout, orderId: orders[0]!.orderId };
}

describe('order rules with a moving clock', () => {
  it('the cart warns when a price changed since the product was added', async () => {
    const productId = newId();
    await service.saveProduct(product(productId, 50_000));
    await service.setCartItem(customer, productId, 1);
    await service.saveProduct(product(productId, 55_000, 2));
    expect((await service.cart(customer)).warnings).toContainEqual({ productId, problem: 'price_changed', seen: 50_000, now: 55_000 });
    await service.removeCartItem(customer, productId);
  });

  it('checkout charges only a valid quote of this very cart, address and couriers (else 409 quote-needed)', async () => {
    const productId = newId();
    await commitWithEvents([createStockItem(productId, 10, clock.toISOString())]);
    await service.saveProduct(product(productId, 40_000));
    await service.setCartItem(customer, productId, 1);
    const choice = { addressId: newId(), shipping: { [vendorId]: 'jne:reg' } };
    expect(await problemOf(service.checkout(customer, choice))).toEqual({ status: 409, key: 'quote-needed' });
    await service.quote(customer, choice);
    await service.setCartItem(customer, productId, 2);
    expect(await problemOf(service.checkout(customer, choice))).toEqual({ status: 409, key: 'quote-needed' });
    await service.quote(customer, choice);
    const saved = clock;
    clock = new Date(saved.getTime() + 31 * 60_000);
    try {
      expect(await problemOf(service.checkout(customer, choice))).toEqual({ status: 409, key: 'quote-needed' });
    } finally {
      clock = saved;
    }
    await service.removeCartItem(customer, productId);
  });

  it('checkout prices and reserves; markPaid commits once; the order totals add up', async () => {
    const productId = newId();
    const { checkout, orderId } = await paidOrder(productId);
    const order = (await service.get(customer, orderId))!;
    // 2 × 62.000 = 124.000; DPP 113.667; PPN 13.640; shipping 18.000.
    expect(order).toMatchObject({ status: 'paid', subtotal: 124_000, tax: 13_640, shipping: 18_000, total: 155_640, commission: 9_920 });
    expect(await service.markPaid(checkout.checkoutId, 'pay-1', 'c')).toEqual({ status: 'paid' });
    expect(await stockLevel(productId)).toMatchObject({ onHand: 8, reserved: 0, available: 8 });
  });

  it('the vendor cancels only with a reason; the stock goes back on hand', async () => {
    const productId = newId();
    const { orderId } = await paidOrder(productId);
    expect(await problemOf(service.cancel(vet, orderId, undefined))).toEqual({ status: 422, key: 'validation' });
    expect((await service.cancel(vet, orderId, 'Stok rusak')).status).toBe('cancelled');
    expect(await stockLevel(productId)).toMatchObject({ onHand: 10, available: 10 });
    expect(await problemOf(service.cancel(customer, orderId, undefined))).toEqual({ status: 409, key: 'order-state' });
  });

  it('the sweeper releases checkouts long past their expiry (stock back, orders expired), once, and never a paid one', async () => {
    const productId = newId();
    await commitWithEvents([createStockItem(productId, 10, clock.toISOString())]);
    await service.saveProduct(product(productId, 30_000));
    const choice = { addressId: newId(), shipping: { [vendorId]: 'jne:reg' } };
    await service.setCartItem(customer, productId, 3);
    await service.quote(customer, choice);
    const stale = await service.checkout(customer, choice);
    await service.setCartItem(customer, productId, 1);
    await service.quote(customer, choice);
    const paid = await service.checkout(customer, choice);
    await service.markPaid(paid.checkout.checkoutId, 'pay-paid', 'c');
    expect(await stockLevel(productId)).toMatchObject({ onHand: 9, reserved: 3, available: 6 });
    const saved = clock;
    try {
      clock = new Date(saved.getTime() + (CHECKOUT_HOLD_MINUTES + 9) * 60_000);
      expect(await service.sweepCheckouts(10)).not.toContain(stale.checkout.checkoutId);
      clock = new Date(saved.getTime() + (CHECKOUT_HOLD_MINUTES + 11) * 60_000);
      const swept = await eventuallySwept(stale.checkout.checkoutId);
      expect(swept).not.toContain(paid.checkout.checkoutId);
      expect((await service.get(customer, stale.orders[0]!.orderId)).status).toBe('expired');
      expect(await stockLevel(productId)).toMatchObject({ onHand: 9, reserved: 0, available: 9 });
      // The saga's own release (or a second sweep) finds it done; a late markPaid changes nothing.
      expect(await service.release(stale.checkout.checkoutId, 'payment not completed in time', 'c')).toEqual({ status: 'expired', released: false });
      expect(await service.sweepCheckouts(10)).toEqual([]);
      expect(await service.markPaid(stale.checkout.checkoutId, 'pay-late', 'c')).toEqual({ status: 'expired' });
      expect(await stockLevel(productId)).toMatchObject({ onHand: 9, reserved: 0, available: 9 });
    } finally {
      clock = saved;
    }
  });

  /** The sweeper reads a sparse index (eventually consistent): ask until the checkout shows up. */
  async function eventuallySwept(checkoutId: string): Promise<string[]> {
    for (let attempt = 0; attempt < 20; attempt += 1) {
      const swept = await service.sweepCheckouts(10);
      if (swept.includes(checkoutId)) return swept;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`checkout ${checkoutId} was not swept`);
  }

  it('delivered orders complete on their own after the waiting days, not before', async () => {
    const { orderId } = await paidOrder(newId());
    expect(await service.onShipment(orderId, 'in_transit', 'c')).toBe('shipped');
    expect(await service.onShipment(orderId, 'delivered', 'c')).toBe('delivered');
    const saved = clock;
    try {
      clock = new Date(saved.getTime() + (AUTO_COMPLETE_DAYS * 24 - 1) * 3_600_000);
      expect(await service.autoComplete()).not.toContain(orderId);
      clock = new Date(saved.getTime() + (AUTO_COMPLETE_DAYS * 24 + 1) * 3_600_000);
      expect(await service.autoComplete()).toContain(orderId);
      expect((await service.get(customer, orderId)).status).toBe('completed');
    } finally {
      clock = saved;
    }
  });
});

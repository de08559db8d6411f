import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AuthContext } from '#shared/auth/access.ts';
import type { EventEnvelope } from '#shared/events/catalog.ts';
import { OUTBOX_KEY_PREFIX } from '#shared/events/outbox.ts';
import { newId } from '#shared/lib/ids.ts';
import { dynamo } from '#shared/table/client.ts';
import { tableName } from '#shared/table/definition.ts';
import { rateOffer, saveRateOffers } from '#shared/table/rate-offers.ts';
import { commitWithEvents } from '#shared/table/transact.ts';
import { createStockItem, stockLevel } from '#shared/table/stock.ts';
import { refusalOf, useLocalDynamo } from '#local/testing.ts';
import {
  AUTO_COMPLETE_DAYS,
  CHECKOUT_HOLD_MINUTES,
  type ProductListing,
  type ShipmentChange,
  type VendorListing,
} from './model.ts';
import { cartService } from './cart.ts';
import { checkoutService, type CheckoutPorts } from './checkout.ts';
import { fulfilmentService } from './fulfilment.ts';
import { listingsService } from './listings.ts';
import type { OrderMovesPorts } from './order-moves.ts';
import { ordersService, type Caller } from './orders.ts';
import { sagaService } from './saga.ts';
import { dynamoOrdersStore } from './store.ts';
import { toTrackingView } from './view.ts';

/** Every area's use cases on the same ports, as one object (each handler builds only its own area). */
function allAreas(ports: CheckoutPorts & OrderMovesPorts) {
  return {
    ...listingsService(ports),
    ...cartService(ports),
    ...checkoutService(ports),
    ...sagaService(ports),
    ...ordersService(ports),
  };
}

/**
 * The order rules on the real store (DynamoDB Local) with a clock the test moves; the address and staff
 * roles are stubbed ports. Shipping prices come from rate offers written as shipping publishes them
 * (shared/table/rate-offers.ts), read on the test's clock.
 */
let clock = new Date('2026-12-01T03:00:00Z');
const staff = new Map<string, 'clinic_staff' | 'clinic_admin'>();
const ports: CheckoutPorts & OrderMovesPorts = {
  store: dynamoOrdersStore(),
  address: async (_userId, addressId) => ({
    addressId,
    recipientName: 'Sari',
    phone: '+6281234567890',
    line1: 'Jl. Uji 1',
    city: 'Jakarta',
    province: 'DKI Jakarta',
    postalCode: '12345',
    lat: -6.2,
    lon: 106.8,
  }),
  rateOffer: (key) => rateOffer(key, clock),
  staffRole: async (vendorId, userId) => staff.get(`${vendorId}/${userId}`),
  commissionRate: () => 0.08,
  now: () => clock,
};
const service = allAreas(ports);
const fulfilment = fulfilmentService(ports);

const vendorId = newId();
const caller = (userId: string): Caller => ({
  auth: { userId, username: `${userId}@example.id`, groups: [] } as AuthContext,
  correlationId: 'test',
});
const customer = caller(newId());
const vet = caller(newId());

function product(productId: string, price: number, listingVersion = 1): ProductListing {
  return {
    productId,
    vendorId,
    vendorName: 'Toko Uji',
    listingVersion,
    listed: true,
    name: 'Whiskas 1,2 kg',
    description: { id: 'Makanan kucing', en: null },
    category: 'food',
    subcategory: 'cat_food',
    price: { amount: price, currency: 'IDR' },
    weightGrams: 1_200,
    taxCategory: 'standard',
    imageUrl: null,
    available: 10,
    inStock: true,
    updatedAt: clock.toISOString(),
  } as ProductListing;
}

useLocalDynamo();
beforeAll(async () => {
  staff.set(`${vendorId}/${vet.auth.userId}`, 'clinic_staff');
  await service.saveVendor({
    vendorId,
    listingVersion: 1,
    listed: true,
    name: 'Toko Uji',
    kind: 'shop',
  } as VendorListing);
}, 90_000);

async function problemOf(promise: Promise<unknown>) {
  const problem = await refusalOf(promise);
  expect(problem).toBeDefined();
  return { status: problem!.status, key: problem!.key };
}

/** As POST /v1/shipping/rates publishes it: the offer of `jne:reg` from the vendor to the address, for parcels up to `weightGrams`. */
async function ratesAsked(who: Caller, addressId: string, weightGrams = 10_000, price = 18_000) {
  await saveRateOffers([
    {
      customerId: who.auth.userId,
      vendorId,
      addressId,
      serviceCode: 'jne:reg',
      price,
      etaDays: { min: 1, max: 2 },
      weightGrams,
      offeredAt: clock.toISOString(),
      expiresAt: new Date(clock.getTime() + 30 * 60_000).toISOString(),
    },
  ]);
}

async function outbox(orderId: string): Promise<EventEnvelope[]> {
  const { Items = [] } = await dynamo().send(new ScanCommand({ TableName: tableName(), ConsistentRead: true }));
  return Items.filter(
    (item) =>
      String(item.pk).startsWith(OUTBOX_KEY_PREFIX) &&
      (item.event as EventEnvelope<'order.paid'>).data.orderId === orderId,
  )
    .map((item) => item.event as EventEnvelope)
    .sort((a, b) => a.id.localeCompare(b.id));
}

async function paidOrder(productId: string, who: Caller = customer) {
  await commitWithEvents([createStockItem(productId, 10, clock.toISOString())]);
  await service.saveProduct(product(productId, 62_000));
  await service.setCartItem(who, productId, 2);
  const choice = { addressId: newId(), shipping: { [vendorId]: 'jne:reg' } };
  await ratesAsked(who, choice.addressId);
  await service.quote(who, choice);
  const { checkout, orders } = await service.checkout(who, choice);
  await service.markPaid(checkout.checkoutId, 'pay-1', 'c');
  return { checkout, orderId: orders[0]!.orderId };
}

describe('order rules with a moving clock', () => {
  it('the cart warns when a price changed since the product was added', async () => {
    const productId = newId();
    await service.saveProduct(product(productId, 50_000));
    await service.setCartItem(customer, productId, 1);
    await service.saveProduct(product(productId, 55_000, 2));
    expect((await service.cart(customer)).warnings).toContainEqual({
      productId,
      problem: 'price_changed',
      seen: 50_000,
      now: 55_000,
    });
    await service.removeCartItem(customer, productId);
  });

  it('checkout charges only a valid quote of this very cart, address and couriers (else 409 quote-needed)', async () => {
    const productId = newId();
    await commitWithEvents([createStockItem(productId, 10, clock.toISOString())]);
    await service.saveProduct(product(productId, 40_000));
    await service.setCartItem(customer, productId, 1);
    const choice = { addressId: newId(), shipping: { [vendorId]: 'jne:reg' } };
    await ratesAsked(customer, choice.addressId);
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
    expect(order).toMatchObject({
      status: 'paid',
      subtotal: 124_000,
      tax: 13_640,
      shipping: 18_000,
      total: 155_640,
      commission: 9_920,
    });
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
    await ratesAsked(customer, choice.addressId);
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
      expect(await service.release(stale.checkout.checkoutId, 'payment not completed in time', 'c')).toEqual({
        status: 'expired',
        released: false,
      });
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
    expect(await fulfilment.onShipment(change(orderId, 'in_transit'), clock.toISOString(), 'c')).toBe('shipped');
    expect(await fulfilment.onShipment(change(orderId, 'delivered'), clock.toISOString(), 'c')).toBe('delivered');
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

const change = (
  orderId: string,
  status: ShipmentChange['status'],
  shipmentId = `shipment-${orderId}`,
): ShipmentChange => ({
  shipmentId,
  orderId,
  status,
  courier: 'jne',
  serviceCode: 'jne:reg',
  trackingNumber: `JNE-${orderId.slice(-8)}`,
});
const at = (minutes: number) => new Date(clock.getTime() + minutes * 60_000).toISOString();

describe('the quote prices shipping from the rate offers shipping published', () => {
  async function cartOf(who: Caller, grams: number) {
    const productId = newId();
    await service.saveProduct({ ...product(productId, 40_000), weightGrams: grams });
    await service.setCartItem(who, productId, 2);
    return productId;
  }

  it("takes the offer's price and ETA for the chosen service", async () => {
    const who = caller(newId());
    await cartOf(who, 1_200);
    const addressId = newId();
    await ratesAsked(who, addressId, 2_400, 21_500);
    const quote = await service.quote(who, { addressId, shipping: { [vendorId]: 'jne:reg' } });
    expect(quote.orders[0]).toMatchObject({ vendorId, shipping: 21_500, etaDays: { min: 1, max: 2 } });
  });

  it('without a valid offer (none, expired, or for a lighter parcel) answers 409 rates-needed naming the shop, and saves no quote', async () => {
    const who = caller(newId());
    await cartOf(who, 1_200);
    const addressId = newId();
    const choice = { addressId, shipping: { [vendorId]: 'jne:reg' } };
    const refusal = async () => {
      const error = await refusalOf(service.quote(who, choice));
      expect(error).toMatchObject({ status: 409, key: 'rates-needed' });
      return (error!.extra as { shops: unknown[] }).shops;
    };
    expect(await refusal()).toEqual([
      { vendorId, vendorName: 'Toko Uji', serviceCode: 'jne:reg', weightGrams: 2_400, problem: 'no_offer' },
    ]);
    // Asked for one unit's weight: the cart of two is heavier.
    await ratesAsked(who, addressId, 1_200);
    expect(await refusal()).toMatchObject([{ vendorId, problem: 'heavier_parcel' }]);
    // Another service's offer is not this one's.
    await saveRateOffers([
      {
        customerId: who.auth.userId,
        vendorId,
        addressId,
        serviceCode: 'sicepat:reg',
        price: 9_000,
        etaDays: { min: 1, max: 2 },
        weightGrams: 5_000,
        offeredAt: clock.toISOString(),
        expiresAt: at(30),
      },
    ]);
    expect(await refusal()).toMatchObject([{ problem: 'heavier_parcel' }]);
    await ratesAsked(who, addressId, 2_400);
    const saved = clock;
    try {
      clock = new Date(saved.getTime() + 31 * 60_000);
      expect(await refusal()).toMatchObject([{ vendorId, problem: 'no_offer' }]);
    } finally {
      clock = saved;
    }
    // Nothing was written: checkout finds no quote.
    expect(await dynamoOrdersStore().quote(who.auth.userId)).toBeUndefined();
    expect((await service.quote(who, choice)).orders[0]!.shipping).toBe(18_000);
  });
});

describe('shipping an order through events', () => {
  const orderEvents = async (orderId: string) => (await outbox(orderId)).map((event) => event.type);

  it("the vendor's request marks the order and emits order.ship_requested once; only the vendor's staff may ask", async () => {
    const { orderId } = await paidOrder(newId());
    expect(await problemOf(fulfilment.requestShipping(customer, orderId))).toEqual({ status: 403, key: 'forbidden' });
    const requested = await fulfilment.requestShipping(vet, orderId);
    expect(requested).toMatchObject({
      status: 'paid',
      shipRequest: { requestId: expect.any(String), requestedAt: clock.toISOString() },
      shipment: null,
    });
    expect((await fulfilment.requestShipping(vet, orderId)).shipRequest).toEqual(requested.shipRequest);
    const sent = (await outbox(orderId)).filter((event) => event.type === 'order.ship_requested');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.data).toMatchObject({
      orderId,
      vendorId,
      customerId: customer.auth.userId,
      requestId: requested.shipRequest!.requestId,
      serviceCode: 'jne:reg',
      destination: { recipientName: 'Sari', line1: 'Jl. Uji 1', postalCode: '12345', lat: -6.2, lon: 106.8 },
      items: [{ name: 'Whiskas 1,2 kg', value: 62_000, weightGrams: 1_200, quantity: 2 }],
    });
  });

  it('once shipping was requested, neither the customer nor the vendor can cancel (409)', async () => {
    const { orderId } = await paidOrder(newId());
    await fulfilment.requestShipping(vet, orderId);
    expect(await problemOf(service.cancel(customer, orderId, undefined))).toEqual({ status: 409, key: 'order-state' });
    expect(await problemOf(service.cancel(vet, orderId, 'Stok habis'))).toEqual({ status: 409, key: 'order-state' });
    expect(await orderEvents(orderId)).not.toContain('order.cancelled');
  });

  it('a cancelled order cannot be shipped (409), and nothing is requested', async () => {
    const { orderId } = await paidOrder(newId());
    await service.cancel(customer, orderId, undefined);
    expect(await problemOf(fulfilment.requestShipping(vet, orderId))).toEqual({ status: 409, key: 'order-state' });
    expect(await orderEvents(orderId)).not.toContain('order.ship_requested');
  });

  it('a ship request and a cancel at once: exactly one wins', async () => {
    for (let round = 0; round < 3; round += 1) {
      const { orderId } = await paidOrder(newId());
      const [shipped, cancelled] = await Promise.allSettled([
        fulfilment.requestShipping(vet, orderId),
        service.cancel(customer, orderId, undefined),
      ]);
      const final = await service.get(customer, orderId);
      const events = await orderEvents(orderId);
      if (cancelled.status === 'fulfilled') {
        expect(final).toMatchObject({ status: 'cancelled', shipRequest: null });
        expect(shipped.status).toBe('rejected');
        expect(events).not.toContain('order.ship_requested');
      } else {
        expect(shipped.status).toBe('fulfilled');
        expect(final.status).toBe('paid');
        expect(events).not.toContain('order.cancelled');
      }
    }
  });

  it('booked → processing with its shipment; tracking keeps status, waybill and history, in order, whatever the delivery order', async () => {
    const { orderId } = await paidOrder(newId());
    const { shipRequest } = await fulfilment.requestShipping(vet, orderId);
    expect(await fulfilment.onShipment(change(orderId, 'booked'), at(1), 'c')).toBe('processing');
    expect(await fulfilment.onShipment(change(orderId, 'booked'), at(1), 'c')).toBe('processing');
    const processing = await service.get(customer, orderId);
    expect(processing.shipment).toMatchObject({
      shipmentId: `shipment-${orderId}`,
      trackingNumber: `JNE-${orderId.slice(-8)}`,
      status: 'booked',
    });
    // Delivered comes before in transit.
    expect(await fulfilment.onShipment(change(orderId, 'delivered'), at(90), 'c')).toBe('delivered');
    expect(await fulfilment.onShipment(change(orderId, 'in_transit'), at(30), 'c')).toBe('delivered');
    // Another shipment for the order changes nothing.
    expect(await fulfilment.onShipment(change(orderId, 'cancelled', 'another'), at(91), 'c')).toBe('delivered');
    expect(toTrackingView(await service.get(customer, orderId))).toEqual({
      orderId,
      status: 'delivered',
      shipRequestedAt: shipRequest!.requestedAt,
      shipment: {
        shipmentId: `shipment-${orderId}`,
        courier: 'jne',
        serviceCode: 'jne:reg',
        trackingNumber: `JNE-${orderId.slice(-8)}`,
        status: 'delivered',
        labelUrl: null,
        history: [
          { status: 'requested', at: shipRequest!.requestedAt },
          { status: 'booked', at: at(1) },
          { status: 'in_transit', at: at(30) },
          { status: 'delivered', at: at(90) },
        ],
      },
    });
    expect(await orderEvents(orderId)).toEqual(
      expect.arrayContaining(['order.ship_requested', 'order.processing', 'order.delivered']),
    );
    expect((await orderEvents(orderId)).filter((type) => type === 'order.processing')).toHaveLength(1);
    expect(await problemOf(service.cancel(customer, orderId, undefined))).toEqual({ status: 409, key: 'order-state' });
  });

  it("a refusal clears the request with its reason: the vendor may ask again (or cancel); an older request's refusal clears nothing", async () => {
    const { orderId } = await paidOrder(newId());
    const first = (await fulfilment.requestShipping(vet, orderId)).shipRequest!;
    const refusal = {
      orderId,
      requestId: first.requestId,
      code: 'service-not-offered',
      reason: 'This courier service does not deliver between these addresses.',
    };
    expect(await fulfilment.onBookingFailed({ ...refusal, requestId: 'someone-else' }, at(1))).toBe(false);
    expect(await fulfilment.onBookingFailed(refusal, at(1))).toBe(true);
    expect(await fulfilment.onBookingFailed(refusal, at(1))).toBe(false);
    expect(await service.get(vet, orderId)).toMatchObject({
      status: 'paid',
      shipRequest: null,
      shipFailure: { requestId: first.requestId, code: 'service-not-offered', at: at(1) },
    });
    const second = await fulfilment.requestShipping(vet, orderId);
    expect(second.shipRequest!.requestId).not.toBe(first.requestId);
    expect(second.shipFailure).toBeNull();
    // The first request's refusal, delivered again late, does not clear the second.
    expect(await fulfilment.onBookingFailed(refusal, at(2))).toBe(false);
    expect((await service.get(vet, orderId)).shipRequest).toEqual(second.shipRequest);
    expect((await outbox(orderId)).filter((event) => event.type === 'order.ship_requested')).toHaveLength(2);
  });
});

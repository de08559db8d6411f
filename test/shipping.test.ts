import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '#shared/lib/ids.ts';
import { LOCAL_BITESHIP_SECRET } from '#local/messaging.ts';
import { BITESHIP_WEBHOOK_HEADER } from '../functions/shipping/biteship.ts';
import type { BookShipmentInput } from '../functions/shipping/shipment-booking.ts';
import { shipmentBookings } from '../functions/shipping/carrier-wiring.ts';
import { rateOffer } from '#shared/table/rate-offers.ts';
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
 * Shipping on the real local platform: rates from a vendor's listed pickup point to a customer's
 * address through the Biteship sandbox (published as rate offers for orders' quote), booking an
 * order's courier (the use case an order's ship request runs) with its label in S3, tracking moved by the sandbox's signed webhooks, forward only
 * and once per transition; a forged webhook is a 401 that changes nothing.
 */
let t: TestPlatform;
let owner: TestUser;
let customer: TestUser;
let stranger: TestUser;
let vendorId: string;
let addressId: string;

interface Rate {
  courier: string;
  service: string;
  serviceCode: string;
  price: { amount: number; currency: string };
  etaDays: { min: number; max: number };
}

beforeAll(async () => {
  t = await bootPlatform();
  let adminUser: TestUser;
  [owner, customer, stranger, adminUser] = await Promise.all([
    signedUpUser(t.api),
    signedUpUser(t.api),
    signedUpUser(t.api),
    signedUpUser(t.api),
  ]);
  const admin = await withGroup(t, adminUser, 'platform_admin');
  // A shop in Kemang (Jakarta Selatan), as the vendor application in support.ts places it.
  vendorId = await approvedVendor(t, owner, admin, `Toko Hewan Kirim ${Date.now().toString(36)}`);
  const address = await t.api.post<{ addressId: string }>(
    '/v1/me/addresses',
    {
      label: 'Rumah',
      recipientName: 'Budi Santoso',
      phone: '+6281298765432',
      line1: 'Jl. Boulevard Raya No. 1',
      city: 'Jakarta Utara',
      province: 'DKI Jakarta',
      postalCode: '14240',
      lat: -6.1588,
      lon: 106.9056,
    },
    { token: customer.accessToken },
  );
  expect(address.status).toBe(201);
  addressId = address.body.addressId;
  await t.platform.eventsIdle();
});
afterAll(async () => {
  await t?.stop();
});

/** Shipping's booking use case, in-process (as its order.ship_requested subscription runs it). */
const bookShipment = (input: BookShipmentInput) => shipmentBookings().bookShipment(input);

const rates = (body: Record<string, unknown>, user: TestUser = customer) =>
  t.api.post<{ items: Rate[] }>('/v1/shipping/rates', body, { token: user.accessToken });

describe('rates', () => {
  it("prices JNE, SiCepat and Grab from the vendor to the customer's address, cheapest first", async () => {
    const answer = await rates({ originVendorId: vendorId, destinationAddressId: addressId, weightGrams: 1500 });
    expect(answer.status).toBe(200);
    const codes = answer.body.items.map((rate) => rate.serviceCode);
    expect([...codes].sort()).toEqual([
      'grab:instant',
      'grab:same_day',
      'jne:reg',
      'jne:yes',
      'sicepat:best',
      'sicepat:reg',
    ]);
    expect(answer.body.items.find((rate) => rate.serviceCode === 'jne:reg')).toMatchObject({
      courier: 'jne',
      service: 'REG',
      price: { currency: 'IDR' },
      etaDays: { min: 1, max: 2 },
    });
    // 1.5 kg is charged as 2 kg: twice the 1 kg price.
    const oneKilo = await rates({ originVendorId: vendorId, destinationAddressId: addressId, weightGrams: 1000 });
    const regular = (items: Rate[]) => items.find((rate) => rate.serviceCode === 'jne:reg')!.price.amount;
    expect(regular(answer.body.items)).toBe(2 * regular(oneKilo.body.items));
    const amounts = answer.body.items.map((rate) => rate.price.amount);
    expect(amounts).toEqual([...amounts].sort((a, b) => a - b));
    // Each rate is published as the customer's offer for this vendor and address; the newer ask (1 kg) replaced the older.
    expect(await rateOffer({ customerId: customer.userId, vendorId, addressId, serviceCode: 'jne:reg' })).toMatchObject(
      {
        price: regular(oneKilo.body.items),
        weightGrams: 1000,
        etaDays: { min: 1, max: 2 },
        expiresAt: expect.any(String),
      },
    );
  });

  it('takes points as well; Grab Instant only within its reach', async () => {
    const toBandung = await rates({
      origin: { lat: -6.2607, lon: 106.8137, postalCode: '12730' },
      destination: { lat: -6.9175, lon: 107.6191, postalCode: '40111' },
      weightGrams: 800,
    });
    expect(toBandung.status).toBe(200);
    expect(toBandung.body.items.some((rate) => rate.courier === 'grab')).toBe(false);
    expect(toBandung.body.items.some((rate) => rate.serviceCode === 'jne:reg')).toBe(true);
  });

  it("answers 400 for bad input, 404 for another user's address or an unknown vendor", async () => {
    expect(
      (
        await rates({
          originVendorId: vendorId,
          origin: { lat: 0, lon: 0, postalCode: '12730' },
          destinationAddressId: addressId,
          weightGrams: 100,
        })
      ).status,
    ).toBe(400);
    expect((await rates({ originVendorId: vendorId, destinationAddressId: addressId, weightGrams: 0 })).status).toBe(
      400,
    );
    expect(
      (await rates({ originVendorId: vendorId, destinationAddressId: addressId, weightGrams: 500 }, stranger)).status,
    ).toBe(404);
    expect((await rates({ originVendorId: newId(), destinationAddressId: addressId, weightGrams: 500 })).status).toBe(
      404,
    );
  });
});

describe("an order's shipment", () => {
  const statusChanges = async (shipmentId: string) =>
    (await tableItems(t.platform))
      .filter(
        (item) =>
          item.kind === 'outbox' &&
          (item.event as { type: string }).type === 'shipment.status_changed' &&
          (item.event as { data: { shipmentId: string } }).data.shipmentId === shipmentId,
      )
      .map((item) => (item.event as { data: { status: string; previousStatus: string } }).data)
      .sort(
        (a, b) =>
          ['booked', 'picked_up', 'in_transit', 'delivered'].indexOf(a.status) -
          ['booked', 'picked_up', 'in_transit', 'delivered'].indexOf(b.status),
      );
  const advance = (trackingNumber: string, body: Record<string, unknown> = {}) =>
    fetch(`${t.platform.url}/dev/shipping/${encodeURIComponent(trackingNumber)}/advance`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const read = (shipmentId: string, user: TestUser) =>
    t.api.get<{ status: string; trackingNumber: string; labelUrl: string | null; history: { status: string }[] }>(
      `/v1/shipments/${shipmentId}`,
      { token: user.accessToken },
    );

  it("is booked once per order with a label PDF, and tracked to delivered by the carrier's signed webhooks, one event per transition", async () => {
    const orderId = newId();
    const order = {
      orderId,
      vendorId,
      customerId: customer.userId,
      serviceCode: 'jne:reg',
      destination: { addressId },
      items: [
        { name: 'Royal Canin Kitten 2 kg', value: 185_000, weightGrams: 2000, quantity: 1 },
        { name: 'Pasir kucing 10 L', value: 95_000, weightGrams: 5000, quantity: 1 },
      ],
    };
    const booked = await bookShipment(order);
    expect(booked).toMatchObject({ status: 'booked', trackingNumber: expect.stringMatching(/^\d{16}$/) });
    const label = await fetch(booked.labelUrl);
    expect(label.status).toBe(200);
    const pdf = Buffer.from(await label.arrayBuffer()).toString('latin1');
    expect(pdf.startsWith('%PDF')).toBe(true);
    expect(pdf).toContain(`(${booked.trackingNumber})`);
    // Once per order: asking again answers the same shipment, the carrier is not asked twice.
    expect((await bookShipment(order)).shipmentId).toBe(booked.shipmentId);
    expect(
      t.platform.shippingSandbox.orders().filter((placed) => placed.waybillId === booked.trackingNumber),
    ).toHaveLength(1);

    for (const [step, expected] of [
      ['picked', 'picked_up'],
      ['dropping_off', 'in_transit'],
      ['delivered', 'delivered'],
    ] as const) {
      // Biteship retries: every update arrives twice.
      const moved = await advance(booked.trackingNumber, { times: 2 });
      expect(moved.status).toBe(200);
      expect(await moved.json()).toMatchObject({ status: step, deliveries: [200, 200] });
      await t.platform.eventsIdle();
      expect((await read(booked.shipmentId, customer)).body.status).toBe(expected);
    }
    // A late, older update changes nothing.
    expect((await advance(booked.trackingNumber, { status: 'delivered' })).status).toBe(200);
    await t.platform.eventsIdle();
    const view = await read(booked.shipmentId, customer);
    expect(view.body).toMatchObject({ status: 'delivered', trackingNumber: booked.trackingNumber, labelUrl: null });
    expect(view.body.history.map((change) => change.status)).toEqual([
      'requested',
      'booked',
      'picked_up',
      'in_transit',
      'delivered',
    ]);
    expect((await statusChanges(booked.shipmentId)).map((change) => [change.previousStatus, change.status])).toEqual([
      ['requested', 'booked'],
      ['booked', 'picked_up'],
      ['picked_up', 'in_transit'],
      ['in_transit', 'delivered'],
    ]);
    // The vendor's staff get the label; anyone else does not see the shipment.
    expect((await read(booked.shipmentId, owner)).body.labelUrl).toContain('labels');
    expect((await read(booked.shipmentId, stranger)).status).toBe(404);
  });

  it('refuses a forged or unverified webhook with 401 and changes nothing', async () => {
    const booked = await bookShipment({
      orderId: newId(),
      vendorId,
      customerId: customer.userId,
      serviceCode: 'sicepat:reg',
      destination: { addressId },
      items: [{ name: 'Kalung anjing', value: 45_000, weightGrams: 300, quantity: 1 }],
    });
    const carrierOrderId = t.platform.shippingSandbox
      .orders()
      .find((placed) => placed.waybillId === booked.trackingNumber)!.id;
    const body = {
      event: 'order.status',
      order_id: carrierOrderId,
      courier_waybill_id: booked.trackingNumber,
      courier_company: 'sicepat',
      courier_type: 'reg',
      status: 'delivered',
    };
    await t.platform.eventsIdle();
    const before = await tableItems(t.platform);
    for (const headers of [
      { [BITESHIP_WEBHOOK_HEADER]: 'guess' },
      { [BITESHIP_WEBHOOK_HEADER]: `${LOCAL_BITESHIP_SECRET.value.webhookSecret}x` },
      { [BITESHIP_WEBHOOK_HEADER.toUpperCase()]: LOCAL_BITESHIP_SECRET.value.webhookSecret.toUpperCase() },
      {},
    ]) {
      const forged = await t.api.post('/v1/webhooks/shipping/biteship', body, { headers });
      expect(forged.status).toBe(401);
      expect(forged.headers.get('content-type')).toContain('application/problem+json');
    }
    expect(
      (
        await t.api.post('/v1/webhooks/shipping/fedex', body, {
          headers: { [BITESHIP_WEBHOOK_HEADER]: LOCAL_BITESHIP_SECRET.value.webhookSecret },
        })
      ).status,
    ).toBe(404);
    // Verified but nothing to track (another Biteship event): received, nothing written.
    const other = await t.api.post(
      '/v1/webhooks/shipping/biteship',
      { event: 'order.price', order_id: carrierOrderId, price: 20_000 },
      { headers: { [BITESHIP_WEBHOOK_HEADER]: LOCAL_BITESHIP_SECRET.value.webhookSecret } },
    );
    expect(other.status).toBe(200);
    await t.platform.eventsIdle();
    expect(await tableItems(t.platform)).toEqual(before);
    expect((await read(booked.shipmentId, customer)).body.status).toBe('booked');
    // The genuine header moves it.
    expect(
      (
        await t.api.post(
          '/v1/webhooks/shipping/biteship',
          { ...body, status: 'picked' },
          { headers: { [BITESHIP_WEBHOOK_HEADER]: LOCAL_BITESHIP_SECRET.value.webhookSecret } },
        )
      ).status,
    ).toBe(200);
    await eventually('picked up', async () =>
      (await read(booked.shipmentId, customer)).body.status === 'picked_up' ? true : undefined,
    );
  });
});

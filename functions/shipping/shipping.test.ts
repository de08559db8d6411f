import { beforeEach, describe, expect, it } from 'vitest';
import type { EventEnvelope } from '#shared/events/catalog.ts';
import type { SavedAddress } from '#shared/table/addresses.ts';
import {
  CarrierUnavailable,
  MissingCoordinates,
  ServiceNotOffered,
  type BookedAtCarrier,
  type CarrierPort,
  type Shipment,
  type ShipmentRequest,
  type ShippingStore,
  type ShipRefusal,
  type VendorOrigin,
} from './model.ts';
import { WriteConflict } from '#shared/table/write-conflict.ts';
import type { RateOffer } from '#shared/table/rate-offers.ts';
import type { EventData } from '#shared/events/catalog.ts';
import { originsService } from './origins.ts';
import { ratesService } from './rates.ts';
import { shipmentBookingService, type BookingPorts, type BookShipmentInput } from './shipment-booking.ts';
import { shipmentViewService, type ShipmentViewPorts } from './shipment-view.ts';
import { trackingService } from './tracking.ts';
import { refusalOf } from '#local/testing.ts';

/** Every area's use cases on the same ports, as one object (each handler builds only its own area). */
function allAreas(ports: BookingPorts & ShipmentViewPorts) {
  return {
    ...ratesService(ports),
    ...shipmentBookingService(ports),
    ...trackingService(ports),
    ...shipmentViewService(ports),
    ...originsService(ports),
  };
}

/** The domain on an in-memory store and a scripted carrier: booking once per order, forward-only tracking. */
function memoryStore() {
  const shipments = new Map<string, Shipment>();
  const byOrder = new Map<string, string>();
  const origins = new Map<string, VendorOrigin>();
  const offers = new Map<string, RateOffer>();
  const refusals = new Map<string, ShipRefusal>();
  const events: EventEnvelope[] = [];
  const store: ShippingStore = {
    getShipment: async (id) => structuredClone(shipments.get(id)),
    shipmentByOrder: async (orderId) => structuredClone(shipments.get(byOrder.get(orderId) ?? '')),
    shipmentByCarrierOrder: async (carrier, carrierOrderId) =>
      structuredClone(
        [...shipments.values()].find((one) => one.carrier === carrier && one.carrierOrderId === carrierOrderId),
      ),
    async create(shipment) {
      if (byOrder.has(shipment.orderId)) throw new WriteConflict();
      byOrder.set(shipment.orderId, shipment.shipmentId);
      shipments.set(shipment.shipmentId, structuredClone(shipment));
    },
    async transition(shipment, expectedVersion, published) {
      if (shipments.get(shipment.shipmentId)?.version !== expectedVersion) throw new WriteConflict();
      shipments.set(shipment.shipmentId, structuredClone(shipment));
      events.push(...published);
    },
    async publish(published) {
      events.push(...published);
    },
    origin: async (vendorId) => origins.get(vendorId),
    async saveOrigin(origin) {
      if ((origins.get(origin.vendorId)?.listingVersion ?? -1) >= origin.listingVersion) return 'stale';
      origins.set(origin.vendorId, origin);
      return 'saved';
    },
    async saveRateOffers(list) {
      for (const offer of list)
        offers.set(
          `${offer.customerId}/${offer.vendorId}/${offer.addressId}/${offer.serviceCode}`,
          structuredClone(offer),
        );
    },
    refused: async (requestId) => refusals.has(requestId),
    async refuse(refusal, published) {
      if (refusals.has(refusal.requestId)) return false;
      refusals.set(refusal.requestId, refusal);
      events.push(...published);
      return true;
    },
  };
  return { store, events, shipments, offers, refusals };
}

const ADDRESS: SavedAddress = {
  addressId: 'addr-1',
  recipientName: 'Budi Santoso',
  phone: '+6281298765432',
  line1: 'Jl. Boulevard Raya No. 1',
  line2: null,
  city: 'Jakarta Utara',
  province: 'DKI Jakarta',
  postalCode: '14240',
  lat: -6.1588,
  lon: 106.9056,
};

let t: ReturnType<typeof memoryStore>;
let booked: ShipmentRequest[];
let carrierFails: Error | undefined;
let labels: Map<string, Uint8Array>;
let service: ReturnType<typeof allAreas>;
/** The domain's clock when a test sets it (else the real one). */
let clock: Date | undefined;

const carrier: CarrierPort = {
  carrier: 'biteship',
  rates: async (request) => [
    {
      courier: 'sicepat',
      service: 'REG',
      serviceCode: 'sicepat:reg',
      price: 9_000 * Math.ceil(request.items[0]!.weightGrams / 1000),
      etaDays: { min: 1, max: 2 },
    },
    {
      courier: 'jne',
      service: 'REG',
      serviceCode: 'jne:reg',
      price: 10_000 * Math.ceil(request.items[0]!.weightGrams / 1000),
      etaDays: { min: 1, max: 2 },
    },
  ],
  async createShipment(request): Promise<BookedAtCarrier> {
    if (carrierFails) throw carrierFails;
    booked.push(request);
    return {
      carrierOrderId: `bs-${booked.length}`,
      trackingNumber: `00${String(booked.length).padStart(10, '0')}`,
      price: 18_000,
    };
  },
};

beforeEach(async () => {
  t = memoryStore();
  booked = [];
  carrierFails = undefined;
  labels = new Map();
  service = allAreas({
    store: t.store,
    carrier,
    labels: {
      put: async (key, pdf) => void labels.set(key, pdf),
      url: async (key) => `https://uploads.example/${key}?signed`,
    },
    address: async (userId, addressId) =>
      userId === 'customer-1' && addressId === ADDRESS.addressId ? ADDRESS : undefined,
    staffRole: async (vendorId, userId) =>
      vendorId === 'vendor-1' && userId === 'staff-1' ? 'clinic_staff' : undefined,
    now: () => clock ?? new Date(),
  });
  clock = undefined;
  await service.saveOrigin({
    vendorId: 'vendor-1',
    listingVersion: 3,
    listed: true,
    name: 'Toko Hewan Sahabat',
    kind: 'shop',
    description: null,
    address: 'Jl. Kemang Raya No. 45, Jakarta',
    city: 'Jakarta',
    province: 'DKI Jakarta',
    postalCode: '12730',
    lat: -6.2607,
    lon: 106.8137,
    phone: '+6281234567890',
    rating: null,
    reviewCount: 0,
    services: [],
    schedule: {
      timeZone: 'Asia/Jakarta',
      weekly: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] },
      exceptions: [],
    },
    bookingPolicy: { leadTimeMin: 60, horizonDays: 30, cancelCutoffHours: 24 },
    updatedAt: '2026-11-26T00:00:00Z',
  });
});

const input = (overrides: Partial<BookShipmentInput> = {}): BookShipmentInput => ({
  orderId: 'order-1',
  vendorId: 'vendor-1',
  customerId: 'customer-1',
  serviceCode: 'jne:reg',
  destination: { addressId: ADDRESS.addressId },
  items: [{ name: 'Royal Canin Kitten 2 kg', value: 185_000, weightGrams: 2000, quantity: 2 }],
  ...overrides,
});

const statusEvents = () =>
  t.events
    .filter((event) => event.type === 'shipment.status_changed')
    .map((event) => (event.data as { status: string }).status);

describe('bookShipment', () => {
  it("books once per order: the vendor's pickup point to the customer's address, the label stored, booked emitted", async () => {
    const first = await service.bookShipment(input());
    expect(first).toMatchObject({
      trackingNumber: '000000000001',
      status: 'booked',
      labelUrl: `https://uploads.example/labels/${first.shipmentId}.pdf?signed`,
    });
    expect(booked[0]).toMatchObject({
      serviceCode: 'jne:reg',
      reference: 'order-1',
      origin: { contact: { name: 'Toko Hewan Sahabat' }, postalCode: '12730', lat: -6.2607 },
      destination: {
        contact: { name: 'Budi Santoso', phone: '+6281298765432' },
        postalCode: '14240',
        address: 'Jl. Boulevard Raya No. 1, Jakarta Utara, DKI Jakarta',
      },
    });
    expect(Buffer.from(labels.get(`labels/${first.shipmentId}.pdf`)!).toString('latin1')).toContain('(000000000001)');
    const again = await service.bookShipment(input());
    expect(again.shipmentId).toBe(first.shipmentId);
    expect(booked).toHaveLength(1);
    expect(statusEvents()).toEqual(['booked']);
    expect(await service.getShipment(first.shipmentId)).toMatchObject({
      weightGrams: 4000,
      price: 18_000,
      carrierOrderId: 'bs-1',
    });
  });

  it('keeps a second caller out while the first is booking, and lets a retry in after a failure', async () => {
    carrierFails = new CarrierUnavailable('biteship create order failed: HTTP 503');
    await expect(service.bookShipment(input())).rejects.toMatchObject({
      kind: 'unavailable',
      code: 'carrier-unavailable',
    });
    carrierFails = undefined;
    // The failed attempt gave its lease back: the retry books.
    expect((await service.bookShipment(input())).status).toBe('booked');

    const shipment = [...t.shipments.values()][0]!;
    t.shipments.set(shipment.shipmentId, {
      ...shipment,
      status: 'requested',
      bookingStartedAt: new Date().toISOString(),
      trackingNumber: null,
    });
    await expect(service.bookShipment(input())).rejects.toMatchObject({
      kind: 'conflict',
      code: 'request-in-progress',
    });
  });

  it('refuses what cannot be booked, with problems', async () => {
    const problem = async (promise: Promise<unknown>) => {
      const refused = await refusalOf(promise);
      return refused ? [refused.status, refused.key] : undefined;
    };
    expect(await problem(service.bookShipment(input({ serviceCode: 'pos:kilat' })))).toEqual([422, 'validation']);
    expect(await problem(service.bookShipment(input({ vendorId: 'vendor-2', orderId: 'order-2' })))).toEqual([
      422,
      'validation',
    ]);
    expect(
      await problem(service.bookShipment(input({ orderId: 'order-3', destination: { addressId: 'someone-elses' } }))),
    ).toEqual([422, 'validation']);
    expect(await problem(service.bookShipment(input({ orderId: 'order-4', items: [] })))).toEqual([422, 'validation']);
    // Grab needs both points: a snapshot without them is refused before the carrier is asked.
    const { lat: _lat, lon: _lon, addressId: _id, ...noPoint } = ADDRESS;
    expect(
      await problem(
        service.bookShipment(input({ orderId: 'order-5', serviceCode: 'grab:instant', destination: noPoint })),
      ),
    ).toEqual([422, 'coordinates-required']);
    carrierFails = new MissingCoordinates('grab:instant');
    expect(await problem(service.bookShipment(input({ orderId: 'order-6', serviceCode: 'grab:instant' })))).toEqual([
      422,
      'coordinates-required',
    ]);
    expect(booked).toHaveLength(0);
  });
});

describe('rates', () => {
  it("publishes each offered service as a rate offer when asked from a vendor to one of the caller's addresses; a newer ask replaces it", async () => {
    clock = new Date('2026-12-01T03:00:00Z');
    const rates = await service.rates(
      { userId: 'customer-1' },
      { originVendorId: 'vendor-1', destinationAddressId: ADDRESS.addressId, weightGrams: 2_000 },
    );
    expect(rates.map((rate) => rate.serviceCode)).toEqual(['sicepat:reg', 'jne:reg']);
    expect(t.offers.get(`customer-1/vendor-1/${ADDRESS.addressId}/jne:reg`)).toEqual({
      customerId: 'customer-1',
      vendorId: 'vendor-1',
      addressId: ADDRESS.addressId,
      serviceCode: 'jne:reg',
      price: 20_000,
      etaDays: { min: 1, max: 2 },
      weightGrams: 2_000,
      offeredAt: '2026-12-01T03:00:00.000Z',
      expiresAt: '2026-12-01T03:30:00.000Z',
    });
    clock = new Date('2026-12-01T03:10:00Z');
    await service.rates(
      { userId: 'customer-1' },
      { originVendorId: 'vendor-1', destinationAddressId: ADDRESS.addressId, weightGrams: 3_000 },
    );
    expect(t.offers.get(`customer-1/vendor-1/${ADDRESS.addressId}/jne:reg`)).toMatchObject({
      price: 30_000,
      weightGrams: 3_000,
      expiresAt: '2026-12-01T03:40:00.000Z',
    });
    expect(t.offers.size).toBe(2);
  });

  it('publishes nothing for rates between points', async () => {
    await service.rates(
      { userId: 'customer-1' },
      {
        origin: { lat: -6.2, lon: 106.8, postalCode: '12730' },
        destination: { lat: -6.9, lon: 107.6, postalCode: '40111' },
        weightGrams: 800,
      },
    );
    await service.rates(
      { userId: 'customer-1' },
      { originVendorId: 'vendor-1', destination: { lat: -6.9, lon: 107.6, postalCode: '40111' }, weightGrams: 800 },
    );
    expect(t.offers.size).toBe(0);
  });
});

describe("an order's ship request (order.ship_requested)", () => {
  const request = (overrides: Partial<EventData<'order.ship_requested'>> = {}): EventData<'order.ship_requested'> => ({
    orderId: 'order-1',
    checkoutId: 'checkout-1',
    vendorId: 'vendor-1',
    customerId: 'customer-1',
    total: 400_000,
    requestId: 'request-1',
    serviceCode: 'jne:reg',
    destination: { ...ADDRESS, line2: 'RT 05 / RW 02' },
    items: [{ name: 'Royal Canin Kitten 2 kg', value: 185_000, weightGrams: 2000, quantity: 2 }],
    ...overrides,
  });
  const failures = () =>
    t.events.filter((event) => event.type === 'shipment.booking_failed').map((event) => event.data);

  it('books the courier to the address the order kept, once per order (a redelivery books nothing more)', async () => {
    expect(await service.fulfilShipRequest(request(), 'corr')).toBe('booked');
    expect(await service.fulfilShipRequest(request(), 'corr')).toBe('booked');
    expect(booked).toHaveLength(1);
    expect(booked[0]!.destination).toMatchObject({
      contact: { name: 'Budi Santoso' },
      address: 'Jl. Boulevard Raya No. 1, RT 05 / RW 02, Jakarta Utara, DKI Jakarta',
      postalCode: '14240',
    });
    expect(statusEvents()).toEqual(['booked']);
    expect(t.events[0]!.correlationId).toBe('corr');
  });

  it('throws on a carrier outage (the queue retries) and publishes nothing', async () => {
    carrierFails = new CarrierUnavailable('biteship create order failed: HTTP 503');
    await expect(service.fulfilShipRequest(request(), 'corr')).rejects.toMatchObject({
      kind: 'unavailable',
      code: 'carrier-unavailable',
    });
    expect(t.events).toEqual([]);
    carrierFails = undefined;
    expect(await service.fulfilShipRequest(request(), 'corr')).toBe('booked');
  });

  it('answers a refusal for good with shipment.booking_failed, once; a redelivered refused request books nothing', async () => {
    carrierFails = new ServiceNotOffered(
      'biteship create order failed: HTTP 400 (Grab instant does not serve this route for this parcel)',
    );
    expect(await service.fulfilShipRequest(request({ serviceCode: 'grab:instant' }), 'corr')).toBe('refused');
    expect(failures()).toEqual([
      {
        orderId: 'order-1',
        vendorId: 'vendor-1',
        requestId: 'request-1',
        code: 'service-not-offered',
        reason: expect.stringContaining('does not serve this route'),
      },
    ]);
    carrierFails = undefined;
    expect(await service.fulfilShipRequest(request({ serviceCode: 'grab:instant' }), 'corr')).toBe('already-refused');
    expect(booked).toHaveLength(0);
    expect(failures()).toHaveLength(1);
    // Refused before the carrier is asked (no pickup address for the vendor yet): the same answer.
    expect(
      await service.fulfilShipRequest(
        request({ orderId: 'order-2', vendorId: 'vendor-2', requestId: 'request-2' }),
        'corr',
      ),
    ).toBe('refused');
    expect(failures()[1]).toMatchObject({
      orderId: 'order-2',
      code: 'validation',
      reason: expect.stringContaining('vendorId: no pickup address'),
    });
  });

  it("a new request after a refusal goes out as asked now: the vendor's pickup point as listed now", async () => {
    carrierFails = new ServiceNotOffered('biteship create order failed: HTTP 400');
    expect(await service.fulfilShipRequest(request(), 'corr')).toBe('refused');
    carrierFails = undefined;
    const origin = (await t.store.origin('vendor-1'))!;
    await t.store.saveOrigin({
      ...origin,
      listingVersion: origin.listingVersion + 1,
      address: 'Jl. Panglima Polim No. 9, Jakarta',
      postalCode: '12160',
      lat: -6.25,
      lon: 106.8,
    });
    expect(await service.fulfilShipRequest(request({ requestId: 'request-2' }), 'corr')).toBe('booked');
    expect(booked[0]!.origin).toMatchObject({
      address: 'Jl. Panglima Polim No. 9, Jakarta, DKI Jakarta',
      postalCode: '12160',
    });
    expect([...t.shipments.values()]).toHaveLength(1);
  });
});

describe('tracking', () => {
  it('moves forward once per real transition; duplicates, older and unknown statuses change nothing', async () => {
    const { shipmentId } = await service.bookShipment(input());
    const update = (rawStatus: string, trackingNumber: string | null = null) =>
      service.applyTracking({ carrier: 'biteship', carrierOrderId: 'bs-1', rawStatus, trackingNumber }, 'test');
    expect(await update('confirmed')).toBe('unchanged');
    expect(await update('picked')).toBe('applied');
    expect(await update('picked')).toBe('unchanged');
    expect(await update('dropping_off')).toBe('applied');
    expect(await update('picking_up')).toBe('unchanged');
    expect(await update('on_hold')).toBe('ignored');
    expect(await update('beamed_up')).toBe('unknown-status');
    expect(await update('delivered', '000000000001')).toBe('applied');
    expect(await update('returned')).toBe('unchanged');
    expect(
      await service.applyTracking(
        { carrier: 'biteship', carrierOrderId: 'bs-404', rawStatus: 'picked', trackingNumber: null },
        'test',
      ),
    ).toBe('unknown-shipment');
    expect(statusEvents()).toEqual(['booked', 'picked_up', 'in_transit', 'delivered']);
    const last = t.events.at(-1)!.data;
    expect(last).toMatchObject({
      shipmentId,
      orderId: 'order-1',
      vendorId: 'vendor-1',
      customerId: 'customer-1',
      status: 'delivered',
      previousStatus: 'in_transit',
      trackingNumber: '000000000001',
      courier: 'jne',
    });
    expect((await service.getShipment(shipmentId))?.history.map((change) => change.status)).toEqual([
      'requested',
      'booked',
      'picked_up',
      'in_transit',
      'delivered',
    ]);
  });

  it('publishes a verified update as shipment.tracking_received and nothing else', async () => {
    await service.receive('biteship', { carrierOrderId: 'bs-9', rawStatus: 'picked', trackingNumber: 'X1' }, 'corr');
    expect(t.events.map((event) => [event.type, event.data])).toEqual([
      [
        'shipment.tracking_received',
        { carrier: 'biteship', carrierOrderId: 'bs-9', rawStatus: 'picked', trackingNumber: 'X1' },
      ],
    ]);
  });
});

describe('who reads a shipment', () => {
  it("its customer (no label), the vendor's staff and platform admins (with the label); anyone else 404", async () => {
    const { shipmentId } = await service.bookShipment(input());
    expect(await service.shipmentFor({ userId: 'customer-1', groups: ['customer'] }, shipmentId)).toMatchObject({
      status: 'booked',
      labelUrl: null,
      price: { amount: 18_000, currency: 'IDR' },
    });
    expect((await service.shipmentFor({ userId: 'staff-1', groups: ['clinic_staff'] }, shipmentId)).labelUrl).toContain(
      `labels/${shipmentId}.pdf`,
    );
    expect(
      (await service.shipmentFor({ userId: 'admin-1', groups: ['platform_admin'] }, shipmentId)).labelUrl,
    ).not.toBeNull();
    await expect(service.shipmentFor({ userId: 'stranger', groups: ['customer'] }, shipmentId)).rejects.toMatchObject({
      kind: 'not-found',
    });
  });

  it('keeps the newest listing as the pickup point', async () => {
    const origin = (await t.store.origin('vendor-1'))!;
    expect(await t.store.saveOrigin({ ...origin, listingVersion: 2, name: 'Old name' })).toBe('stale');
    expect((await t.store.origin('vendor-1'))?.name).toBe('Toko Hewan Sahabat');
  });
});

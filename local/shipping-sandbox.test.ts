import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { haversineKm } from '#shared/lib/geo.ts';
import {
  BITESHIP_WEBHOOK_HEADER,
  biteshipCarrier,
  parseBiteshipWebhook,
  verifyBiteshipWebhook,
} from '../functions/shipping/biteship.ts';
import {
  CarrierUnavailable,
  MissingCoordinates,
  ServiceNotOffered,
  type Place,
  type ShipmentRequest,
} from '../functions/shipping/model.ts';
import { postalDistanceKm, sandboxOffers, startShippingSandbox, type ShippingSandbox } from './shipping-sandbox.ts';
import { LOCAL_BITESHIP_SECRET } from './messaging.ts';
import { freePort } from './ports.ts';
import { readBody } from './http-util.ts';

/** Kemang (Jakarta Selatan), Kelapa Gading (Jakarta Utara), Bogor, Bandung, Surabaya, Medan. */
const PLACES = {
  kemang: { lat: -6.2607, lon: 106.8137, postalCode: '12730' },
  kelapaGading: { lat: -6.1588, lon: 106.9056, postalCode: '14240' },
  bogor: { lat: -6.5971, lon: 106.806, postalCode: '16121' },
  bandung: { lat: -6.9175, lon: 107.6191, postalCode: '40111' },
  surabaya: { lat: -7.2575, lon: 112.7521, postalCode: '60271' },
  medan: { lat: 3.5952, lon: 98.6722, postalCode: '20111' },
} as const;

const offersBetween = (
  from: keyof typeof PLACES,
  to: keyof typeof PLACES,
  weightGrams: number,
  withCoordinates = true,
) => sandboxOffers({ distanceKm: haversineKm(PLACES[from], PLACES[to]), weightGrams, withCoordinates });
const price = (offers: ReturnType<typeof sandboxOffers>, courier: string, type: string) =>
  offers.find((offer) => offer.courier === courier && offer.type === type)?.price;

describe('sandbox prices', () => {
  it('offers JNE REG/YES, SiCepat REG/BEST and Grab Instant/Same Day across Jakarta, in whole 500s, with ETAs', () => {
    const offers = offersBetween('kemang', 'kelapaGading', 1000);
    expect(offers.map((offer) => `${offer.courier}:${offer.type}`).sort()).toEqual([
      'grab:instant',
      'grab:same_day',
      'jne:reg',
      'jne:yes',
      'sicepat:best',
      'sicepat:reg',
    ]);
    for (const offer of offers) {
      expect(offer.price % 500).toBe(0);
      expect(offer.price).toBeGreaterThanOrEqual(8_000);
      expect(offer.price).toBeLessThan(100_000);
    }
    expect(offers.find((offer) => offer.type === 'instant')).toMatchObject({ unit: 'hours' });
    expect(offers.find((offer) => offer.courier === 'jne' && offer.type === 'reg')).toMatchObject({
      unit: 'days',
      range: '1 - 2',
    });
  });

  it('charges more for express than regular, for further and for heavier (per whole kilogram, rounded up)', () => {
    const near = offersBetween('kemang', 'bogor', 1000);
    const far = offersBetween('kemang', 'surabaya', 1000);
    expect(price(near, 'jne', 'yes')!).toBeGreaterThan(price(near, 'jne', 'reg')!);
    expect(price(near, 'sicepat', 'best')!).toBeGreaterThan(price(near, 'sicepat', 'reg')!);
    expect(price(far, 'jne', 'reg')!).toBeGreaterThan(price(near, 'jne', 'reg')!);
    expect(price(offersBetween('kemang', 'bogor', 2500), 'jne', 'reg')).toBe(3 * price(near, 'jne', 'reg')!);
    expect(price(offersBetween('kemang', 'bogor', 1), 'jne', 'reg')).toBe(price(near, 'jne', 'reg'));
  });

  it('sends Grab Instant only within about 40 km, Same Day within 80, never without coordinates nor above 20 kg', () => {
    expect(haversineKm(PLACES.kemang, PLACES.bogor)).toBeLessThan(40);
    expect(price(offersBetween('kemang', 'bogor', 1000), 'grab', 'instant')).toBeDefined();
    const bandung = offersBetween('kemang', 'bandung', 1000);
    expect(haversineKm(PLACES.kemang, PLACES.bandung)).toBeGreaterThan(80);
    expect(bandung.some((offer) => offer.courier === 'grab')).toBe(false);
    expect(offersBetween('kemang', 'kelapaGading', 1000, false).some((offer) => offer.courier === 'grab')).toBe(false);
    expect(offersBetween('kemang', 'kelapaGading', 25_000).some((offer) => offer.courier === 'grab')).toBe(false);
    // Instant costs a base plus a per-km rate: a longer ride in town costs more.
    expect(price(offersBetween('kemang', 'bogor', 1000), 'grab', 'instant')!).toBeGreaterThan(
      price(offersBetween('kemang', 'kelapaGading', 1000), 'grab', 'instant')!,
    );
  });

  it('takes longer and offers no SiCepat BEST across the archipelago', () => {
    const medan = offersBetween('kemang', 'medan', 1000);
    expect(medan.find((offer) => offer.courier === 'jne' && offer.type === 'reg')).toMatchObject({ range: '4 - 7' });
    expect(price(medan, 'sicepat', 'best')).toBeUndefined();
  });

  it('guesses distances from postal codes when there are no coordinates', () => {
    expect(postalDistanceKm('12730', '12730')).toBeLessThan(postalDistanceKm('12730', '12710'));
    expect(postalDistanceKm('12730', '12710')).toBeLessThan(postalDistanceKm('12730', '14240'));
    expect(postalDistanceKm('12730', '14240')).toBeLessThan(postalDistanceKm('12730', '60271'));
  });
});

describe('Biteship webhook verification', () => {
  const secret = LOCAL_BITESHIP_SECRET.value.webhookSecret;

  it('accepts the configured secret and nothing else', () => {
    expect(verifyBiteshipWebhook(secret, secret)).toBe(true);
    expect(verifyBiteshipWebhook(`${secret}x`, secret)).toBe(false);
    expect(verifyBiteshipWebhook(secret.slice(0, -1), secret)).toBe(false);
    expect(verifyBiteshipWebhook(secret.toUpperCase(), secret)).toBe(false);
    expect(verifyBiteshipWebhook(undefined, secret)).toBe(false);
    expect(verifyBiteshipWebhook('', '')).toBe(false);
  });

  it('reads order.status bodies, ignores other events and the URL check, refuses malformed ones', () => {
    expect(
      parseBiteshipWebhook({
        event: 'order.status',
        order_id: 'abc123',
        status: 'Picked',
        courier_waybill_id: 'WYB-1',
      }),
    ).toEqual({ carrierOrderId: 'abc123', rawStatus: 'picked', trackingNumber: 'WYB-1' });
    expect(parseBiteshipWebhook({ event: 'order.status', order_id: 'abc123', status: 'delivered' })).toMatchObject({
      trackingNumber: null,
    });
    expect(parseBiteshipWebhook({ event: 'order.price', order_id: 'abc123', price: 12000 })).toBe('ignored');
    expect(parseBiteshipWebhook(undefined)).toBe('ignored');
    expect(parseBiteshipWebhook({ event: 'order.status', status: 'picked' })).toBeUndefined();
    expect(parseBiteshipWebhook({ event: 'order.status', order_id: 'abc123', status: 7 })).toBeUndefined();
  });
});

interface Webhook {
  path: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

describe('the Biteship adapter against the sandbox', () => {
  const dir = mkdtempSync(join(tmpdir(), 'shipping-sandbox-'));
  const webhooks: Webhook[] = [];
  let api: Server;
  let apiUrl = '';
  let sandbox: ShippingSandbox;
  const biteship = () =>
    biteshipCarrier({ baseUrl: sandbox.endpoint, keys: async () => ({ apiKey: LOCAL_BITESHIP_SECRET.value.apiKey }) });

  /** Stands in for the API: records the webhooks. */
  beforeAll(async () => {
    api = createServer(async (request, response) => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      webhooks.push({
        path: url.pathname,
        headers: request.headers,
        body: JSON.parse((await readBody(request)).toString('utf8')) as Record<string, unknown>,
      });
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"received":true}');
    });
    await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
    const address = api.address();
    apiUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    sandbox = await startShippingSandbox({
      port: await freePort(),
      dataFile: join(dir, 'shipping-sandbox.json'),
      apiBaseUrl: () => apiUrl,
    });
  });
  afterAll(async () => {
    await sandbox?.stop();
    await new Promise<void>((resolve) => api.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    webhooks.length = 0;
  });

  const parcel = [{ name: 'Makanan kucing 2 kg', value: 185_000, weightGrams: 2000, quantity: 1 }];
  const place = (where: keyof typeof PLACES, name: string, withCoordinates = true): Place => ({
    contact: { name, phone: '+6281234567890' },
    address: `Jl. Contoh No. 1, ${where}`,
    postalCode: PLACES[where].postalCode,
    ...(withCoordinates ? { lat: PLACES[where].lat, lon: PLACES[where].lon } : {}),
  });
  const shipment = (serviceCode: string, overrides: Partial<ShipmentRequest> = {}): ShipmentRequest => ({
    shipmentId: `01JD${Date.now()}`,
    serviceCode,
    origin: place('kemang', 'Toko Sahabat'),
    destination: place('kelapaGading', 'Budi Santoso'),
    items: parcel,
    reference: 'order-1',
    ...overrides,
  });

  it('prices every service with coordinates, cheapest first, in our words', async () => {
    const rates = await biteship().rates({ origin: PLACES.kemang, destination: PLACES.kelapaGading, items: parcel });
    expect(rates.map((rate) => rate.serviceCode).sort()).toEqual([
      'grab:instant',
      'grab:same_day',
      'jne:reg',
      'jne:yes',
      'sicepat:best',
      'sicepat:reg',
    ]);
    expect(rates.map((rate) => rate.price)).toEqual([...rates.map((rate) => rate.price)].sort((a, b) => a - b));
    expect(rates.find((rate) => rate.serviceCode === 'jne:reg')).toMatchObject({
      courier: 'jne',
      service: 'REG',
      etaDays: { min: 1, max: 2 },
    });
    expect(rates.find((rate) => rate.serviceCode === 'grab:instant')).toMatchObject({
      courier: 'grab',
      service: 'instant',
      etaDays: { min: 0, max: 0 },
    });
  });

  it('leaves Grab out without coordinates, and refuses to price Grab when asked for it', async () => {
    const byPostalCode = { origin: { postalCode: '12730' }, destination: { postalCode: '14240' }, items: parcel };
    const rates = await biteship().rates(byPostalCode);
    expect(rates.length).toBeGreaterThan(0);
    expect(rates.some((rate) => rate.courier === 'grab')).toBe(false);
    await expect(biteship().rates({ ...byPostalCode, couriers: ['grab'] })).rejects.toThrow(MissingCoordinates);
  });

  it('books a JNE parcel: a waybill and the price; no label (PetPro renders its own, as against Biteship)', async () => {
    const booked = await biteship().createShipment(shipment('jne:reg'));
    expect(booked.trackingNumber).toMatch(/^\d{16}$/);
    expect(booked.carrierOrderId).toMatch(/^[0-9a-f]{24}$/);
    expect(booked.price).toBeGreaterThan(0);
    expect(booked.labelPdf).toBeUndefined();
  });

  it('will not book Grab without coordinates, nor Instant beyond its reach', async () => {
    await expect(
      biteship().createShipment(shipment('grab:instant', { destination: place('kelapaGading', 'Budi', false) })),
    ).rejects.toThrow(MissingCoordinates);
    await expect(
      biteship().createShipment(shipment('grab:instant', { destination: place('bandung', 'Budi') })),
    ).rejects.toThrow(ServiceNotOffered);
    expect((await biteship().createShipment(shipment('grab:instant'))).trackingNumber).toMatch(/^GK-6-/);
  });

  it('fails as unavailable with a wrong key, naming the status and not the key', async () => {
    const wrong = biteshipCarrier({ baseUrl: sandbox.endpoint, keys: async () => ({ apiKey: 'biteship_test.wrong' }) });
    const error = await wrong
      .rates({ origin: PLACES.kemang, destination: PLACES.bogor, items: parcel })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CarrierUnavailable);
    expect(String(error)).toContain('HTTP 401');
    expect(String(error)).not.toContain('wrong');
  });

  it("advances tracking step by step and sends Biteship's order.status webhook with the secret header", async () => {
    const booked = await biteship().createShipment(shipment('sicepat:reg'));
    const statuses: string[] = [];
    for (let step = 0; step < 3; step += 1) statuses.push((await sandbox.advance(booked.trackingNumber)).status);
    expect(statuses).toEqual(['picked', 'dropping_off', 'delivered']);
    expect(webhooks).toHaveLength(3);
    for (const webhook of webhooks) {
      expect(webhook.path).toBe('/v1/webhooks/shipping/biteship');
      expect(webhook.headers[BITESHIP_WEBHOOK_HEADER]).toBe(LOCAL_BITESHIP_SECRET.value.webhookSecret);
      expect(parseBiteshipWebhook(webhook.body)).toMatchObject({
        carrierOrderId: booked.carrierOrderId,
        trackingNumber: booked.trackingNumber,
      });
    }
    expect(webhooks.map((webhook) => webhook.body.status)).toEqual(['picked', 'dropping_off', 'delivered']);
    // Delivered is final: another step is refused, the same status again is a re-delivery.
    await expect(sandbox.advance(booked.trackingNumber)).rejects.toThrow(/already delivered/);
    await expect(sandbox.advance(booked.trackingNumber, 'returned')).rejects.toThrow(/already delivered/);
    expect((await sandbox.advance(booked.trackingNumber, 'delivered', { times: 2 })).deliveries).toEqual([200, 200]);
  });

  it('takes our words too, and answers the dev route', async () => {
    const booked = await biteship().createShipment(shipment('jne:yes'));
    expect((await sandbox.advance(booked.trackingNumber, 'in_transit')).status).toBe('dropping_off');
    const listed = sandbox.orders().find((order) => order.waybillId === booked.trackingNumber);
    expect(listed?.history.map((change) => change.status)).toEqual(['confirmed', 'dropping_off']);
    await expect(sandbox.advance('no-such-waybill')).rejects.toThrow(/no shipment/);
  });
});

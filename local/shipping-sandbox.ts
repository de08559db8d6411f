import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { haversineKm } from '#shared/lib/geo.ts';
import type { Courier } from '#shared/lib/shipping.ts';
import { BITESHIP_WEBHOOK_HEADER } from '../functions/shipping/biteship.ts';
import { renderLabel } from '../functions/shipping/label.ts';
import { COURIER_NAMES, serviceCodeOf, SERVICES } from '../functions/shipping/services.ts';
import { BITESHIP_WORD } from '../functions/shipping/status.ts';
import type { DevRoute } from './gateway.ts';
import { readBody, sendJson } from './http-util.ts';
import { LOCAL_BITESHIP_SECRET } from './messaging.ts';

/**
 * Stand-in for Biteship (the aggregator behind JNE, SiCepat and Grab) on its own port, speaking the
 * API the shipping adapter calls, with the API key checked: `POST /v1/rates/couriers` (prices from
 * the haversine distance and the weight, with ETAs), `POST /v1/orders` (a waybill, and a label PDF
 * linked as `label_url` — Biteship itself prints labels from its dashboard), `GET /v1/orders/{id}`
 * and `GET /v1/orders/{id}/label`. `advance()` (dev route `POST /dev/shipping/{waybill}/advance`)
 * moves an order's tracking on and sends Biteship's `order.status` webhook to the API, with the
 * secret header Biteship is configured to send, as Biteship would.
 */

/** Biteship's order statuses the sandbox moves through (biteship.com/docs/api/orders/overview). */
const BITESHIP_STATUSES = [
  'confirmed', 'scheduled', 'allocated', 'picking_up', 'picked', 'dropping_off', 'delivered',
  'cancelled', 'rejected', 'courier_not_found', 'on_hold', 'return_in_transit', 'returned', 'disposed',
] as const;
const HAPPY_PATH = ['confirmed', 'picked', 'dropping_off', 'delivered'] as const;
const FINAL = new Set(['delivered', 'cancelled', 'rejected', 'courier_not_found', 'returned', 'disposed']);
const MAX_TIMES = 20;
const WEBHOOK_TIMEOUT_MS = 15_000;
const DEV_PREFIX = '/dev/shipping';

export interface SandboxPlace {
  name: string;
  phone: string;
  address: string;
  postalCode: string | null;
  lat: number | null;
  lon: number | null;
}

export interface SandboxShippingOrder {
  /** Biteship's order id (24 hex characters). */
  id: string;
  referenceId: string | null;
  courier: Courier;
  type: string;
  /** The courier's waybill (resi). */
  waybillId: string;
  trackingId: string;
  /** In Biteship's words. */
  status: string;
  price: number;
  weightGrams: number;
  origin: SandboxPlace;
  destination: SandboxPlace;
  items: { name: string; value: number; weight: number; quantity: number }[];
  history: { status: string; at: string }[];
  createdAt: string;
  updatedAt: string;
}

export interface AdvanceResult {
  orderId: string;
  trackingNumber: string;
  status: string;
  /** HTTP status of each webhook delivery, in order (0: the API did not answer). */
  deliveries: number[];
}

export interface ShippingSandbox {
  endpoint: string;
  /** `/dev/shipping...` for the gateway: the list of orders and the advance control. */
  devRoutes: Record<string, DevRoute>;
  /**
   * Moves the order with this waybill (or Biteship order id) to `status` — Biteship's word or ours
   * (picked_up, in_transit, delivered, cancelled, returned) — or else to the next step of
   * confirmed → picked → dropping_off → delivered, and sends the webhook (`times` times; 0 = lost).
   */
  advance(trackingNumber: string, status?: string, options?: { times?: number }): Promise<AdvanceResult>;
  orders(): SandboxShippingOrder[];
  stop(): Promise<void>;
}

export class ShippingSandboxError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.name = 'ShippingSandboxError';
    this.status = status;
  }
}

// ---------------------------------------------------------------- prices

/** One offer as Biteship's rates API lists it, in its words. */
export interface SandboxOffer {
  courier: Courier;
  type: string;
  price: number;
  /** "1 - 2" */
  range: string;
  unit: 'days' | 'hours';
}

/** Distance bands: within a city, a metro area / nearby city, the island, neighbouring islands, across the archipelago. */
const ZONE_LIMITS_KM = [30, 150, 500, 1200] as const;
const zoneOf = (km: number) => {
  const index = ZONE_LIMITS_KM.findIndex((limit) => km <= limit);
  return index === -1 ? ZONE_LIMITS_KM.length : index;
};

/** Per-kilogram tariffs (rupiah) and ETAs (days) by zone, near published 2025 tariffs; null: not served there. */
const PARCEL_TARIFFS: Record<'jne:reg' | 'jne:yes' | 'sicepat:reg' | 'sicepat:best', { perKg: readonly (number | null)[]; eta: readonly [number, number][] }> = {
  'jne:reg': { perKg: [10_000, 15_000, 23_000, 36_000, 54_000], eta: [[1, 2], [2, 3], [2, 4], [3, 5], [4, 7]] },
  'jne:yes': { perKg: [18_000, 26_000, 37_000, 55_000, 80_000], eta: [[1, 1], [1, 1], [1, 1], [1, 2], [1, 2]] },
  'sicepat:reg': { perKg: [9_000, 14_000, 22_000, 34_000, 51_000], eta: [[1, 2], [1, 2], [2, 3], [3, 5], [4, 6]] },
  'sicepat:best': { perKg: [15_000, 22_000, 31_000, 46_000, null], eta: [[1, 1], [1, 1], [1, 1], [1, 2], [1, 2]] },
};

/** Grab Express by the road distance (≈ 1.3 × straight line): a base, a per-km rate, a limit. */
const GRAB = {
  instant: { baseRupiah: 11_000, perKm: 2_500, maxKm: 40, hours: '1 - 3' },
  same_day: { baseRupiah: 16_000, perKm: 1_200, maxKm: 80, hours: '6 - 8' },
} as const;
const GRAB_MAX_GRAMS = 20_000;
const ROAD_FACTOR = 1.3;

const roundUp = (amount: number, step = 500) => Math.ceil(amount / step) * step;

/**
 * What Biteship would offer for a parcel of `weightGrams` over `distanceKm` (straight line): JNE
 * REG/YES and SiCepat REG/BEST by zone and whole kilograms (rounded up, at least 1), Grab Instant
 * within 40 km and Same Day within 80 km (by the road), only `withCoordinates`, up to 20 kg.
 */
export function sandboxOffers(input: { distanceKm: number; weightGrams: number; withCoordinates: boolean }): SandboxOffer[] {
  const kg = Math.max(1, Math.ceil(input.weightGrams / 1000));
  const zone = zoneOf(input.distanceKm);
  const offers: SandboxOffer[] = [];
  for (const [code, tariff] of Object.entries(PARCEL_TARIFFS) as [keyof typeof PARCEL_TARIFFS, (typeof PARCEL_TARIFFS)[keyof typeof PARCEL_TARIFFS]][]) {
    const perKg = tariff.perKg[zone];
    if (perKg === null || perKg === undefined) continue;
    const [min, max] = tariff.eta[zone]!;
    offers.push({ courier: SERVICES[code].courier, type: SERVICES[code].biteshipType, price: roundUp(perKg * kg), range: min === max ? String(min) : `${min} - ${max}`, unit: 'days' });
  }
  if (input.withCoordinates && input.weightGrams <= GRAB_MAX_GRAMS) {
    const roadKm = Math.max(1, Math.ceil(input.distanceKm * ROAD_FACTOR));
    for (const [type, grab] of Object.entries(GRAB)) {
      if (input.distanceKm > grab.maxKm) continue;
      offers.push({ courier: 'grab', type, price: roundUp(grab.baseRupiah + grab.perKm * roadKm), range: grab.hours, unit: 'hours' });
    }
  }
  return offers.sort((a, b) => a.price - b.price);
}

/** Without coordinates, a distance guessed from how much of the postal codes agree (their digits go from region to village). */
export function postalDistanceKm(from: string, to: string): number {
  if (from === to) return 5;
  if (from.slice(0, 3) === to.slice(0, 3)) return 15;
  if (from.slice(0, 2) === to.slice(0, 2)) return 60;
  // The first digit is a region (1: Jakarta, Banten, Bogor, Bekasi; 4: West Java; 6: East Java; 2: North Sumatra, ...).
  if (from[0] === to[0]) return 100;
  return 800;
}

// ---------------------------------------------------------------- the server

type Json = Record<string, unknown>;
const isRecord = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const finite = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const postal = (value: unknown): string | null => (typeof value === 'number' || typeof value === 'string') && /^\d{5}$/.test(String(value)) ? String(value) : null;
const digits = (count: number) => Array.from(randomBytes(count), (byte) => String(byte % 10)).join('');
const alnum = (count: number) => Array.from(randomBytes(count), (byte) => 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'[byte % 32]).join('');

/** Waybills that look like each courier's: JNE 16 digits, SiCepat 12, Grab a booking code. */
function waybillFor(courier: Courier): string {
  if (courier === 'jne') return `${digits(1).replace('0', '1')}${digits(15)}`;
  if (courier === 'sicepat') return `00${digits(10)}`;
  return `GK-6-${alnum(10)}`;
}

async function jsonBody(request: IncomingMessage): Promise<unknown> {
  const raw = (await readBody(request, 1024 * 1024)).toString('utf8');
  if (!raw) return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    throw new ShippingSandboxError(400, 'body is not JSON');
  }
}

/** Biteship's error shape. */
const refuse = (response: ServerResponse, status: number, error: string, code: number) => sendJson(response, status, { success: false, error, code });

export async function startShippingSandbox(options: {
  port: number;
  dataFile: string;
  apiBaseUrl: () => string;
  log?: (line: string) => void;
}): Promise<ShippingSandbox> {
  const log = options.log ?? (() => {});
  const orders = new Map<string, SandboxShippingOrder>();
  if (existsSync(options.dataFile)) {
    const stored = JSON.parse(readFileSync(options.dataFile, 'utf8')) as { orders?: SandboxShippingOrder[] };
    for (const order of stored.orders ?? []) orders.set(order.id, order);
  }
  mkdirSync(dirname(options.dataFile), { recursive: true });
  const save = () => {
    const temporary = `${options.dataFile}.tmp`;
    writeFileSync(temporary, JSON.stringify({ orders: [...orders.values()] }, null, 2));
    renameSync(temporary, options.dataFile);
  };
  let endpoint = '';

  const authorized = (request: IncomingMessage) => request.headers.authorization === LOCAL_BITESHIP_SECRET.value.apiKey;
  const unauthorized = (response: ServerResponse) => refuse(response, 401, 'Authorization failed: the API key is not valid', 40101001);

  function findOrder(id: string): SandboxShippingOrder | undefined {
    return orders.get(id) ?? [...orders.values()].find((order) => order.waybillId === id || order.trackingId === id);
  }

  /** Biteship's `origin_*` / `destination_*` fields of an order request. */
  function placeOf(body: Json, prefix: 'origin' | 'destination'): SandboxPlace {
    const coordinate = body[`${prefix}_coordinate`];
    const lat = isRecord(coordinate) && finite(coordinate.latitude) ? coordinate.latitude : null;
    const lon = isRecord(coordinate) && finite(coordinate.longitude) ? coordinate.longitude : null;
    return {
      name: String(body[`${prefix}_contact_name`] ?? ''), phone: String(body[`${prefix}_contact_phone`] ?? ''),
      address: String(body[`${prefix}_address`] ?? ''), postalCode: postal(body[`${prefix}_postal_code`]), lat, lon,
    };
  }

  function itemsOf(body: Json): SandboxShippingOrder['items'] | undefined {
    if (!Array.isArray(body.items) || body.items.length === 0) return undefined;
    const items = body.items.map((item) => (isRecord(item) && typeof item.name === 'string' && finite(item.weight) && item.weight > 0
      ? { name: item.name, value: finite(item.value) ? item.value : 0, weight: item.weight, quantity: finite(item.quantity) && item.quantity > 0 ? item.quantity : 1 }
      : undefined));
    return items.every(Boolean) ? (items as SandboxShippingOrder['items']) : undefined;
  }

  /** The distance between two points, by coordinates when both have them, else by postal codes. */
  function distanceOf(origin: Pick<SandboxPlace, 'lat' | 'lon' | 'postalCode'>, destination: Pick<SandboxPlace, 'lat' | 'lon' | 'postalCode'>): { km: number; withCoordinates: boolean } | undefined {
    if (origin.lat !== null && origin.lon !== null && destination.lat !== null && destination.lon !== null) {
      return { km: haversineKm({ lat: origin.lat, lon: origin.lon }, { lat: destination.lat, lon: destination.lon }), withCoordinates: true };
    }
    if (origin.postalCode && destination.postalCode) return { km: postalDistanceKm(origin.postalCode, destination.postalCode), withCoordinates: false };
    return undefined;
  }

  async function rates(request: IncomingMessage, response: ServerResponse) {
    if (!authorized(request)) return unauthorized(response);
    const body = await jsonBody(request);
    if (!isRecord(body)) return refuse(response, 400, 'The request body is required', 40001001);
    const couriers = typeof body.couriers === 'string' ? body.couriers.split(',').map((courier) => courier.trim()).filter(Boolean) : [];
    if (couriers.length === 0) return refuse(response, 400, 'couriers is required', 40001001);
    const items = itemsOf(body);
    if (!items) return refuse(response, 400, 'items are required, each with a name and a weight', 40001001);
    const point = (prefix: 'origin' | 'destination') => ({
      lat: finite(body[`${prefix}_latitude`]) ? body[`${prefix}_latitude`] as number : null,
      lon: finite(body[`${prefix}_longitude`]) ? body[`${prefix}_longitude`] as number : null,
      postalCode: postal(body[`${prefix}_postal_code`]),
    });
    const distance = distanceOf(point('origin'), point('destination'));
    if (!distance) return refuse(response, 400, 'Give the coordinates or the postal codes of both the origin and the destination', 40001001);
    if (couriers.every((courier) => courier === 'grab') && !distance.withCoordinates) {
      return refuse(response, 400, 'Instant couriers need origin and destination coordinates', 40001001);
    }
    const weightGrams = items.reduce((sum, item) => sum + item.weight * item.quantity, 0);
    const pricing = sandboxOffers({ distanceKm: distance.km, weightGrams, withCoordinates: distance.withCoordinates })
      .filter((offer) => couriers.includes(offer.courier))
      .map((offer) => {
        const code = serviceCodeOf(offer.courier, offer.type)!;
        return {
          available_for_cash_on_delivery: offer.courier !== 'grab', available_for_insurance: true,
          company: offer.courier, courier_name: COURIER_NAMES[offer.courier], courier_code: offer.courier,
          courier_service_name: SERVICES[code].service, courier_service_code: offer.type, type: offer.type,
          description: offer.unit === 'hours' ? 'On demand' : 'Layanan reguler',
          duration: `${offer.range} ${offer.unit}`, shipment_duration_range: offer.range, shipment_duration_unit: offer.unit,
          service_type: offer.unit === 'hours' ? (offer.type === 'instant' ? 'instant' : 'same_day') : 'standard', shipping_type: 'parcel',
          price: offer.price,
        };
      });
    sendJson(response, 200, {
      success: true, object: 'courier_pricing', message: 'Success to retrieve courier pricing', code: 20001003,
      origin: point('origin'), destination: point('destination'), pricing,
    });
  }

  function orderBody(order: SandboxShippingOrder) {
    return {
      success: true, message: 'Order successfully created', object: 'order', id: order.id,
      shipper: { name: order.origin.name, phone: order.origin.phone },
      origin: { contact_name: order.origin.name, contact_phone: order.origin.phone, address: order.origin.address, postal_code: order.origin.postalCode === null ? null : Number(order.origin.postalCode), coordinate: { latitude: order.origin.lat, longitude: order.origin.lon } },
      destination: { contact_name: order.destination.name, contact_phone: order.destination.phone, address: order.destination.address, postal_code: order.destination.postalCode === null ? null : Number(order.destination.postalCode), coordinate: { latitude: order.destination.lat, longitude: order.destination.lon } },
      courier: {
        tracking_id: order.trackingId, waybill_id: order.waybillId, company: order.courier, type: order.type, name: null, phone: null,
        link: `${endpoint}/track/${order.waybillId}`, routing_code: null,
      },
      delivery: { datetime: order.createdAt, note: null, type: 'now', distance: null, distance_unit: 'kilometer' },
      reference_id: order.referenceId, items: order.items, price: order.price, status: order.status,
      // Not Biteship's: the sandbox hands out the label it would print from its dashboard.
      label_url: `${endpoint}/v1/orders/${order.id}/label`,
    };
  }

  async function createOrder(request: IncomingMessage, response: ServerResponse) {
    if (!authorized(request)) return unauthorized(response);
    const body = await jsonBody(request);
    if (!isRecord(body)) return refuse(response, 400, 'The request body is required', 40002001);
    for (const field of ['origin_contact_name', 'origin_contact_phone', 'origin_address', 'destination_contact_name', 'destination_contact_phone', 'destination_address', 'courier_company', 'courier_type']) {
      if (typeof body[field] !== 'string' || body[field] === '') return refuse(response, 400, `${field} is required`, 40002001);
    }
    const items = itemsOf(body);
    if (!items) return refuse(response, 400, 'items are required, each with a name and a weight', 40002001);
    const code = serviceCodeOf(String(body.courier_company), String(body.courier_type));
    if (!code) return refuse(response, 400, `Courier ${String(body.courier_company)} ${String(body.courier_type)} is not available`, 40002002);
    const service = SERVICES[code];
    const origin = placeOf(body, 'origin');
    const destination = placeOf(body, 'destination');
    if (service.needsCoordinates && (origin.lat === null || destination.lat === null)) {
      return refuse(response, 400, 'origin_coordinate and destination_coordinate are required for instant couriers', 40002003);
    }
    if (!service.needsCoordinates && (!origin.postalCode || !destination.postalCode)) {
      return refuse(response, 400, 'origin_postal_code and destination_postal_code are required', 40002001);
    }
    const weightGrams = items.reduce((sum, item) => sum + item.weight * item.quantity, 0);
    // By coordinates when both ends have them (as the rates were), else by postal codes.
    const priced = distanceOf(origin, destination)!;
    const offer = sandboxOffers({ distanceKm: priced.km, weightGrams, withCoordinates: priced.withCoordinates })
      .find((candidate) => candidate.courier === service.courier && candidate.type === service.biteshipType);
    if (!offer) return refuse(response, 400, `${COURIER_NAMES[service.courier]} ${service.service} does not serve this route for this parcel`, 40002002);
    const at = new Date().toISOString();
    const order: SandboxShippingOrder = {
      id: randomBytes(12).toString('hex'), referenceId: typeof body.reference_id === 'string' ? body.reference_id : null,
      courier: service.courier, type: service.biteshipType, waybillId: waybillFor(service.courier), trackingId: alnum(24),
      status: 'confirmed', price: offer.price, weightGrams, origin, destination, items,
      history: [{ status: 'confirmed', at }], createdAt: at, updatedAt: at,
    };
    orders.set(order.id, order);
    save();
    log(`[shipping] biteship order ${order.id} ${code} → waybill ${order.waybillId}`);
    sendJson(response, 200, orderBody(order));
  }

  function label(order: SandboxShippingOrder): Uint8Array {
    const code = serviceCodeOf(order.courier, order.type)!;
    return renderLabel({
      trackingNumber: order.waybillId, courierName: COURIER_NAMES[order.courier], service: SERVICES[code].service,
      sender: { name: order.origin.name, phone: order.origin.phone, address: order.origin.address, postalCode: order.origin.postalCode ?? undefined },
      recipient: { name: order.destination.name, phone: order.destination.phone, address: order.destination.address, postalCode: order.destination.postalCode ?? undefined },
      weightGrams: order.weightGrams, orderId: order.referenceId ?? order.id, shipmentId: order.id,
      items: order.items.map(({ name, quantity }) => ({ name, quantity })), bookedAt: order.createdAt,
    });
  }

  // ---- tracking ----

  async function deliver(order: SandboxShippingOrder): Promise<number> {
    const body = {
      event: 'order.status',
      courier_tracking_id: order.trackingId,
      courier_waybill_id: order.waybillId,
      courier_company: order.courier,
      courier_type: order.type,
      courier_driver_name: order.courier === 'grab' ? 'Bambang Sutrisno' : null,
      courier_driver_phone: order.courier === 'grab' ? '081234500000' : null,
      courier_driver_photo_url: null,
      courier_driver_plate_number: order.courier === 'grab' ? 'B 1234 XYZ' : null,
      courier_link: `${endpoint}/track/${order.waybillId}`,
      order_id: order.id,
      order_price: order.price,
      status: order.status,
    };
    const url = `${options.apiBaseUrl().replace(/\/+$/, '')}/v1/webhooks/shipping/biteship`;
    try {
      const answer = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'Biteship-Webhook', [BITESHIP_WEBHOOK_HEADER]: LOCAL_BITESHIP_SECRET.value.webhookSecret },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
      });
      await answer.arrayBuffer();
      log(`[shipping] biteship webhook ${order.waybillId} ${order.status} → ${answer.status}`);
      return answer.status;
    } catch (error) {
      log(`[shipping] biteship webhook ${order.waybillId} ${order.status} → not delivered: ${(error as Error).message}`);
      return 0;
    }
  }

  /** Biteship's word for `status` (its own, or ours). */
  function biteshipWord(status: string): string {
    if ((BITESHIP_STATUSES as readonly string[]).includes(status)) return status;
    if (Object.hasOwn(BITESHIP_WORD, status)) return BITESHIP_WORD[status as keyof typeof BITESHIP_WORD];
    throw new ShippingSandboxError(400, `status must be one of ${[...BITESHIP_STATUSES, ...Object.keys(BITESHIP_WORD)].join(', ')}`);
  }

  async function advance(trackingNumber: string, status?: string, advanceOptions: { times?: number } = {}): Promise<AdvanceResult> {
    const order = findOrder(trackingNumber);
    if (!order) throw new ShippingSandboxError(404, `no shipment with waybill ${trackingNumber}`);
    let target: string;
    if (status !== undefined) target = biteshipWord(status);
    else {
      const step = HAPPY_PATH.indexOf(order.status as (typeof HAPPY_PATH)[number]);
      const next = HAPPY_PATH[Math.max(0, step) + 1];
      if (FINAL.has(order.status) || !next) throw new ShippingSandboxError(409, `${order.waybillId} is already ${order.status}`);
      target = next;
    }
    // A final order cannot move again; the same status again is a re-delivery of its webhook.
    if (FINAL.has(order.status) && order.status !== target) throw new ShippingSandboxError(409, `${order.waybillId} is already ${order.status}`);
    if (order.status !== target) {
      const at = new Date().toISOString();
      Object.assign(order, { status: target, updatedAt: at, history: [...order.history, { status: target, at }] });
      save();
    }
    const times = Math.min(MAX_TIMES, Math.max(0, Math.floor(advanceOptions.times ?? 1)));
    const deliveries: number[] = [];
    for (let i = 0; i < times; i += 1) deliveries.push(await deliver(order));
    return { orderId: order.id, trackingNumber: order.waybillId, status: order.status, deliveries };
  }

  // ---- dev routes ----

  /** GET /dev/shipping (the orders, newest first), POST /dev/shipping/{waybill}/advance ({ status?, times? } as JSON or query). */
  const devRoute: DevRoute = async (request, response, url) => {
    try {
      const method = (request.method ?? 'GET').toUpperCase();
      const rest = url.pathname.slice(DEV_PREFIX.length).split('/').filter(Boolean).map((part) => decodeURIComponent(part));
      if (method === 'GET' && rest.length === 0) return sendJson(response, 200, { items: [...orders.values()].reverse() });
      if (method === 'POST' && rest.length === 2 && rest[1] === 'advance') {
        const body = /json/.test(request.headers['content-type'] ?? '') ? await jsonBody(request) : undefined;
        const field = (name: 'status' | 'times') => (isRecord(body) && body[name] !== undefined ? body[name] : (url.searchParams.get(name) ?? undefined));
        const status = field('status');
        const times = Number(field('times') ?? 1);
        return sendJson(response, 200, await advance(rest[0]!, status === undefined ? undefined : String(status), { times: Number.isFinite(times) ? times : 1 }));
      }
      sendJson(response, 404, { message: `not a shipping sandbox route: ${method} ${url.pathname}` });
    } catch (error) {
      if (!(error instanceof ShippingSandboxError)) throw error;
      sendJson(response, error.status, { message: error.message });
    }
  };

  const server: Server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const method = (request.method ?? 'GET').toUpperCase();
    try {
      if (method === 'POST' && url.pathname === '/v1/rates/couriers') return await rates(request, response);
      if (method === 'POST' && url.pathname === '/v1/orders') return await createOrder(request, response);
      const byId = /^\/v1\/orders\/([^/]+)(\/label)?$/.exec(url.pathname);
      if (method === 'GET' && byId) {
        if (!authorized(request)) return unauthorized(response);
        const order = findOrder(decodeURIComponent(byId[1]!));
        if (!order) return refuse(response, 404, 'Order not found', 40400001);
        if (!byId[2]) return sendJson(response, 200, orderBody(order));
        const pdf = label(order);
        response.writeHead(200, { 'content-type': 'application/pdf', 'content-length': pdf.byteLength, 'content-disposition': `inline; filename="${order.waybillId}.pdf"` });
        return response.end(pdf);
      }
      sendJson(response, 404, { success: false, error: `not supported by the local shipping sandbox: ${method} ${url.pathname}` });
    } catch (error) {
      if (error instanceof ShippingSandboxError) return refuse(response, error.status, error.message, error.status * 100_000);
      log(`[shipping] ${method} ${url.pathname} → 500: ${(error as Error).stack ?? String(error)}`);
      if (!response.headersSent) sendJson(response, 500, { success: false, error: 'shipping sandbox error' });
      else response.end();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  endpoint = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : options.port}`;

  return {
    endpoint,
    devRoutes: { [DEV_PREFIX]: devRoute },
    advance,
    orders: () => [...orders.values()].map((order) => structuredClone(order)),
    async stop() {
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    },
  };
}

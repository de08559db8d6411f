import { createHash, timingSafeEqual } from 'node:crypto';
import { ENV, optionalEnv, PAYMENT_PROVIDER_URLS } from '#shared/config/env.ts';
import { sendHttpRequest, type HttpAnswer } from '#shared/lib/http-request.ts';
import { COURIERS, type Courier } from '#shared/lib/shipping.ts';
import { biteshipKeys } from './keys.ts';
import {
  CarrierUnavailable,
  MissingCoordinates,
  ServiceNotOffered,
  type BookedAtCarrier,
  type CarrierPort,
  type Location,
  type ParcelItem,
  type Place,
  type Rate,
  type RateRequest,
  type ShipmentRequest,
} from './model.ts';
import { serviceCodeOf, serviceOf, SERVICES } from './services.ts';

/**
 * Biteship (api.biteship.com), the aggregator behind JNE, SiCepat and Grab: courier rates
 * (`POST /v1/rates/couriers`), orders (`POST /v1/orders`), and its `order.status` webhook. The
 * API key goes as the `authorization` header as is (Biteship's scheme: no "Bearer"); test and live
 * are told apart by the key. Base URL from the environment (the local sandbox on this machine).
 * Errors name Biteship and the HTTP status, never the key.
 */

const TIMEOUT_MS = 10_000;
const LIVE_URL = PAYMENT_PROVIDER_URLS.production.biteship[ENV.biteshipApiUrl];

/**
 * The header Biteship's webhook carries our secret in: Biteship's webhook settings take a custom
 * header name and value ("signature key" / "signature secret"); the operator sets this name and the
 * secret's `webhookSecret` (README, Deploy).
 */
export const BITESHIP_WEBHOOK_HEADER = 'x-petpro-signature';

type Json = Record<string, unknown>;
const isRecord = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
const trimSlash = (url: string) => url.replace(/\/+$/, '');
const sha256 = (value: string) => createHash('sha256').update(value, 'utf8').digest();

// ---------------------------------------------------------------- webhook

/** Compares digests, so neither the content nor the length of the secret leaks through timing. */
export function verifyBiteshipWebhook(received: string | undefined, webhookSecret: string): boolean {
  // An empty secret would accept any request that sends an empty header.
  if (received === undefined || webhookSecret === '') return false;
  return timingSafeEqual(sha256(received), sha256(webhookSecret));
}

export interface BiteshipTrackingUpdate {
  carrierOrderId: string;
  rawStatus: string;
  trackingNumber: string | null;
}

/**
 * An `order.status` webhook body → what we act on; `ignored` for Biteship's other events
 * (`order.price`, `order.waybill_id`) and its installation check (an empty body); undefined when
 * it claims to be a status update but is malformed.
 */
export function parseBiteshipWebhook(body: unknown): BiteshipTrackingUpdate | 'ignored' | undefined {
  if (!isRecord(body) || body.event !== 'order.status') return 'ignored';
  const carrierOrderId = text(body.order_id);
  const rawStatus = text(body.status);
  if (!carrierOrderId || !rawStatus || carrierOrderId.length > 100 || rawStatus.length > 50) return undefined;
  const waybill = text(body.courier_waybill_id);
  return {
    carrierOrderId,
    rawStatus: rawStatus.toLowerCase(),
    trackingNumber: waybill && waybill.length <= 100 ? waybill : null,
  };
}

// ---------------------------------------------------------------- API

export interface BiteshipOptions {
  keys?: () => Promise<{ apiKey: string }>;
  baseUrl?: string;
}

/** Biteship's words on an error (`error`, `message`), short; bodies never carry our key. */
function biteshipMessage(body: unknown): string {
  if (!isRecord(body)) return '';
  const message = [body.error, body.message].find((part): part is string => typeof part === 'string' && part !== '');
  return message ? `: ${message.slice(0, 200)}` : '';
}

/** A 4xx is Biteship's verdict on the request; our key (401/403), throttling and 5xx are worth a retry. */
const refused = (status: number) => status >= 400 && status < 500 && ![401, 403, 408, 429].includes(status);

const postalCode = (location: Location) =>
  location.postalCode && /^\d{5}$/.test(location.postalCode) ? Number(location.postalCode) : undefined;
const hasCoordinates = (location: Location) => typeof location.lat === 'number' && typeof location.lon === 'number';

const items = (parcel: readonly ParcelItem[]) =>
  parcel.map((item) => ({
    name: item.name.slice(0, 100),
    value: item.value,
    weight: item.weightGrams,
    quantity: item.quantity,
  }));

/** "1 - 2" days → { 1, 2 }; hours (instant, same day) → { 0, 0 }. */
export function etaDays(range: unknown, unit: unknown): { min: number; max: number } {
  if (unit === 'hours') return { min: 0, max: 0 };
  const numbers =
    typeof range === 'string' ? (range.match(/\d+/g) ?? []).map(Number) : typeof range === 'number' ? [range] : [];
  const min = numbers[0] ?? 1;
  return { min, max: Math.max(min, numbers[1] ?? min) };
}

export function biteshipCarrier(options: BiteshipOptions = {}): CarrierPort {
  const keys = options.keys ?? biteshipKeys;
  const base = () => trimSlash(options.baseUrl ?? optionalEnv(ENV.biteshipApiUrl) ?? LIVE_URL);

  async function call(
    what: string,
    path: string,
    init: { method: string; body?: string; headers?: Record<string, string> },
  ): Promise<{ status: number; body: unknown }> {
    let response: HttpAnswer;
    try {
      const headers = {
        'accept': 'application/json',
        'content-type': 'application/json',
        'authorization': (await keys()).apiKey,
        ...init.headers,
      };
      response = await sendHttpRequest(`${base()}${path}`, { ...init, headers, timeoutMs: TIMEOUT_MS });
    } catch (error) {
      throw new CarrierUnavailable(
        `biteship ${what} failed: ${(error as Error).name === 'TimeoutError' ? `no answer in ${TIMEOUT_MS} ms` : (error as Error).message}`,
        { cause: error },
      );
    }
    if (!/json/.test(String(response.headers['content-type'] ?? '')))
      return { status: response.status, body: undefined };
    try {
      return { status: response.status, body: response.text ? JSON.parse(response.text) : undefined };
    } catch {
      return { status: response.status, body: undefined };
    }
  }

  function failure(what: string, status: number, body: unknown): Error {
    const message = `biteship ${what} failed: HTTP ${status}${biteshipMessage(body)}`;
    return refused(status) ? new ServiceNotOffered(message) : new CarrierUnavailable(message);
  }

  const place = (prefix: 'origin' | 'destination', where: Place) => ({
    [`${prefix}_contact_name`]: where.contact.name.slice(0, 100),
    [`${prefix}_contact_phone`]: where.contact.phone,
    ...(where.contact.email ? { [`${prefix}_contact_email`]: where.contact.email } : {}),
    [`${prefix}_address`]: where.address.slice(0, 500),
    ...(where.note ? { [`${prefix}_note`]: where.note.slice(0, 200) } : {}),
    ...(postalCode(where) !== undefined ? { [`${prefix}_postal_code`]: postalCode(where) } : {}),
    ...(hasCoordinates(where) ? { [`${prefix}_coordinate`]: { latitude: where.lat, longitude: where.lon } } : {}),
  });

  return {
    carrier: 'biteship',

    async rates(request: RateRequest): Promise<Rate[]> {
      const coordinates = hasCoordinates(request.origin) && hasCoordinates(request.destination);
      const asked: readonly Courier[] = request.couriers ?? COURIERS;
      if (asked.includes('grab') && !coordinates && request.couriers) throw new MissingCoordinates('grab');
      const couriers = asked.filter((courier) => coordinates || courier !== 'grab');
      if (couriers.length === 0) return [];
      const body = {
        ...(coordinates
          ? {
              origin_latitude: request.origin.lat,
              origin_longitude: request.origin.lon,
              destination_latitude: request.destination.lat,
              destination_longitude: request.destination.lon,
            }
          : {}),
        ...(postalCode(request.origin) !== undefined ? { origin_postal_code: postalCode(request.origin) } : {}),
        ...(postalCode(request.destination) !== undefined
          ? { destination_postal_code: postalCode(request.destination) }
          : {}),
        couriers: couriers.join(','),
        items: items(request.items),
      };
      const { status, body: answer } = await call('rates', '/v1/rates/couriers', {
        method: 'POST',
        body: JSON.stringify(body),
      });
      if (status < 200 || status > 299) throw failure('rates', status, answer);
      if (!isRecord(answer) || !Array.isArray(answer.pricing))
        throw new CarrierUnavailable('biteship rates failed: no pricing in the answer');
      const rates: Rate[] = [];
      for (const offer of answer.pricing.filter(isRecord)) {
        const code = serviceCodeOf(
          String(offer.courier_code ?? offer.company ?? ''),
          String(offer.courier_service_code ?? offer.type ?? ''),
        );
        if (!code || !couriers.includes(SERVICES[code].courier)) continue;
        if (typeof offer.price !== 'number' || !Number.isSafeInteger(offer.price) || offer.price < 0) continue;
        rates.push({
          courier: SERVICES[code].courier,
          service: SERVICES[code].service,
          serviceCode: code,
          price: offer.price,
          etaDays: etaDays(offer.shipment_duration_range, offer.shipment_duration_unit),
        });
      }
      return rates.sort((a, b) => a.price - b.price);
    },

    async createShipment(request: ShipmentRequest): Promise<BookedAtCarrier> {
      const service = serviceOf(request.serviceCode);
      if (!service) throw new ServiceNotOffered(`biteship does not offer ${request.serviceCode}`);
      if (service.needsCoordinates && !(hasCoordinates(request.origin) && hasCoordinates(request.destination)))
        throw new MissingCoordinates(request.serviceCode);
      if (
        !service.needsCoordinates &&
        (postalCode(request.origin) === undefined || postalCode(request.destination) === undefined)
      ) {
        throw new ServiceNotOffered(`${request.serviceCode} needs the postal codes of the origin and the destination`);
      }
      const body = {
        shipper_contact_name: request.origin.contact.name.slice(0, 100),
        shipper_contact_phone: request.origin.contact.phone,
        shipper_organization: request.origin.contact.name.slice(0, 100),
        ...place('origin', request.origin),
        ...place('destination', request.destination),
        courier_company: service.courier,
        courier_type: service.biteshipType,
        delivery_type: 'now',
        // Our shipment: support finds it from the Biteship dashboard, and it names the order.
        reference_id: request.shipmentId,
        order_note: `PetPro order ${request.reference}`.slice(0, 200),
        metadata: { shipment_id: request.shipmentId, order_id: request.reference },
        items: items(request.items),
      };
      const { status, body: answer } = await call('create order', '/v1/orders', {
        method: 'POST',
        body: JSON.stringify(body),
      });
      if (status < 200 || status > 299) throw failure('create order', status, answer);
      const courier = isRecord(answer) && isRecord(answer.courier) ? answer.courier : {};
      const carrierOrderId = isRecord(answer) ? text(answer.id) : null;
      // Instant couriers may book before a waybill exists: Biteship's tracking id stands in until `order.waybill_id`.
      const trackingNumber = text(courier.waybill_id) ?? text(courier.tracking_id);
      if (!carrierOrderId || !trackingNumber)
        throw new CarrierUnavailable('biteship create order failed: no order id or waybill in the answer');
      const price =
        isRecord(answer) && typeof answer.price === 'number' && Number.isSafeInteger(answer.price)
          ? answer.price
          : undefined;
      return {
        carrierOrderId,
        trackingNumber,
        ...(price !== undefined ? { price } : {}),
      };
    },
  };
}

let cached: CarrierPort | undefined;

/** The Biteship adapter, built once (keys.ts caches its keys). */
export function carrier(): CarrierPort {
  cached ??= biteshipCarrier();
  return cached;
}

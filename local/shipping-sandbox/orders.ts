import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { sendJson } from '../http-util.ts';
import { LOCAL_BITESHIP_SECRET } from '../messaging.ts';
import { isRecord, jsonBody, type Json, type SandboxRoute } from '../sandbox-server.ts';
import { distanceOf, sandboxOffers, type SandboxPoint } from './prices.ts';
import type { OrderState, SandboxPlace, SandboxShippingOrder } from './state.ts';
import { COURIER_NAMES, serviceOf, type BiteshipCourier } from './vocabulary.ts';

/**
 * Biteship's API as the shipping adapter calls it, with the API key checked (the `authorization`
 * header as is): `POST /v1/rates/couriers` (offers for the couriers asked, by coordinates or postal
 * codes), `POST /v1/orders` (books a service: a waybill that looks like the courier's, the price, and
 * no label link, as Biteship), `GET /v1/orders/{id}`.
 * Primary flow: rates → order → the order's tracking moved on by `tracking.ts`. Refusals in Biteship's
 * error shape (`success: false`, `error`, `code`).
 */

const finite = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const postal = (value: unknown): string | null =>
  (typeof value === 'number' || typeof value === 'string') && /^\d{5}$/.test(String(value)) ? String(value) : null;
const digits = (count: number) => Array.from(randomBytes(count), (byte) => String(byte % 10)).join('');
const alnum = (count: number) =>
  Array.from(randomBytes(count), (byte) => 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'[byte % 32]).join('');

/** Waybills that look like each courier's: JNE 16 digits, SiCepat 12, Grab a booking code. */
function waybillFor(courier: BiteshipCourier): string {
  if (courier === 'jne') return `${digits(1).replace('0', '1')}${digits(15)}`;
  if (courier === 'sicepat') return `00${digits(10)}`;
  return `GK-6-${alnum(10)}`;
}

/** Biteship's error shape. */
export const refuse = (response: ServerResponse, status: number, error: string, code: number) =>
  sendJson(response, status, { success: false, error, code });

const authorized = (request: IncomingMessage) => request.headers.authorization === LOCAL_BITESHIP_SECRET.value.apiKey;
const unauthorized = (response: ServerResponse) =>
  refuse(response, 401, 'Authorization failed: the API key is not valid', 40101001);

/** Biteship's `origin_*` / `destination_*` fields of an order request. */
function placeOf(body: Json, prefix: 'origin' | 'destination'): SandboxPlace {
  const coordinate = body[`${prefix}_coordinate`];
  const lat = isRecord(coordinate) && finite(coordinate.latitude) ? coordinate.latitude : null;
  const lon = isRecord(coordinate) && finite(coordinate.longitude) ? coordinate.longitude : null;
  return {
    name: String(body[`${prefix}_contact_name`] ?? ''),
    phone: String(body[`${prefix}_contact_phone`] ?? ''),
    address: String(body[`${prefix}_address`] ?? ''),
    postalCode: postal(body[`${prefix}_postal_code`]),
    lat,
    lon,
  };
}

/** A place as Biteship's order answer words it (its `origin` and `destination`). */
function placeBody(place: SandboxPlace) {
  return {
    contact_name: place.name,
    contact_phone: place.phone,
    address: place.address,
    postal_code: place.postalCode === null ? null : Number(place.postalCode),
    coordinate: { latitude: place.lat, longitude: place.lon },
  };
}

function itemsOf(body: Json): SandboxShippingOrder['items'] | undefined {
  if (!Array.isArray(body.items) || body.items.length === 0) return undefined;
  const items = body.items.map((item) =>
    isRecord(item) && typeof item.name === 'string' && finite(item.weight) && item.weight > 0
      ? {
          name: item.name,
          value: finite(item.value) ? item.value : 0,
          weight: item.weight,
          quantity: finite(item.quantity) && item.quantity > 0 ? item.quantity : 1,
        }
      : undefined,
  );
  return items.every(Boolean) ? (items as SandboxShippingOrder['items']) : undefined;
}

const weightOf = (items: SandboxShippingOrder['items']) =>
  items.reduce((sum, item) => sum + item.weight * item.quantity, 0);

/** `endpoint`: the sandbox's own address (known once it listens), for the order's links. */
export function orderRoutes(state: OrderState, endpoint: () => string, log: (line: string) => void): SandboxRoute[] {
  async function rates(request: IncomingMessage, response: ServerResponse) {
    if (!authorized(request)) return unauthorized(response);
    const body = await jsonBody(request);
    if (!isRecord(body)) return refuse(response, 400, 'The request body is required', 40001001);
    const couriers =
      typeof body.couriers === 'string'
        ? body.couriers
            .split(',')
            .map((courier) => courier.trim())
            .filter(Boolean)
        : [];
    if (couriers.length === 0) return refuse(response, 400, 'couriers is required', 40001001);
    const items = itemsOf(body);
    if (!items) return refuse(response, 400, 'items are required, each with a name and a weight', 40001001);
    const point = (prefix: 'origin' | 'destination'): SandboxPoint => ({
      lat: finite(body[`${prefix}_latitude`]) ? (body[`${prefix}_latitude`] as number) : null,
      lon: finite(body[`${prefix}_longitude`]) ? (body[`${prefix}_longitude`] as number) : null,
      postalCode: postal(body[`${prefix}_postal_code`]),
    });
    const distance = distanceOf(point('origin'), point('destination'));
    if (!distance)
      return refuse(
        response,
        400,
        'Give the coordinates or the postal codes of both the origin and the destination',
        40001001,
      );
    if (couriers.every((courier) => courier === 'grab') && !distance.withCoordinates) {
      return refuse(response, 400, 'Instant couriers need origin and destination coordinates', 40001001);
    }
    const pricing = sandboxOffers({
      distanceKm: distance.km,
      weightGrams: weightOf(items),
      withCoordinates: distance.withCoordinates,
    })
      .filter((offer) => couriers.includes(offer.courier))
      .map((offer) => ({
        available_for_cash_on_delivery: offer.courier !== 'grab',
        available_for_insurance: true,
        company: offer.courier,
        courier_name: COURIER_NAMES[offer.courier],
        courier_code: offer.courier,
        courier_service_name: serviceOf(offer.courier, offer.type)!.name,
        courier_service_code: offer.type,
        type: offer.type,
        description: offer.unit === 'hours' ? 'On demand' : 'Layanan reguler',
        duration: `${offer.range} ${offer.unit}`,
        shipment_duration_range: offer.range,
        shipment_duration_unit: offer.unit,
        service_type: offer.unit === 'hours' ? (offer.type === 'instant' ? 'instant' : 'same_day') : 'standard',
        shipping_type: 'parcel',
        price: offer.price,
      }));
    sendJson(response, 200, {
      success: true,
      object: 'courier_pricing',
      message: 'Success to retrieve courier pricing',
      code: 20001003,
      origin: point('origin'),
      destination: point('destination'),
      pricing,
    });
  }

  function orderBody(order: SandboxShippingOrder) {
    return {
      success: true,
      message: 'Order successfully created',
      object: 'order',
      id: order.id,
      shipper: { name: order.origin.name, phone: order.origin.phone },
      origin: placeBody(order.origin),
      destination: placeBody(order.destination),
      courier: {
        tracking_id: order.trackingId,
        waybill_id: order.waybillId,
        company: order.courier,
        type: order.type,
        name: null,
        phone: null,
        link: `${endpoint()}/track/${order.waybillId}`,
        routing_code: null,
      },
      delivery: { datetime: order.createdAt, note: null, type: 'now', distance: null, distance_unit: 'kilometer' },
      reference_id: order.referenceId,
      items: order.items,
      price: order.price,
      status: order.status,
      // No label link: Biteship prints labels from its dashboard only (decision 0017), so PetPro renders its own.
    };
  }

  async function create(request: IncomingMessage, response: ServerResponse) {
    if (!authorized(request)) return unauthorized(response);
    const body = await jsonBody(request);
    if (!isRecord(body)) return refuse(response, 400, 'The request body is required', 40002001);
    for (const field of [
      'origin_contact_name',
      'origin_contact_phone',
      'origin_address',
      'destination_contact_name',
      'destination_contact_phone',
      'destination_address',
      'courier_company',
      'courier_type',
    ]) {
      if (typeof body[field] !== 'string' || body[field] === '')
        return refuse(response, 400, `${field} is required`, 40002001);
    }
    const items = itemsOf(body);
    if (!items) return refuse(response, 400, 'items are required, each with a name and a weight', 40002001);
    const service = serviceOf(String(body.courier_company), String(body.courier_type));
    if (!service)
      return refuse(
        response,
        400,
        `Courier ${String(body.courier_company)} ${String(body.courier_type)} is not available`,
        40002002,
      );
    const origin = placeOf(body, 'origin');
    const destination = placeOf(body, 'destination');
    if (service.instant && (origin.lat === null || destination.lat === null)) {
      return refuse(
        response,
        400,
        'origin_coordinate and destination_coordinate are required for instant couriers',
        40002003,
      );
    }
    if (!service.instant && (!origin.postalCode || !destination.postalCode)) {
      return refuse(response, 400, 'origin_postal_code and destination_postal_code are required', 40002001);
    }
    const weightGrams = weightOf(items);
    // By coordinates when both ends have them (as the rates were), else by postal codes.
    const priced = distanceOf(origin, destination)!;
    const offer = sandboxOffers({ distanceKm: priced.km, weightGrams, withCoordinates: priced.withCoordinates }).find(
      (candidate) => candidate.courier === service.courier && candidate.type === service.code,
    );
    if (!offer)
      return refuse(
        response,
        400,
        `${COURIER_NAMES[service.courier]} ${service.name} does not serve this route for this parcel`,
        40002002,
      );
    const at = new Date().toISOString();
    const order: SandboxShippingOrder = {
      id: randomBytes(12).toString('hex'),
      referenceId: typeof body.reference_id === 'string' ? body.reference_id : null,
      courier: service.courier,
      type: service.code,
      waybillId: waybillFor(service.courier),
      trackingId: alnum(24),
      status: 'confirmed',
      price: offer.price,
      weightGrams,
      origin,
      destination,
      items,
      history: [{ status: 'confirmed', at }],
      createdAt: at,
      updatedAt: at,
    };
    state.orders.set(order.id, order);
    state.save();
    log(`[shipping] biteship order ${order.id} ${service.courier}:${service.code} → waybill ${order.waybillId}`);
    sendJson(response, 200, orderBody(order));
  }

  function read(request: IncomingMessage, response: ServerResponse, id: string) {
    if (!authorized(request)) return unauthorized(response);
    const order = state.find(id);
    if (!order) return refuse(response, 404, 'Order not found', 40400001);
    return sendJson(response, 200, orderBody(order));
  }

  return [
    { method: 'POST', path: '/v1/rates/couriers', handle: (request, response) => rates(request, response) },
    { method: 'POST', path: '/v1/orders', handle: (request, response) => create(request, response) },
    {
      method: 'GET',
      path: /^\/v1\/orders\/([^/]+)$/,
      handle: (request, response, { params }) => read(request, response, params[0]!),
    },
  ];
}

import type { DevRoute } from '../gateway.ts';
import { sendJson } from '../http-util.ts';
import { LOCAL_BITESHIP_SECRET } from '../messaging.ts';
import { devRequest, isRecord, jsonBody, postWebhook, SandboxHttpError, trimBase } from '../sandbox-server.ts';
import { ShippingSandboxError, type OrderState, type SandboxShippingOrder } from './state.ts';
import { BITESHIP_STATUSES, FINAL, HAPPY_PATH, STATUS_ALIASES } from './vocabulary.ts';

/**
 * An order's tracking: `advance()` moves it to a status (Biteship's word, or the platform's) or one
 * step along confirmed → picked → dropping_off → delivered, and sends Biteship's `order.status`
 * webhook to the API `times` times (duplicates; 0: lost), with the secret in the header this
 * account's webhook is set up with. A final order does not move again; the same status again
 * re-delivers its webhook. The dev route `POST /dev/shipping/{waybill}/advance` runs it;
 * `GET /dev/shipping` lists the orders.
 */

export const DEV_PREFIX = '/dev/shipping';
const MAX_TIMES = 20;

/**
 * The header the webhook carries the secret in. Biteship's webhook settings take a custom header
 * name and value; this is the name the platform's operator enters there (README, Deploy), and the
 * value is `LOCAL_BITESHIP_SECRET.webhookSecret`.
 */
export const WEBHOOK_SECRET_HEADER = 'x-petpro-signature';

export interface AdvanceResult {
  orderId: string;
  trackingNumber: string;
  status: string;
  /** HTTP status of each webhook delivery, in order (0: the API did not answer). */
  deliveries: number[];
}

export type Advance = (trackingNumber: string, status?: string, options?: { times?: number }) => Promise<AdvanceResult>;

/** Biteship's word for `status` (its own, or the platform's). */
function biteshipWord(status: string): string {
  if ((BITESHIP_STATUSES as readonly string[]).includes(status)) return status;
  if (Object.hasOwn(STATUS_ALIASES, status)) return STATUS_ALIASES[status]!;
  throw new ShippingSandboxError(
    400,
    `status must be one of ${[...BITESHIP_STATUSES, ...Object.keys(STATUS_ALIASES)].join(', ')}`,
  );
}

/** `endpoint`: the sandbox's own address, for the tracking link. */
export function createTracking(options: {
  state: OrderState;
  endpoint: () => string;
  apiBaseUrl: () => string;
  log: (line: string) => void;
}): { advance: Advance; devRoute: DevRoute } {
  const { state, log } = options;

  function deliver(order: SandboxShippingOrder): Promise<number> {
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
      courier_link: `${options.endpoint()}/track/${order.waybillId}`,
      order_id: order.id,
      order_price: order.price,
      status: order.status,
    };
    return postWebhook({
      url: `${trimBase(options.apiBaseUrl())}/v1/webhooks/shipping/biteship`,
      headers: { 'user-agent': 'Biteship-Webhook', [WEBHOOK_SECRET_HEADER]: LOCAL_BITESHIP_SECRET.value.webhookSecret },
      body,
      what: `[shipping] biteship webhook ${order.waybillId} ${order.status}`,
      log,
    });
  }

  async function advance(
    trackingNumber: string,
    status?: string,
    advanceOptions: { times?: number } = {},
  ): Promise<AdvanceResult> {
    const order = state.find(trackingNumber);
    if (!order) throw new ShippingSandboxError(404, `no shipment with waybill ${trackingNumber}`);
    let target: string;
    if (status !== undefined) target = biteshipWord(status);
    else {
      const step = HAPPY_PATH.indexOf(order.status as (typeof HAPPY_PATH)[number]);
      const next = HAPPY_PATH[Math.max(0, step) + 1];
      if (FINAL.has(order.status) || !next)
        throw new ShippingSandboxError(409, `${order.waybillId} is already ${order.status}`);
      target = next;
    }
    // A final order cannot move again; the same status again is a re-delivery of its webhook.
    if (FINAL.has(order.status) && order.status !== target)
      throw new ShippingSandboxError(409, `${order.waybillId} is already ${order.status}`);
    if (order.status !== target) {
      const at = new Date().toISOString();
      Object.assign(order, { status: target, updatedAt: at, history: [...order.history, { status: target, at }] });
      state.save();
    }
    const times = Math.min(MAX_TIMES, Math.max(0, Math.floor(advanceOptions.times ?? 1)));
    const deliveries: number[] = [];
    for (let i = 0; i < times; i += 1) deliveries.push(await deliver(order));
    return { orderId: order.id, trackingNumber: order.waybillId, status: order.status, deliveries };
  }

  /** GET /dev/shipping (the orders, newest first), POST /dev/shipping/{waybill}/advance ({ status?, times? } as JSON or query). */
  const devRoute: DevRoute = async (request, response, url) => {
    try {
      const { method, rest } = devRequest(request, url, DEV_PREFIX);
      if (method === 'GET' && rest.length === 0)
        return sendJson(response, 200, { items: [...state.orders.values()].reverse() });
      if (method === 'POST' && rest.length === 2 && rest[1] === 'advance') {
        const body = /json/.test(request.headers['content-type'] ?? '') ? await jsonBody(request) : undefined;
        const field = (name: 'status' | 'times') =>
          isRecord(body) && body[name] !== undefined ? body[name] : (url.searchParams.get(name) ?? undefined);
        const status = field('status');
        const times = Number(field('times') ?? 1);
        return sendJson(
          response,
          200,
          await advance(rest[0]!, status === undefined ? undefined : String(status), {
            times: Number.isFinite(times) ? times : 1,
          }),
        );
      }
      sendJson(response, 404, { message: `not a shipping sandbox route: ${method} ${url.pathname}` });
    } catch (error) {
      if (!(error instanceof SandboxHttpError)) throw error;
      sendJson(response, error.status, { message: error.message });
    }
  };

  return { advance, devRoute };
}

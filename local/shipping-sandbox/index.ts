import type { DevRoute } from '../gateway.ts';
import { startSandboxServer } from '../sandbox-server.ts';
import { orderRoutes } from './orders.ts';
import { openOrderState, type SandboxShippingOrder } from './state.ts';
import { createTracking, DEV_PREFIX, type AdvanceResult } from './tracking.ts';

/**
 * Stand-in for Biteship (the aggregator behind JNE, SiCepat and Grab) on its own port, speaking the
 * API the shipping adapter calls in Biteship's own words, with the API key checked: rates, orders
 * (a waybill; no label link, as Biteship) and their lookup. `advance()` (dev
 * route `POST /dev/shipping/{waybill}/advance`) moves an order's tracking on and sends Biteship's
 * `order.status` webhook to the API, with the secret header Biteship is configured to send.
 *
 * This file composes the areas: `orders.ts` (the API), `prices.ts` (what it charges), `waybill.ts`
 * (the PDF), `tracking.ts` (advance, webhooks, dev route), `state.ts` (the orders and their file),
 * `vocabulary.ts` (Biteship's couriers, services and statuses); the HTTP server is
 * `../sandbox-server.ts`, shared with the payment sandbox. Nothing here comes from `functions/`.
 */

export { postalDistanceKm, sandboxOffers, type SandboxOffer } from './prices.ts';
export { ShippingSandboxError, type SandboxPlace, type SandboxShippingOrder } from './state.ts';
export { WEBHOOK_SECRET_HEADER, type AdvanceResult } from './tracking.ts';

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

export async function startShippingSandbox(options: {
  port: number;
  dataFile: string;
  apiBaseUrl: () => string;
  log?: (line: string) => void;
}): Promise<ShippingSandbox> {
  const log = options.log ?? (() => {});
  const state = openOrderState(options.dataFile);
  let endpoint = '';
  const tracking = createTracking({ state, endpoint: () => endpoint, apiBaseUrl: options.apiBaseUrl, log });

  const server = await startSandboxServer({
    title: 'shipping sandbox',
    tag: 'shipping',
    port: options.port,
    log,
    // Biteship's error shape; a refusal carries a code (status × 100 000) as Biteship's do.
    errorBody: (status, message, refusal) => ({
      success: false,
      error: message,
      ...(refusal ? { code: status * 100_000 } : {}),
    }),
    routes: orderRoutes(state, () => endpoint, log),
  });
  endpoint = server.endpoint;

  return {
    endpoint,
    devRoutes: { [DEV_PREFIX]: tracking.devRoute },
    advance: tracking.advance,
    orders: () => [...state.orders.values()].map((order) => structuredClone(order)),
    stop: () => server.stop(),
  };
}

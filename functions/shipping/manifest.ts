import * as z from 'zod';
import { defineDomain } from '#shared/manifest/types.ts';
import { commonProblems, problemResponse, ruleProblem } from '#shared/http/schemas.ts';
import { REJECTED_WEBHOOK_LOG } from './model.ts';
import * as s from './schemas.ts';

// Carriers retry; a flood from anyone else should not reach the table.
const webhookThrottle = { rateLimit: 20, burstLimit: 40 } as const;
// Carriers send their own shapes (and an empty body to check the URL); verification, not a schema, decides what is accepted.
const anyObject = z.lazy(() => z.record(z.string(), z.unknown()));

/** Shipping: courier rates (and the rate offers orders' quote reads), booking for orders' ship requests, labels and tracking through Biteship (JNE, SiCepat, Grab). */
export const manifest = defineDomain({
  domain: 'shipping',
  description: 'Courier rates, bookings with labels, and verified forward-only tracking (Biteship: JNE, SiCepat, Grab)',
  routes: {
    rates: {
      method: 'POST',
      path: '/v1/shipping/rates',
      handler: 'handlers/rates.ts',
      useCase: 'courierRates.rates',
      emits: [],
      auth: 'user',
      access: { table: 'readwrite', providerSecrets: ['biteship'] },
      summary:
        "Courier rates (price and ETA per service) from a vendor or a point to one of the caller's addresses or a point; " +
        '`serviceCode` is what checkout takes. Grab (instant, same day) only when both ends have coordinates, instant within about 40 km. ' +
        'Asked from a vendor to one of your addresses, each rate is kept for 30 minutes as the offer your checkout quote charges for that shop ' +
        '(for parcels up to `weightGrams`; a newer ask replaces it)',
      request: { body: s.ratesInput },
      responses: {
        200: { description: 'Offered services, cheapest first', body: s.ratesAnswer },
        ...commonProblems,
        ...ruleProblem('The courier network does not serve these points'),
        502: problemResponse('The carrier could not be reached: try again'),
      },
    },
    carrierWebhook: {
      method: 'POST',
      path: '/v1/webhooks/shipping/{carrier}',
      handler: 'handlers/carrier-webhook.ts',
      useCase: 'tracking.receive',
      emits: ['shipment.tracking_received'],
      auth: 'public',
      access: { table: 'readwrite', providerSecrets: ['biteship'] },
      throttle: webhookThrottle,
      summary:
        'Tracking updates from the carrier (`biteship`: its order.status webhook, verified by the secret header it is configured to send); ' +
        'else 401 and nothing changes. Applied from an event, forward only',
      logAlarms: [
        {
          message: REJECTED_WEBHOOK_LOG,
          atLeast: 10,
          minutes: 5,
          description: 'Many carrier webhooks failed verification (a wrong webhook secret, or someone forging them)',
        },
      ],
      request: { params: s.carrierParams, body: anyObject.optional() },
      responses: {
        200: { description: 'Received (applied from the event)', body: z.object({ received: z.literal(true) }) },
        400: problemResponse('Not JSON'),
        401: problemResponse('Verification failed: nothing changes'),
        404: problemResponse('Not a carrier we work with'),
      },
    },
    getShipment: {
      method: 'GET',
      path: '/v1/shipments/{shipmentId}',
      handler: 'handlers/get-shipment.ts',
      useCase: 'shipments.shipmentFor',
      emits: [],
      auth: 'user',
      access: { table: 'read', uploads: 'read' },
      summary:
        "A shipment and its tracking history (the order's customer, the vendor's staff with a fresh label link, platform admins; anyone else 404)",
      request: { params: s.shipmentParams },
      responses: { 200: { description: 'Shipment', body: s.shipment }, ...commonProblems },
    },
  },
  subscriptions: {
    applyTracking: {
      description:
        'A verified tracking update moves the shipment forward (once), with shipment.status_changed; duplicates and older statuses change nothing',
      events: ['shipment.tracking_received'],
      handler: 'handlers/on-tracking.ts',
      useCase: 'tracking.applyTracking',
      emits: ['shipment.status_changed'],
      access: { table: 'readwrite' },
    },
    bookForOrder: {
      description:
        "An order's ship request books the courier (once per order: shipment.status_changed booked, the label stored); " +
        'a refusal for good is answered with shipment.booking_failed (once per request), a carrier outage is retried',
      events: ['order.ship_requested'],
      handler: 'handlers/on-ship-requested.ts',
      useCase: 'shipmentBookings.fulfilShipRequest',
      emits: ['shipment.booking_failed', 'shipment.status_changed'],
      access: { table: 'readwrite', uploads: 'readwrite', providerSecrets: ['biteship'] },
    },
    saveOrigin: {
      description:
        "Keeps shipping's copy of each vendor's pickup point (address, coordinates, phone); the newest listing wins",
      events: ['vendor.listing_updated'],
      handler: 'handlers/on-listing-updated.ts',
      useCase: 'origins.saveOrigin',
      emits: [],
      access: { table: 'readwrite' },
    },
  },
});

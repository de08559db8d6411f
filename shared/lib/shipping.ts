/**
 * The shared vocabulary of shipping: couriers, and where a shipment stands. The shipping domain
 * owns shipments; orders, notifications and the event catalog read these lists.
 */

/** The couriers a vendor can ship with (through the Biteship aggregator). */
export const COURIERS = ['jne', 'sicepat', 'grab'] as const;
export type Courier = (typeof COURIERS)[number];

/** Carriers / aggregators whose API and webhooks the shipping domain speaks. */
export const CARRIERS = ['biteship'] as const;
export type Carrier = (typeof CARRIERS)[number];

/**
 * Where a shipment stands, forward only:
 *   requested → booked → picked_up → in_transit → delivered
 *   requested/booked/picked_up → cancelled; picked_up/in_transit → returned
 * `requested`: our record exists, the courier has not confirmed the booking yet.
 */
export const SHIPMENT_STATUSES = [
  'requested',
  'booked',
  'picked_up',
  'in_transit',
  'delivered',
  'cancelled',
  'returned',
] as const;
export type ShipmentStatus = (typeof SHIPMENT_STATUSES)[number];

/** A courier service as checkout and the ship route name it: `<courier>:<service>`, e.g. `jne:reg`, `grab:instant`. */
export const SERVICE_CODE_PATTERN = /^(jne|sicepat|grab):([a-z_]{2,20})$/;

/**
 * How long a rate offer holds (shared/table/rate-offers.ts: shipping publishes one per service it
 * quotes from a vendor to a customer's address; orders' checkout quote prices from it) — the window
 * checkout keeps a quote's shipping for.
 */
export const RATE_OFFER_VALID_MINUTES = 30;

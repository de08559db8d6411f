import { forwardOnly } from '#shared/lib/forward-only.ts';
import type { ShipmentStatus } from '#shared/lib/shipping.ts';

/**
 * The carriers' tracking vocabularies mapped to ours, and the forward-only machine. Pure: the
 * domain uses `isForward` as the one rule for tracking updates that arrive late, twice or out of order.
 */

/**
 * Biteship order statuses (biteship.com/docs/api/orders/overview) → ours; `null` for statuses we
 * know but do not act on (on hold, on the way back, disposed), `undefined` for unknown words.
 */
const BITESHIP: Readonly<Record<string, ShipmentStatus | null>> = {
  confirmed: 'booked',
  scheduled: 'booked',
  allocated: 'booked',
  picking_up: 'booked',
  picked: 'picked_up',
  // Biteship's last mile; some couriers report `in_transit` between hubs.
  in_transit: 'in_transit',
  dropping_off: 'in_transit',
  delivered: 'delivered',
  cancelled: 'cancelled',
  rejected: 'cancelled',
  courier_not_found: 'cancelled',
  returned: 'returned',
  on_hold: null,
  return_in_transit: null,
  disposed: null,
};

export function biteshipStatus(raw: string): ShipmentStatus | null | undefined {
  return Object.hasOwn(BITESHIP, raw) ? BITESHIP[raw] : undefined;
}

/** Ours → the Biteship word that means it (the sandbox moves orders with these). */
export const BITESHIP_WORD: Readonly<Record<Exclude<ShipmentStatus, 'requested'>, string>> = {
  booked: 'confirmed',
  picked_up: 'picked',
  in_transit: 'dropping_off',
  delivered: 'delivered',
  cancelled: 'cancelled',
  returned: 'returned',
};

/** The single steps a shipment can take; `isForward` is their transitive closure (shared/lib/forward-only.ts). */
const STEPS: Readonly<Record<ShipmentStatus, readonly ShipmentStatus[]>> = {
  requested: ['booked', 'cancelled'],
  booked: ['picked_up', 'cancelled'],
  // A courier may still reject a parcel it picked up (damaged, forbidden goods).
  picked_up: ['in_transit', 'cancelled', 'returned'],
  in_transit: ['delivered', 'returned'],
  delivered: [],
  cancelled: [],
  returned: [],
};

// Forward only over the closure, so a late update can jump several steps (`delivered` seen before `picked`).
export const { isForward, isFinal, applyUpdates } = forwardOnly(STEPS);

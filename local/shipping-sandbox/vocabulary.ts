/**
 * Biteship's own words, as its API sends and takes them, defined here and not borrowed from the
 * adapter (a stand-in sharing the adapter's tables could not catch the adapter's mistakes): the
 * couriers (`courier_code` / `courier_company`), their services (`courier_service_code` /
 * `courier_type`) and the order statuses its `order.status` webhook carries. Pure data.
 */

/** Biteship's `courier_code` of the couriers the sandbox serves. */
export type BiteshipCourier = 'jne' | 'sicepat' | 'grab';

/** `courier_name` by `courier_code`. */
export const COURIER_NAMES: Readonly<Record<BiteshipCourier, string>> = {
  jne: 'JNE',
  sicepat: 'SiCepat',
  grab: 'Grab',
};

export interface BiteshipService {
  courier: BiteshipCourier;
  /** `courier_service_code` (rates) / `courier_type` (orders). */
  code: string;
  /** `courier_service_name`. */
  name: string;
  /** An instant courier: priced and booked by map points, so both ends need coordinates. */
  instant: boolean;
}

/** The services the sandbox offers: JNE REG and YES, SiCepat REG and BEST, Grab Instant and Same Day. */
export const SERVICES: readonly BiteshipService[] = [
  { courier: 'jne', code: 'reg', name: 'REG', instant: false },
  { courier: 'jne', code: 'yes', name: 'YES', instant: false },
  { courier: 'sicepat', code: 'reg', name: 'REG', instant: false },
  { courier: 'sicepat', code: 'best', name: 'BEST', instant: false },
  { courier: 'grab', code: 'instant', name: 'instant', instant: true },
  { courier: 'grab', code: 'same_day', name: 'same_day', instant: true },
];

/** A service by `courier_code` and `courier_service_code`, when the sandbox offers it. */
export const serviceOf = (courier: string, code: string): BiteshipService | undefined =>
  SERVICES.find((service) => service.courier === courier && service.code === code);

/** Biteship's order statuses the sandbox moves through (biteship.com/docs/api/orders/overview). */
export const BITESHIP_STATUSES = [
  'confirmed',
  'scheduled',
  'allocated',
  'picking_up',
  'picked',
  'dropping_off',
  'delivered',
  'cancelled',
  'rejected',
  'courier_not_found',
  'on_hold',
  'return_in_transit',
  'returned',
  'disposed',
] as const;
/** A parcel's usual way, one `advance()` a step. */
export const HAPPY_PATH = ['confirmed', 'picked', 'dropping_off', 'delivered'] as const;
/** Statuses an order does not leave. */
export const FINAL = new Set(['delivered', 'cancelled', 'rejected', 'courier_not_found', 'returned', 'disposed']);

/**
 * The dev control also takes the platform's own shipment words (what a developer reads in the app),
 * each standing for the Biteship status that means it.
 */
export const STATUS_ALIASES: Readonly<Record<string, (typeof BITESHIP_STATUSES)[number]>> = {
  booked: 'confirmed',
  picked_up: 'picked',
  in_transit: 'dropping_off',
  delivered: 'delivered',
  cancelled: 'cancelled',
  returned: 'returned',
};

import { haversineKm } from '#shared/lib/geo.ts';
import type { BiteshipCourier } from './vocabulary.ts';

/**
 * What the sandbox charges, near published 2025 tariffs: JNE and SiCepat parcels per whole kilogram
 * by distance band, Grab Instant / Same Day by road distance within their reach. Distances come from
 * the coordinates when both ends have them, else are guessed from the postal codes. Pure.
 */

/** One offer as Biteship's rates API lists it, in its words. */
export interface SandboxOffer {
  courier: BiteshipCourier;
  /** `courier_service_code`. */
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
const PARCEL_TARIFFS: readonly {
  courier: BiteshipCourier;
  type: string;
  perKg: readonly (number | null)[];
  eta: readonly [number, number][];
}[] = [
  {
    courier: 'jne',
    type: 'reg',
    perKg: [10_000, 15_000, 23_000, 36_000, 54_000],
    eta: [
      [1, 2],
      [2, 3],
      [2, 4],
      [3, 5],
      [4, 7],
    ],
  },
  {
    courier: 'jne',
    type: 'yes',
    perKg: [18_000, 26_000, 37_000, 55_000, 80_000],
    eta: [
      [1, 1],
      [1, 1],
      [1, 1],
      [1, 2],
      [1, 2],
    ],
  },
  {
    courier: 'sicepat',
    type: 'reg',
    perKg: [9_000, 14_000, 22_000, 34_000, 51_000],
    eta: [
      [1, 2],
      [1, 2],
      [2, 3],
      [3, 5],
      [4, 6],
    ],
  },
  {
    courier: 'sicepat',
    type: 'best',
    perKg: [15_000, 22_000, 31_000, 46_000, null],
    eta: [
      [1, 1],
      [1, 1],
      [1, 1],
      [1, 2],
      [1, 2],
    ],
  },
];

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
export function sandboxOffers(input: {
  distanceKm: number;
  weightGrams: number;
  withCoordinates: boolean;
}): SandboxOffer[] {
  const kg = Math.max(1, Math.ceil(input.weightGrams / 1000));
  const zone = zoneOf(input.distanceKm);
  const offers: SandboxOffer[] = [];
  for (const tariff of PARCEL_TARIFFS) {
    const perKg = tariff.perKg[zone];
    if (perKg === null || perKg === undefined) continue;
    const [min, max] = tariff.eta[zone]!;
    offers.push({
      courier: tariff.courier,
      type: tariff.type,
      price: roundUp(perKg * kg),
      range: min === max ? String(min) : `${min} - ${max}`,
      unit: 'days',
    });
  }
  if (input.withCoordinates && input.weightGrams <= GRAB_MAX_GRAMS) {
    const roadKm = Math.max(1, Math.ceil(input.distanceKm * ROAD_FACTOR));
    for (const [type, grab] of Object.entries(GRAB)) {
      if (input.distanceKm > grab.maxKm) continue;
      offers.push({
        courier: 'grab',
        type,
        price: roundUp(grab.baseRupiah + grab.perKm * roadKm),
        range: grab.hours,
        unit: 'hours',
      });
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

export interface SandboxPoint {
  lat: number | null;
  lon: number | null;
  postalCode: string | null;
}

/** The distance between two points, by coordinates when both have them, else by postal codes. */
export function distanceOf(
  origin: SandboxPoint,
  destination: SandboxPoint,
): { km: number; withCoordinates: boolean } | undefined {
  if (origin.lat !== null && origin.lon !== null && destination.lat !== null && destination.lon !== null) {
    return {
      km: haversineKm({ lat: origin.lat, lon: origin.lon }, { lat: destination.lat, lon: destination.lon }),
      withCoordinates: true,
    };
  }
  if (origin.postalCode && destination.postalCode)
    return { km: postalDistanceKm(origin.postalCode, destination.postalCode), withCoordinates: false };
  return undefined;
}

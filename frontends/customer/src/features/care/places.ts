import { DEFAULT_PLACE, type Place } from './clinic-repository';

/**
 * Places Find care can look around without the device's location: a few cities across Indonesia's
 * three zones (geocoding typed addresses needs Amazon Location Service, in AWS only). Kemang is the default.
 */
export const CITIES = [
  { id: 'kemang', lat: DEFAULT_PLACE.lat, lon: DEFAULT_PLACE.lon },
  { id: 'bandung', lat: -6.9175, lon: 107.6191 },
  { id: 'surabaya', lat: -7.2575, lon: 112.7521 },
  { id: 'denpasar', lat: -8.6705, lon: 115.2126 },
  { id: 'makassar', lat: -5.1477, lon: 119.4327 },
  { id: 'jayapura', lat: -2.5337, lon: 140.7181 },
] as const satisfies readonly ({ id: string } & Place)[];

export type CityId = (typeof CITIES)[number]['id'];

/** Where the search looks: a city from the list, or the device's position. */
export type SearchPlace = (Place & { kind: 'city'; cityId: CityId }) | (Place & { kind: 'device' });

export const DEFAULT_SEARCH_PLACE: SearchPlace = { kind: 'city', cityId: 'kemang', ...DEFAULT_PLACE };

export function cityPlace(cityId: CityId): SearchPlace {
  const city = CITIES.find((candidate) => candidate.id === cityId) ?? CITIES[0];
  return { kind: 'city', cityId: city.id, lat: city.lat, lon: city.lon };
}

/** Great-circle distance in km (haversine): a profile opened from the search shows how far it is. */
export function distanceKm(from: Place, to: Place): number {
  const radians = (degrees: number) => (degrees * Math.PI) / 180;
  const dLat = radians(to.lat - from.lat);
  const dLon = radians(to.lon - from.lon);
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(radians(from.lat)) * Math.cos(radians(to.lat)) * Math.sin(dLon / 2) ** 2;
  return 6371 * 2 * Math.asin(Math.min(1, Math.sqrt(a)));
}

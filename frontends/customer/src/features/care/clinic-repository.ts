import type { ApiClient, operations } from '@petpro/api-client';

type SearchItem = operations['searchClinics']['responses'][200]['content']['application/json']['items'][number];

/** A clinic in the Find care list. */
export interface ClinicSummary {
  vendorId: string;
  name: string;
  kind: SearchItem['kind'];
  address: string;
  city: string;
  distanceKm: number | null;
  rating: number | null;
  reviewCount: number;
  openNow: boolean;
  /** The cheapest service's price in whole rupiah, or null when the clinic lists none. */
  startingPrice: number | null;
}

export interface Place {
  lat: number;
  lon: number;
}

/** Jakarta Selatan (Kemang): where Find care looks until the app knows the user's location. */
export const DEFAULT_PLACE: Place = { lat: -6.26, lon: 106.81 };

export interface ClinicRepository {
  /** Clinics nearest first; throws ApiProblem or OfflineError. */
  searchNear(place: Place): Promise<ClinicSummary[]>;
}

export function toClinicSummary(item: SearchItem): ClinicSummary {
  const prices = item.services.map((service) => service.price.amount);
  return {
    vendorId: item.vendorId,
    name: item.name,
    kind: item.kind,
    address: item.address,
    city: item.city,
    distanceKm: item.distanceKm,
    rating: item.rating,
    reviewCount: item.reviewCount,
    openNow: item.openNow,
    startingPrice: prices.length > 0 ? Math.min(...prices) : null,
  };
}

export class ApiClinicRepository implements ClinicRepository {
  readonly #api: ApiClient;

  constructor(api: ApiClient) {
    this.#api = api;
  }

  async searchNear(place: Place): Promise<ClinicSummary[]> {
    const page = await this.#api.unwrap(
      this.#api.GET('/v1/clinics', {
        params: { query: { lat: place.lat, lon: place.lon, sort: 'distance', limit: 20 } },
      }),
    );
    return page.items.map(toClinicSummary);
  }
}

import { Bloc, type Emit } from '../../bloc/bloc';
import { toErrorView, type ErrorView } from '../../data/errors';
import type { CareRepository, ClinicSearch, FoundClinic, ServiceCategory, Species } from './clinic-repository';
import type { LocationSource } from '../../data/device-location';
import { cityPlace, DEFAULT_SEARCH_PLACE, type CityId, type SearchPlace } from './places';

/** Price is ordered here (the API sorts by distance or rating only): the page is fetched nearest first. */
export type SortOrder = 'distance' | 'rating' | 'price';

/** Find care's filters: each maps onto one `GET /v1/clinics` parameter (sort "price" excepted, see above). */
export interface CareFilters {
  radiusKm: number;
  service: ServiceCategory | null;
  species: Species | null;
  openNow: boolean;
  minRating: number | null;
  sort: SortOrder;
}

export const RADIUS_OPTIONS = [2, 5, 10, 25, 50] as const;
export const MIN_RATING_OPTIONS = [3, 4, 4.5] as const;
export const SORT_ORDERS: readonly SortOrder[] = ['distance', 'rating', 'price'];

export const DEFAULT_FILTERS: CareFilters = {
  radiusKm: 5,
  service: null,
  species: null,
  openNow: false,
  minRating: null,
  sort: 'distance',
};

/** A page; ordering by price fetches the API's largest page so the cheapest nearby are among it. */
export const PAGE_SIZE = 50;
export const PRICE_PAGE_SIZE = 100;

export interface FindCareState {
  status: 'idle' | 'loading' | 'loaded' | 'error';
  place: SearchPlace;
  filters: CareFilters;
  /** Kept on screen while a new search loads. */
  clinics: readonly FoundClinic[];
  nextCursor: string | null;
  /** The clinic highlighted on the map and in the list (marker or card). */
  selectedId: string | null;
  error: ErrorView | null;
  /** Waiting for the device's position. */
  locating: boolean;
  /** Why the last "around my location" kept the place it had. */
  locationProblem: 'refused' | 'unavailable' | null;
  loadingMore: boolean;
}

export type FindCareEvent =
  | { type: 'load-requested' }
  | { type: 'retry-requested' }
  | { type: 'filters-changed'; filters: Partial<CareFilters> }
  | { type: 'filters-reset' }
  | { type: 'city-chosen'; cityId: CityId }
  | { type: 'my-location-requested' }
  | { type: 'clinic-selected'; vendorId: string | null }
  | { type: 'more-requested' };

/** The search `filters` ask of the API around `place`. */
export function toClinicSearch(place: SearchPlace, filters: CareFilters, cursor?: string): ClinicSearch {
  return {
    place: { lat: place.lat, lon: place.lon },
    radiusKm: filters.radiusKm,
    ...(filters.service ? { service: filters.service } : {}),
    ...(filters.species ? { species: filters.species } : {}),
    ...(filters.minRating !== null ? { minRating: filters.minRating } : {}),
    ...(filters.openNow ? { openNow: true } : {}),
    sort: filters.sort === 'rating' ? 'rating' : 'distance',
    limit: filters.sort === 'price' ? PRICE_PAGE_SIZE : PAGE_SIZE,
    ...(cursor ? { cursor } : {}),
  };
}

/** Cheapest starting price first, clinics without prices last; otherwise the API's order. */
export function ordered(clinics: readonly FoundClinic[], sort: SortOrder): FoundClinic[] {
  if (sort !== 'price') return [...clinics];
  return [...clinics].sort(
    (a, b) => (a.startingPrice ?? Number.POSITIVE_INFINITY) - (b.startingPrice ?? Number.POSITIVE_INFINITY),
  );
}

/** How many filters differ from the defaults (the Filter button's badge). */
export function activeFilterCount(filters: CareFilters): number {
  return (Object.keys(DEFAULT_FILTERS) as (keyof CareFilters)[]).filter((key) => filters[key] !== DEFAULT_FILTERS[key])
    .length;
}

/**
 * Find care's ViewModel: the clinics around a place (Kemang until the user picks a city or shares their
 * location), filtered as `GET /v1/clinics` allows, and the one selected on the map or in the list.
 */
export class FindCareBloc extends Bloc<FindCareEvent, FindCareState> {
  readonly #clinics: CareRepository;
  readonly #location: LocationSource;

  constructor(clinics: CareRepository, location: LocationSource, place: SearchPlace = DEFAULT_SEARCH_PLACE) {
    super({
      status: 'idle',
      place,
      filters: DEFAULT_FILTERS,
      clinics: [],
      nextCursor: null,
      selectedId: null,
      error: null,
      locating: false,
      locationProblem: null,
      loadingMore: false,
    });
    this.#clinics = clinics;
    this.#location = location;
  }

  protected override async handle(event: FindCareEvent, emit: Emit<FindCareState>): Promise<void> {
    const state = this.state;
    switch (event.type) {
      case 'load-requested':
      case 'retry-requested':
        return this.#search(emit, state);
      case 'filters-changed':
        return this.#search(emit, { ...state, filters: { ...state.filters, ...event.filters } });
      case 'filters-reset':
        return this.#search(emit, { ...state, filters: DEFAULT_FILTERS });
      case 'city-chosen':
        return this.#search(emit, { ...state, place: cityPlace(event.cityId), locationProblem: null });
      case 'my-location-requested': {
        emit({ ...state, locating: true, locationProblem: null });
        const found = await this.#location.current();
        if (found.kind !== 'found') {
          // Refused or unavailable: the search stays where it was (Kemang by default).
          emit({ ...this.state, locating: false, locationProblem: found.kind });
          if (this.state.status === 'idle') await this.#search(emit, this.state);
          return;
        }
        return this.#search(emit, {
          ...this.state,
          locating: false,
          place: { kind: 'device', ...found.place },
        });
      }
      case 'clinic-selected':
        emit({ ...state, selectedId: event.vendorId });
        return;
      case 'more-requested':
        return this.#more(emit, state);
    }
  }

  async #search(emit: Emit<FindCareState>, next: FindCareState): Promise<void> {
    emit({ ...next, status: 'loading', error: null, loadingMore: false });
    try {
      const page = await this.#clinics.search(toClinicSearch(next.place, next.filters));
      const clinics = ordered(page.clinics, next.filters.sort);
      const stillShown = clinics.some((clinic) => clinic.vendorId === this.state.selectedId);
      emit({
        ...this.state,
        status: 'loaded',
        clinics,
        nextCursor: page.nextCursor,
        selectedId: stillShown ? this.state.selectedId : null,
      });
    } catch (error) {
      emit({
        ...this.state,
        status: 'error',
        clinics: [],
        nextCursor: null,
        selectedId: null,
        error: toErrorView(error),
      });
    }
  }

  async #more(emit: Emit<FindCareState>, state: FindCareState): Promise<void> {
    if (state.status !== 'loaded' || !state.nextCursor) return;
    emit({ ...state, loadingMore: true });
    try {
      const page = await this.#clinics.search(toClinicSearch(state.place, state.filters, state.nextCursor));
      const known = new Set(state.clinics.map((clinic) => clinic.vendorId));
      const added = page.clinics.filter((clinic) => !known.has(clinic.vendorId));
      emit({
        ...this.state,
        loadingMore: false,
        clinics: ordered([...state.clinics, ...added], state.filters.sort),
        nextCursor: page.nextCursor,
      });
    } catch (error) {
      // What was shown stays; the problem is shown above it.
      emit({ ...this.state, loadingMore: false, error: toErrorView(error) });
    }
  }
}

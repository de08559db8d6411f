import { isClinicTimeZone, type ApiClient, type ClinicTimeZone, type operations } from '@petpro/api-client';

type SearchQuery = NonNullable<operations['searchClinics']['parameters']['query']>;
type SearchItem = operations['searchClinics']['responses'][200]['content']['application/json']['items'][number];
type ReviewItem = operations['listReviews']['responses'][200]['content']['application/json']['items'][number];

/** The service categories and species `GET /v1/clinics` filters by (its `service` and `species` parameters). */
export type ServiceCategory = NonNullable<SearchQuery['service']>;
export type Species = NonNullable<SearchQuery['species']>;

export const SERVICE_CATEGORIES = [
  'vet_consultation',
  'vaccination',
  'sterilisation',
  'dental',
  'surgery',
  'lab_test',
  'emergency',
  'grooming',
  'boarding',
  'daycare',
  'pet_taxi',
  'training',
  'pet_supplies',
] as const satisfies readonly ServiceCategory[];

export const SPECIES = [
  'dog',
  'cat',
  'rabbit',
  'bird',
  'hamster',
  'guinea_pig',
  'fish',
  'reptile',
  'other',
] as const satisfies readonly Species[];

export type VendorKind = SearchItem['kind'];

/** A clinic in the Find care list. */
export interface ClinicSummary {
  vendorId: string;
  name: string;
  kind: VendorKind;
  address: string;
  city: string;
  distanceKm: number | null;
  rating: number | null;
  reviewCount: number;
  openNow: boolean;
  /** The cheapest service's price in whole rupiah, or null when the clinic lists none. */
  startingPrice: number | null;
}

/** A clinic as the map-first search shows it: the card's summary, where it is, what it offers. */
export interface FoundClinic extends ClinicSummary {
  lat: number;
  lon: number;
  categories: readonly ServiceCategory[];
}

export interface Place {
  lat: number;
  lon: number;
}

/** Jakarta Selatan (Kemang): where Find care looks until the app knows the user's location. */
export const DEFAULT_PLACE: Place = { lat: -6.26, lon: 106.81 };

/** One search: exactly what `GET /v1/clinics` (searchClinics) accepts, nothing the API would refuse. */
export interface ClinicSearch {
  place: Place;
  radiusKm?: number;
  service?: ServiceCategory;
  species?: Species;
  minRating?: number;
  openNow?: boolean;
  sort: 'distance' | 'rating';
  limit: number;
  cursor?: string;
}

export interface ClinicPage {
  clinics: FoundClinic[];
  nextCursor: string | null;
}

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
export const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** "HH:MM" wall-clock times in the clinic's zone; close may be "24:00". */
export interface HoursRange {
  open: string;
  close: string;
}

export interface ScheduleException {
  /** The clinic's local date, YYYY-MM-DD. */
  date: string;
  closed: boolean;
  hours: HoursRange[];
  note: string | null;
}

export interface OpeningSchedule {
  timeZone: ClinicTimeZone;
  weekly: Record<Weekday, HoursRange[]>;
  exceptions: ScheduleException[];
}

export interface ClinicService {
  serviceId: string;
  name: string;
  category: ServiceCategory;
  species: Species[];
  durationMin: number;
  /** Whole rupiah. */
  price: number;
  /** Paid when booking (else at the clinic). */
  prepay: boolean;
}

/** A clinic's public profile (`GET /v1/clinics/{vendorId}`). */
export interface ClinicProfile {
  vendorId: string;
  name: string;
  kind: VendorKind;
  description: string;
  address: string;
  city: string;
  province: string;
  lat: number;
  lon: number;
  phone: string | null;
  rating: number | null;
  reviewCount: number;
  openNow: boolean;
  services: ClinicService[];
  schedule: OpeningSchedule;
}

export interface Review {
  reviewId: string;
  authorName: string;
  rating: number;
  comment: string;
  createdAt: string;
}

/** Find care's reads: the filtered search, a clinic's profile and its latest reviews. */
export interface CareRepository {
  search(query: ClinicSearch): Promise<ClinicPage>;
  /** Throws ApiProblem (404 when the clinic is not listed) or OfflineError. */
  getClinic(vendorId: string): Promise<ClinicProfile>;
  latestReviews(vendorId: string, limit: number): Promise<Review[]>;
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

export function toFoundClinic(item: SearchItem): FoundClinic {
  return {
    ...toClinicSummary(item),
    lat: item.lat,
    lon: item.lon,
    categories: [...new Set(item.services.map((service) => service.category))],
  };
}

/** The query string of a search: parameters left out when they filter nothing. */
export function toSearchQuery(search: ClinicSearch): SearchQuery {
  return {
    lat: search.place.lat,
    lon: search.place.lon,
    sort: search.sort,
    limit: search.limit,
    ...(search.radiusKm !== undefined ? { radiusKm: search.radiusKm } : {}),
    ...(search.service ? { service: search.service } : {}),
    ...(search.species ? { species: search.species } : {}),
    ...(search.minRating !== undefined ? { minRating: search.minRating } : {}),
    ...(search.openNow ? { openNow: 'true' } : {}),
    ...(search.cursor ? { cursor: search.cursor } : {}),
  };
}

// getClinic's answer has no schema in the API document (docs/api/openapi.json: "Clinic", no body), so
// it is read field by field here: a missing or mistyped field is a bug to show as "unexpected", not a crash.
function fail(field: string): never {
  throw new TypeError(`getClinic: unexpected ${field}`);
}
function record(value: unknown, field: string): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : fail(field);
}
function text(value: unknown, field: string): string {
  return typeof value === 'string' ? value : fail(field);
}
function num(value: unknown, field: string): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fail(field);
}
function list(value: unknown, field: string): unknown[] {
  return Array.isArray(value) ? value : fail(field);
}
function oneOf<T extends string>(value: unknown, allowed: readonly T[], field: string): T {
  return allowed.includes(value as T) ? (value as T) : fail(field);
}
function hours(value: unknown, field: string): HoursRange[] {
  return list(value, field).map((range) => {
    const r = record(range, field);
    return { open: text(r.open, `${field}.open`), close: text(r.close, `${field}.close`) };
  });
}

export function toOpeningSchedule(value: unknown): OpeningSchedule {
  const schedule = record(value, 'schedule');
  const timeZone = text(schedule.timeZone, 'schedule.timeZone');
  if (!isClinicTimeZone(timeZone)) fail('schedule.timeZone');
  const weekly = record(schedule.weekly, 'schedule.weekly');
  return {
    timeZone,
    weekly: Object.fromEntries(
      WEEKDAYS.map((day) => [day, weekly[day] === undefined ? [] : hours(weekly[day], `schedule.weekly.${day}`)]),
    ) as Record<Weekday, HoursRange[]>,
    exceptions: list(schedule.exceptions ?? [], 'schedule.exceptions').map((item) => {
      const exception = record(item, 'schedule.exceptions');
      return {
        date: text(exception.date, 'schedule.exceptions.date'),
        closed: exception.closed === true,
        hours: exception.hours === undefined ? [] : hours(exception.hours, 'schedule.exceptions.hours'),
        note: typeof exception.note === 'string' && exception.note ? exception.note : null,
      };
    }),
  };
}

export function toClinicProfile(value: unknown): ClinicProfile {
  const clinic = record(value, 'clinic');
  return {
    vendorId: text(clinic.vendorId, 'vendorId'),
    name: text(clinic.name, 'name'),
    kind: oneOf(clinic.kind, ['clinic', 'groomer', 'shop'], 'kind'),
    description: typeof clinic.description === 'string' ? clinic.description : '',
    address: text(clinic.address, 'address'),
    city: text(clinic.city, 'city'),
    province: typeof clinic.province === 'string' ? clinic.province : '',
    lat: num(clinic.lat, 'lat'),
    lon: num(clinic.lon, 'lon'),
    phone: typeof clinic.phone === 'string' && clinic.phone ? clinic.phone : null,
    rating: clinic.rating === null || clinic.rating === undefined ? null : num(clinic.rating, 'rating'),
    reviewCount: typeof clinic.reviewCount === 'number' ? clinic.reviewCount : 0,
    openNow: clinic.openNow === true,
    services: list(clinic.services, 'services').map((item) => {
      const service = record(item, 'services');
      return {
        serviceId: text(service.serviceId, 'services.serviceId'),
        name: text(service.name, 'services.name'),
        category: oneOf(service.category, SERVICE_CATEGORIES, 'services.category'),
        // A species this app does not know yet is left out rather than refusing the whole profile.
        species: list(service.species ?? [], 'services.species').filter((s): s is Species =>
          SPECIES.includes(s as Species),
        ),
        durationMin: num(service.durationMin, 'services.durationMin'),
        price: num(record(service.price, 'services.price').amount, 'services.price.amount'),
        prepay: service.prepay === true,
      };
    }),
    schedule: toOpeningSchedule(clinic.schedule),
  };
}

export class ApiClinicRepository implements CareRepository {
  readonly #api: ApiClient;

  constructor(api: ApiClient) {
    this.#api = api;
  }

  async search(query: ClinicSearch): Promise<ClinicPage> {
    const page = await this.#api.unwrap(this.#api.GET('/v1/clinics', { params: { query: toSearchQuery(query) } }));
    return { clinics: page.items.map(toFoundClinic), nextCursor: page.nextCursor };
  }

  async getClinic(vendorId: string): Promise<ClinicProfile> {
    // Typed as no body (see above): the answer is read by toClinicProfile.
    const result = await this.#api.GET('/v1/clinics/{vendorId}', { params: { path: { vendorId } } });
    await this.#api.unwrap(result);
    return toClinicProfile(result.data as unknown);
  }

  async latestReviews(vendorId: string, limit: number): Promise<Review[]> {
    const page = await this.#api.unwrap(
      this.#api.GET('/v1/vendors/{vendorId}/reviews', { params: { path: { vendorId }, query: { limit } } }),
    );
    return page.items.map((item: ReviewItem) => ({
      reviewId: item.reviewId,
      authorName: item.authorName,
      rating: item.rating,
      comment: item.comment,
      createdAt: item.createdAt,
    }));
  }
}

import { InvalidCursor } from '#shared/lib/sealed-cursor.ts';
import type { Schedule, OpeningIndex } from '#shared/lib/opening-hours.ts';
import type { ServiceCategory, Species, VendorKind } from '#shared/lib/pet-care.ts';

/**
 * The search port: what the search domain needs from a search engine. Two adapters implement it:
 * OpenSearch in AWS (opensearch.ts) and an embedded engine for the local platform and tests
 * (embedded.ts). Both pass the same contract suite (contract.ts). No AWS imports here.
 */

export interface Money {
  amount: number;
  currency: 'IDR';
}

export interface ClinicServiceSummary {
  serviceId: string;
  name: string;
  category: ServiceCategory;
  species: Species[];
  durationMin: number;
  price: Money;
  prepay: boolean;
}

/** One approved, listed vendor as the index holds it. */
export interface ClinicDocument {
  vendorId: string;
  name: string;
  kind: VendorKind;
  description: string | null;
  address: string;
  city: string;
  province: string;
  lat: number;
  lon: number;
  phone: string;
  /** Average rating, one decimal; null until the first review. */
  rating: number | null;
  reviewCount: number;
  services: ClinicServiceSummary[];
  /** Distinct categories and species of the active services (filters). */
  categories: ServiceCategory[];
  species: Species[];
  schedule: Schedule;
  /** Derived from schedule by shared/lib/opening-hours.ts `openingIndex`. */
  opening: OpeningIndex;
  /** Grows with every change of the listing; an older document never replaces a newer one. */
  listingVersion: number;
  updatedAt: string;
}

export type ClinicSort = 'distance' | 'rating' | 'relevance';

export interface ClinicQuery {
  /** Free text, Bahasa Indonesia or English, typo-tolerant. */
  q?: string;
  /** Point to measure distance from (both or neither). */
  lat?: number;
  lon?: number;
  /** Only within this many km of lat/lon (needs lat/lon); boundary included. */
  radiusKm?: number;
  /** Offers at least one service of this category. */
  category?: ServiceCategory;
  species?: Species;
  kind?: VendorKind;
  minRating?: number;
  /** Only vendors open at this instant ("open now" passes the current time). */
  openAt?: Date;
  /** distance needs lat/lon. */
  sort: ClinicSort;
  limit: number;
  /** Opaque cursor from a previous page of the same query. */
  cursor?: string;
}

export interface ClinicHit {
  document: ClinicDocument;
  /** Great-circle (haversine, R = 6371.0088 km) distance when the query has lat/lon, else null. */
  distanceKm: number | null;
}

export interface SearchPage<T> {
  items: T[];
  nextCursor: string | null;
}

export interface ProductDocument {
  productId: string;
  vendorId: string;
  vendorName: string;
  name: string;
  /** In Bahasa Indonesia; `descriptionEn` in English when the vendor wrote one. */
  description: string;
  category: string;
  /** The second level of the category tree (shared/lib/pet-care.ts PRODUCT_SUBCATEGORIES). */
  subcategory?: string;
  descriptionEn?: string | null;
  /**
   * Category and subcategory labels in both languages: what people type for them. Returned as
   * is; the engines index the labels of `category` and `subcategory` themselves, each weighted
   * on its own (opensearch.ts `productLabels`).
   */
  keywords?: string[];
  price: Money;
  weightGrams?: number;
  taxCategory?: 'standard' | 'exempt';
  /** Units that can be ordered now (on hand − reserved) when the listing was published. */
  available?: number;
  inStock: boolean;
  imageUrl: string | null;
  /** Grows with every change of the product, its stock or its vendor (product.listing_updated). */
  listingVersion?: number;
  updatedAt: string;
}

export type ProductSort = 'relevance' | 'price_asc' | 'price_desc' | 'newest';

export interface ProductQuery {
  q?: string;
  category?: string;
  subcategory?: string;
  minPrice?: number;
  maxPrice?: number;
  vendorId?: string;
  inStock?: boolean;
  sort: ProductSort;
  limit: number;
  cursor?: string;
}

export interface FacetCount {
  value: string;
  count: number;
}

/** Price bands of the product facets, in rupiah: [from, to). */
export const PRICE_BANDS = [
  { key: 'under-50k', from: 0, to: 50_000 },
  { key: '50k-100k', from: 50_000, to: 100_000 },
  { key: '100k-250k', from: 100_000, to: 250_000 },
  { key: '250k-500k', from: 250_000, to: 500_000 },
  { key: '500k-plus', from: 500_000, to: Number.MAX_SAFE_INTEGER },
] as const;

export interface ProductFacets {
  category: FacetCount[];
  vendor: FacetCount[];
  /** One entry per PRICE_BANDS key, in that order (count may be 0). */
  priceBand: FacetCount[];
}

export interface ProductPage extends SearchPage<ProductDocument> {
  facets: ProductFacets;
}

/** A cursor this engine did not give out (or for another query). Handlers answer 400. */
export class InvalidSearchCursor extends InvalidCursor {
  constructor() {
    super('not a cursor this search gave out');
    this.name = 'InvalidSearchCursor';
  }
}

export interface SearchEngine {
  /** Adds or replaces; ignored when the stored document has a higher listingVersion. */
  upsertClinic(document: ClinicDocument): Promise<void>;
  removeClinic(vendorId: string): Promise<void>;
  getClinic(vendorId: string): Promise<ClinicDocument | undefined>;
  searchClinics(query: ClinicQuery): Promise<SearchPage<ClinicHit>>;

  upsertProduct(document: ProductDocument): Promise<void>;
  removeProduct(productId: string): Promise<void>;
  getProduct(productId: string): Promise<ProductDocument | undefined>;
  searchProducts(query: ProductQuery): Promise<ProductPage>;

  /** Drops every document (and recreates indexes/mappings): the first step of a reindex. */
  reset(): Promise<void>;
}

import type { EventData } from '#shared/events/catalog.ts';
import { refuse } from '#shared/lib/refusal.ts';
import { isOpenAt, openingIndex } from '#shared/lib/opening-hours.ts';
import {
  PRODUCT_CATEGORY_LABELS,
  PRODUCT_SUBCATEGORIES,
  SERVICE_CATEGORY_LABELS,
  type ServiceCategory,
  type Species,
  type VendorKind,
} from '#shared/lib/pet-care.ts';
import {
  type ClinicDocument,
  type ClinicHit,
  type ClinicSort,
  type ProductDocument,
  type ProductQuery,
  type SearchEngine,
} from './engine/port.ts';

/**
 * The search domain: keeps the clinic index in step with vendors' listing events and answers
 * the public search routes. It stores its own projection of each listing (the last one it saw),
 * so a reindex rebuilds the engine from the table without reading the vendors domain's items.
 * No AWS imports: the engine and the projection store come in as ports.
 */

export type Listing = EventData<'vendor.listing_updated'>;
export type ProductListing = EventData<'product.listing_updated'>;

/** The stored projection of one kind of listing: the newest listingVersion wins. */
export interface Projections<L> {
  /** Stores the listing unless a newer one is stored; false when it was stale. */
  save(listing: L): Promise<boolean>;
  page(cursor: string | undefined): Promise<{ items: L[]; nextCursor: string | null }>;
}

/** Vendors' listings (vendor.listing_updated). */
export type ListingProjections = Projections<Listing>;

/** Products' listings (product.listing_updated). */
export type ProductProjections = Projections<ProductListing>;

export interface SearchPorts {
  engine: SearchEngine;
  now?: () => Date;
}

export interface IndexerPorts {
  engine: SearchEngine;
  projections: ListingProjections;
  products: ProductProjections;
}

export function clinicDocument(listing: Listing): ClinicDocument {
  const categories = [...new Set(listing.services.map((service) => service.category))].sort();
  const species = [...new Set(listing.services.flatMap((service) => service.species))].sort();
  return {
    vendorId: listing.vendorId,
    name: listing.name,
    kind: listing.kind,
    description: listing.description,
    address: listing.address,
    city: listing.city,
    province: listing.province,
    lat: listing.lat,
    lon: listing.lon,
    phone: listing.phone,
    rating: listing.rating,
    reviewCount: listing.reviewCount,
    services: listing.services,
    categories,
    species,
    schedule: listing.schedule,
    opening: openingIndex(listing.schedule),
    listingVersion: listing.listingVersion,
    updatedAt: listing.updatedAt,
  };
}

export function productDocument(listing: ProductListing): ProductDocument {
  const subcategory = PRODUCT_SUBCATEGORIES[listing.subcategory];
  const category = PRODUCT_CATEGORY_LABELS[listing.category];
  return {
    productId: listing.productId,
    vendorId: listing.vendorId,
    vendorName: listing.vendorName,
    name: listing.name,
    description: listing.description.id,
    descriptionEn: listing.description.en,
    category: listing.category,
    subcategory: listing.subcategory,
    keywords: [category.id, category.en, subcategory.id, subcategory.en],
    price: listing.price,
    weightGrams: listing.weightGrams,
    taxCategory: listing.taxCategory,
    available: listing.available,
    inStock: listing.inStock,
    imageUrl: listing.imageUrl,
    listingVersion: listing.listingVersion,
    updatedAt: listing.updatedAt,
  };
}

export interface ClinicSearchInput {
  q?: string | undefined;
  lat?: number | undefined;
  lon?: number | undefined;
  radiusKm?: number | undefined;
  service?: ServiceCategory | undefined;
  species?: Species | undefined;
  kind?: VendorKind | undefined;
  minRating?: number | undefined;
  openNow?: boolean | undefined;
  sort?: ClinicSort | undefined;
  limit: number;
  cursor?: string | undefined;
}

const link = (href: string) => ({ href });

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** The public queries: clinics and products, answered by the engine alone. */
export function searchService(ports: SearchPorts) {
  const { engine } = ports;
  const now = () => (ports.now ? ports.now() : new Date());

  function clinicItem(hit: ClinicHit, at: Date) {
    const { document } = hit;
    return {
      vendorId: document.vendorId,
      name: document.name,
      kind: document.kind,
      address: document.address,
      city: document.city,
      lat: document.lat,
      lon: document.lon,
      distanceKm: hit.distanceKm === null ? null : round(hit.distanceKm, 2),
      rating: document.rating,
      reviewCount: document.reviewCount,
      openNow: isOpenAt(document.schedule, at),
      services: document.services.map(({ serviceId, name, category, price, durationMin }) => ({
        serviceId,
        name,
        category,
        price,
        durationMin,
      })),
      _links: {
        self: link(`/v1/clinics/${document.vendorId}`),
        reviews: link(`/v1/vendors/${document.vendorId}/reviews`),
      },
    };
  }

  return {
    async searchClinics(input: ClinicSearchInput) {
      const hasPoint = input.lat !== undefined && input.lon !== undefined;
      const errors: { path: string; message: string }[] = [];
      if ((input.lat === undefined) !== (input.lon === undefined))
        errors.push({ path: 'query.lat', message: 'lat and lon go together' });
      if (input.radiusKm !== undefined && !hasPoint)
        errors.push({ path: 'query.radiusKm', message: 'needs lat and lon' });
      if (input.sort === 'distance' && !hasPoint)
        errors.push({ path: 'query.sort', message: 'sorting by distance needs lat and lon' });
      if (errors.length > 0) throw refuse.invalid('validation', errors);
      const at = now();
      const sort: ClinicSort = input.sort ?? (input.q ? 'relevance' : hasPoint ? 'distance' : 'rating');
      const page = await engine.searchClinics({
        ...(input.q ? { q: input.q } : {}),
        ...(hasPoint ? { lat: input.lat!, lon: input.lon! } : {}),
        ...(input.radiusKm !== undefined ? { radiusKm: input.radiusKm } : {}),
        ...(input.service ? { category: input.service } : {}),
        ...(input.species ? { species: input.species } : {}),
        ...(input.kind ? { kind: input.kind } : {}),
        ...(input.minRating !== undefined ? { minRating: input.minRating } : {}),
        ...(input.openNow ? { openAt: at } : {}),
        sort,
        limit: input.limit,
        ...(input.cursor ? { cursor: input.cursor } : {}),
      });
      return { items: page.items.map((hit) => clinicItem(hit, at)), nextCursor: page.nextCursor };
    },

    async getClinic(vendorId: string) {
      const document = await engine.getClinic(vendorId);
      if (!document) throw refuse.notFound();
      const {
        opening: _opening,
        categories: _categories,
        species: _species,
        listingVersion: _version,
        ...profile
      } = document;
      return {
        ...profile,
        openNow: isOpenAt(document.schedule, now()),
        services: document.services.map((service) => ({
          ...service,
          categoryLabel: SERVICE_CATEGORY_LABELS[service.category],
        })),
        _links: {
          self: link(`/v1/clinics/${vendorId}`),
          reviews: link(`/v1/vendors/${vendorId}/reviews`),
          slots: link(`/v1/clinics/${vendorId}/services/{serviceId}/slots`),
        },
      };
    },

    searchProducts: (query: ProductQuery) => engine.searchProducts(query),

    async getProduct(productId: string) {
      const product = await engine.getProduct(productId);
      if (!product) throw refuse.notFound();
      return product;
    },
  };
}

export type SearchService = ReturnType<typeof searchService>;

/**
 * One kind of listing kept in the engine: its stored projections, and how the engine takes a listed
 * one in (`upsert`) and lets an unlisted one go (`remove`).
 */
function indexedListings<L extends { listed: boolean }>(
  projections: Projections<L>,
  upsert: (listing: L) => Promise<void>,
  remove: (listing: L) => Promise<void>,
) {
  return {
    /** The listing → the projection, then the engine; older listings change nothing. */
    async apply(listing: L): Promise<'indexed' | 'removed' | 'stale'> {
      if (!(await projections.save(listing))) return 'stale';
      if (listing.listed) {
        await upsert(listing);
        return 'indexed';
      }
      await remove(listing);
      return 'removed';
    },

    /** Indexes every listed one of the stored projections; answers how many. */
    async indexAll(): Promise<number> {
      let count = 0;
      let cursor: string | undefined;
      do {
        const page = await projections.page(cursor);
        for (const listing of page.items) {
          if (!listing.listed) continue;
          await upsert(listing);
          count += 1;
        }
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return count;
    },
  };
}

/** Keeps the engine in step with the listings (events) and rebuilds it (reindex). */
export function listingIndexer({ engine, projections, products }: IndexerPorts) {
  const clinics = indexedListings(
    projections,
    (listing) => engine.upsertClinic(clinicDocument(listing)),
    (listing) => engine.removeClinic(listing.vendorId),
  );
  const catalog = indexedListings(
    products,
    (listing) => engine.upsertProduct(productDocument(listing)),
    (listing) => engine.removeProduct(listing.productId),
  );
  return {
    /** vendor.listing_updated → the projection, then the engine; older listings change nothing. */
    applyListing: (listing: Listing) => clinics.apply(listing),

    /** product.listing_updated → the projection, then the engine; older listings change nothing. */
    applyProduct: (listing: ProductListing) => catalog.apply(listing),

    /** Empties the engine and indexes every listed vendor and product from the stored projections. */
    async reindex(): Promise<{ indexed: number; products: number }> {
      await engine.reset();
      const indexed = await clinics.indexAll();
      return { indexed, products: await catalog.indexAll() };
    },
  };
}

export type ListingIndexer = ReturnType<typeof listingIndexer>;

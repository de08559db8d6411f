import * as z from 'zod';
import { defineDomain } from '#shared/manifest/types.ts';
import { idParam, problemResponse } from '#shared/http/schemas.ts';
import { money } from '#shared/lib/shapes.ts';
import {
  PRODUCT_CATEGORIES,
  PRODUCT_SUBCATEGORY_KEYS,
  SERVICE_CATEGORIES,
  SPECIES,
  TAX_CATEGORIES,
  VENDOR_KINDS,
} from '#shared/lib/pet-care.ts';

const searchRead = { search: 'read' } as const;
const badInput = { 400: problemResponse('Bad input') } as const;
const notFound = { 404: problemResponse('Not found') } as const;
const limit = () => z.coerce.number().int().min(1).max(100).default(20);
const cursor = () => z.string().max(2048).optional();

const clinicQuery = z.lazy(() =>
  z.object({
    q: z.string().trim().min(1).max(100).optional(),
    lat: z.coerce.number().min(-90).max(90).optional(),
    lon: z.coerce.number().min(-180).max(180).optional(),
    radiusKm: z.coerce.number().positive().max(500).optional(),
    service: z.enum(SERVICE_CATEGORIES).optional(),
    species: z.enum(SPECIES).optional(),
    kind: z.enum(VENDOR_KINDS).optional(),
    minRating: z.coerce.number().min(1).max(5).optional(),
    openNow: z.stringbool().optional(),
    sort: z.enum(['distance', 'rating', 'relevance']).optional(),
    limit: limit(),
    cursor: cursor(),
  }),
);

const serviceSummary = () =>
  z.object({
    serviceId: z.string(),
    name: z.string(),
    category: z.enum(SERVICE_CATEGORIES),
    price: money,
    durationMin: z.number().int(),
  });
const clinicItem = z.lazy(() =>
  z.object({
    vendorId: z.string(),
    name: z.string(),
    kind: z.enum(VENDOR_KINDS),
    address: z.string(),
    city: z.string(),
    lat: z.number(),
    lon: z.number(),
    distanceKm: z.number().nullable(),
    rating: z.number().nullable(),
    reviewCount: z.number().int(),
    openNow: z.boolean(),
    services: z.array(serviceSummary()),
  }),
);

const productQuery = z.lazy(() =>
  z
    .object({
      q: z.string().trim().min(1).max(100).optional(),
      category: z.enum(PRODUCT_CATEGORIES).optional(),
      subcategory: z.enum(PRODUCT_SUBCATEGORY_KEYS).optional(),
      minPrice: z.coerce.number().int().min(0).optional(),
      maxPrice: z.coerce.number().int().min(0).optional(),
      vendorId: idParam.optional(),
      inStock: z.stringbool().optional(),
      sort: z.enum(['relevance', 'price_asc', 'price_desc', 'newest']).default('relevance'),
      limit: limit(),
      cursor: cursor(),
    })
    .refine(
      (query) => query.minPrice === undefined || query.maxPrice === undefined || query.minPrice <= query.maxPrice,
      {
        message: 'minPrice must not exceed maxPrice',
        path: ['minPrice'],
      },
    ),
);

const product = z.lazy(() =>
  z.object({
    productId: z.string(),
    vendorId: z.string(),
    vendorName: z.string(),
    name: z.string(),
    description: z.string(),
    descriptionEn: z.string().nullable().optional(),
    category: z.string(),
    subcategory: z.string().optional(),
    keywords: z.array(z.string()).optional(),
    price: money,
    weightGrams: z.number().int().optional(),
    taxCategory: z.enum(TAX_CATEGORIES).optional(),
    available: z.number().int().optional(),
    inStock: z.boolean(),
    imageUrl: z.string().nullable(),
    listingVersion: z.number().int().optional(),
    updatedAt: z.string(),
  }),
);
const facet = z.lazy(() => z.array(z.object({ value: z.string(), count: z.number().int() })));

/** Search: clinic and product search, fed by vendor and catalog events. */
export const manifest = defineDomain({
  domain: 'search',
  description: 'Clinic and product search (OpenSearch in AWS, an embedded engine locally)',
  routes: {
    searchClinics: {
      method: 'GET',
      path: '/v1/clinics',
      handler: 'handlers/search-clinics.ts',
      emits: [],
      auth: 'public',
      access: searchRead,
      summary: 'Find approved clinics, groomers and shops: text, distance, service, species, rating, open now',
      request: { query: clinicQuery },
      responses: {
        200: {
          description: 'Clinics',
          body: z.object({ items: z.array(clinicItem), nextCursor: z.string().nullable() }),
        },
        ...badInput,
      },
    },
    getClinic: {
      method: 'GET',
      path: '/v1/clinics/{vendorId}',
      handler: 'handlers/get-clinic.ts',
      emits: [],
      auth: 'public',
      access: searchRead,
      summary: 'Public profile of a listed vendor: services, hours, rating',
      request: { params: z.object({ vendorId: idParam }) },
      responses: { 200: { description: 'Clinic' }, ...badInput, ...notFound },
    },
    searchProducts: {
      method: 'GET',
      path: '/v1/products',
      handler: 'handlers/search-products.ts',
      emits: [],
      auth: 'public',
      access: searchRead,
      summary: 'Find products, with facets (category, vendor, price bands)',
      request: { query: productQuery },
      responses: {
        200: {
          description: 'Products',
          body: z.object({
            items: z.array(product),
            nextCursor: z.string().nullable(),
            facets: z.object({ category: facet, vendor: facet, priceBand: facet }),
          }),
        },
        ...badInput,
      },
    },
    getProduct: {
      method: 'GET',
      path: '/v1/products/{productId}',
      handler: 'handlers/get-product.ts',
      emits: [],
      auth: 'public',
      access: searchRead,
      summary: 'One product',
      request: { params: z.object({ productId: idParam }) },
      responses: { 200: { description: 'Product', body: product }, ...badInput, ...notFound },
    },
    listCategories: {
      method: 'GET',
      path: '/v1/categories',
      handler: 'handlers/list-categories.ts',
      emits: [],
      auth: 'public',
      access: {},
      summary:
        'The product category tree: top-level categories and their subcategories, with labels in Bahasa Indonesia and English',
      responses: { 200: { description: 'Categories' } },
    },
    reindex: {
      method: 'POST',
      path: '/v1/admin/search/reindex',
      handler: 'handlers/reindex.ts',
      emits: [],
      auth: 'user',
      groups: ['platform_admin'],
      access: { table: 'read', search: 'readwrite' },
      summary: 'Rebuild the clinic and product indexes from the stored listings',
      responses: {
        200: {
          description: 'Done: vendors (indexed) and products indexed',
          body: z.object({ indexed: z.number().int(), products: z.number().int() }),
        },
        401: problemResponse('No token'),
        403: problemResponse('Not a platform admin'),
      },
    },
  },
  schedules: {
    rebuildIndex: {
      description:
        'Rebuild the clinic and product indexes from the stored listings: after each deployment (a new or migrated domain starts empty) and nightly',
      schedule: 'rate(1 day)',
      afterDeploy: true,
      handler: 'handlers/rebuild-index.ts',
      emits: [],
      access: { table: 'read', search: 'readwrite' },
    },
  },
  subscriptions: {
    indexListing: {
      description: 'Approved, changed, suspended vendors, their services, hours and rating reach the clinic index',
      events: ['vendor.listing_updated'],
      handler: 'handlers/on-listing-updated.ts',
      emits: [],
      access: { table: 'readwrite', search: 'readwrite' },
    },
    indexProduct: {
      description:
        'Products of listed shops and clinics reach the product index (and leave it when inactive or their vendor is not listed); the newest listing wins',
      events: ['product.listing_updated'],
      handler: 'handlers/on-product-updated.ts',
      emits: [],
      access: { table: 'readwrite', search: 'readwrite' },
    },
  },
});

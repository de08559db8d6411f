import type { EventEnvelope } from '#shared/events/catalog.ts';
import type { ProductCategory, ProductSubcategory, TaxCategory, VendorKind } from '#shared/lib/pet-care.ts';
import type { PresignedStorage } from '#shared/storage/presigned-storage.ts';
import type { StockLevel } from '#shared/table/stock.ts';

/**
 * The catalog domain's records and ports. No AWS imports.
 *
 * A product belongs to one approved shop or clinic; its stock is a separate item
 * (shared/table/stock.ts) that checkout moves inside its own transactions. Every change of the
 * product, its stock or its vendor's listing publishes `product.listing_updated` with
 * `listingVersion = product.version + stock.version + vendor listingVersion`: each part only grows,
 * and every publishing transaction checks the other two parts unchanged, so a later state always
 * carries a higher listingVersion and search keeps the newest.
 */

/** Images per product. */
export const MAX_IMAGES = 8;
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
export const IMAGE_TYPES = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' } as const;
export type ImageType = keyof typeof IMAGE_TYPES;
export const UPLOAD_URL_TTL_SECONDS = 10 * 60;
/** Image links in the vendor's views. */
export const IMAGE_URL_TTL_SECONDS = 60 * 60;
/** The image link in the listing event (search shows it): SigV4's longest. */
export const LISTED_IMAGE_URL_TTL_SECONDS = 7 * 24 * 3600;

export interface ProductImage {
  imageId: string;
  /** Object key in the uploads bucket: products/<vendorId>/<productId>/<imageId>.<ext>. */
  key: string;
  contentType: ImageType;
}

export interface Product {
  productId: string;
  vendorId: string;
  name: string;
  description: { id: string; en: string | null };
  category: ProductCategory;
  subcategory: ProductSubcategory;
  /** Integer rupiah. */
  price: number;
  weightGrams: number;
  /** Unique per vendor (case-insensitive). */
  sku: string;
  images: ProductImage[];
  active: boolean;
  taxCategory: TaxCategory;
  createdBy: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** One audited stock adjustment by the vendor's staff. */
export interface StockAdjustment {
  productId: string;
  adjustmentId: string;
  delta: number;
  reason: string;
  byUserId: string;
  byUsername: string;
  /** The stock right after the adjustment. */
  onHand: number;
  reserved: number;
  available: number;
  at: string;
}

/** What the catalog keeps of each vendor's listing (from vendor.listing_updated; the newest wins). */
export interface CatalogVendor {
  vendorId: string;
  name: string;
  kind: VendorKind;
  /** Approved and not suspended. */
  listed: boolean;
  listingVersion: number;
  updatedAt: string;
  /** The vendor state last pushed into its products' listings (name, listed, kind); absent until the first push. */
  published?: { name: string; listed: boolean; kind: VendorKind };
}

export type { StockLevel };

/**
 * One change to the table, committed with others and the events in one transaction. A failed
 * condition names its write's type in WriteConflict.failed ('sku': the SKU is taken).
 */
export type Write =
  | { type: 'product'; item: Product; expectedVersion: number | null }
  | { type: 'claimSku'; vendorId: string; sku: string; productId: string }
  | { type: 'freeSku'; vendorId: string; sku: string; productId: string }
  | { type: 'newStock'; productId: string; onHand: number }
  | { type: 'adjustStock'; productId: string; delta: number; expectedVersion: number }
  | { type: 'adjustment'; item: StockAdjustment }
  | { type: 'productUnchanged'; productId: string; version: number }
  | { type: 'stockUnchanged'; productId: string; version: number }
  | { type: 'vendorUnchanged'; vendorId: string; listingVersion: number };

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface CatalogStore {
  product(productId: string): Promise<Product | undefined>;
  vendorProducts(vendorId: string, limit: number, cursor?: string): Promise<Page<Product>>;
  stock(productId: string): Promise<StockLevel | undefined>;
  /** Newest first. */
  stockHistory(productId: string, limit: number, cursor?: string): Promise<Page<StockAdjustment>>;
  vendor(vendorId: string): Promise<CatalogVendor | undefined>;
  /** Keeps the listing unless a newer listingVersion is stored (the `published` mark stays). */
  saveVendor(vendor: Omit<CatalogVendor, 'published'>): Promise<'saved' | 'stale'>;
  /** Records what was pushed into the products' listings, if the vendor is still at that listingVersion. */
  markPublished(
    vendorId: string,
    listingVersion: number,
    published: NonNullable<CatalogVendor['published']>,
  ): Promise<void>;
  commit(writes: Write[], events: EventEnvelope[]): Promise<void>;
}

/** Presigned S3 URLs for product images (keys: catalog-rules.ts; types and limits: above). */
export type ImageStorage = PresignedStorage;

export interface CatalogPorts {
  store: CatalogStore;
  images: ImageStorage;
  /** The caller's role at the vendor (undefined: not its staff). */
  staffRole(vendorId: string, userId: string): Promise<'clinic_staff' | 'clinic_admin' | undefined>;
  now?: () => Date;
}

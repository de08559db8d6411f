import type { Caller } from '#shared/auth/caller.ts';
import type { EventData, EventEnvelope } from '#shared/events/catalog.ts';
import { domainEvent } from '#shared/events/envelope.ts';
import { refuse } from '#shared/lib/refusal.ts';
import { newId } from '#shared/lib/ids.ts';
import { jitter, type ConflictRetry } from '#shared/lib/retry-on-conflict.ts';
import {
  IMAGE_TYPES,
  IMAGE_URL_TTL_SECONDS,
  LISTED_IMAGE_URL_TTL_SECONDS,
  UPLOAD_URL_TTL_SECONDS,
  type CatalogPorts,
  type CatalogStore,
  type CatalogVendor,
  type ImageStorage,
  type ImageType,
  type Product,
  type ProductImage,
  type StockAdjustment,
  type StockLevel,
  type Write,
} from './model.ts';
import { idr } from '#shared/lib/money.ts';

/**
 * The catalog rules: products of approved shops and clinics, their images and stock, and the
 * listing events that feed search. No AWS imports.
 *
 * Here the rules every area shares: who may act on a vendor's catalog, whether the vendor may sell,
 * the product and its stock as read, the listing event and the one way a product changes, and new
 * images' keys and presigned uploads. The use cases live by area, each built on these rules:
 * products.ts (create, read, list, change), product-images.ts (one more image), stock-adjustments.ts
 * (adjust, and its audit) and listings.ts (the vendor's listing copy, republishing products'
 * listings). A handler bundles only its area (decision 0005).
 *
 * Access is decided per vendor, never by Cognito group alone (decision 0008): its `clinic_admin`s
 * manage products, its `clinic_staff` also read them and adjust stock; platform admins read.
 * Anyone else gets 404, as if the vendor had no catalog. Whether the vendor may sell (approved,
 * not suspended, a shop or a clinic) comes from the catalog's own copy of vendor.listing_updated.
 *
 * Concurrency: every change is read → decide → one transaction conditioned on what it read, with
 * the listing event in the same transaction (decision 0016); a lost race is read and decided again.
 */

/** A lost race is read again, up to 6 tries 0–15 ms × attempt apart; a taken SKU is no race. */
export const RETRY: ConflictRetry = {
  attempts: 6,
  backoff: jitter(15),
  retryable: (conflict) => !conflict.failed.includes('sku'),
};

type Need = 'manage' | 'read' | 'stock';

export interface ImageUploadView {
  imageId: string;
  uploadUrl: string;
  uploadHeaders: Record<string, string>;
  imageUrl: string;
  expiresAt: string;
}

/** What every area's use cases need: the table, image links (a product's listing carries one) and a clock. */
export interface RecordPorts {
  store: CatalogStore;
  images: Pick<ImageStorage, 'presignDownload'>;
  now?: () => Date;
}

/** …where a caller's part at the vendor decides, their role there… */
export interface AccessPorts extends RecordPorts {
  staffRole: CatalogPorts['staffRole'];
}

/** …and where images are added, presigned uploads. */
export interface UploadPorts extends AccessPorts {
  images: ImageStorage;
}

const clockOf = (ports: Pick<RecordPorts, 'now'>) => () => (ports.now ? ports.now() : new Date());

export type CatalogRules = ReturnType<typeof catalogRules>;

export function catalogRules(ports: RecordPorts) {
  const { store, images } = ports;
  const now = clockOf(ports);

  /** The vendor, if it may sell now: a shop or clinic, approved and not suspended. */
  async function sellingVendor(vendorId: string): Promise<CatalogVendor> {
    const vendor = await store.vendor(vendorId);
    if (vendor?.kind === 'groomer') throw refuse.forbidden('products-not-offered');
    if (!vendor?.listed) throw refuse.conflict('vendor-not-selling');
    return vendor;
  }

  /** The vendor, if its products may be changed: known to the catalog and not a groomer (a suspended vendor still tidies up its unlisted products). */
  async function knownVendor(vendorId: string): Promise<CatalogVendor> {
    const vendor = await store.vendor(vendorId);
    if (vendor?.kind === 'groomer') throw refuse.forbidden('products-not-offered');
    if (!vendor) throw refuse.conflict('vendor-not-selling');
    return vendor;
  }

  async function ownProduct(vendorId: string, productId: string): Promise<Product> {
    const product = await store.product(productId);
    if (!product || product.vendorId !== vendorId) throw refuse.notFound();
    return product;
  }

  async function stockOf(productId: string): Promise<StockLevel> {
    const stock = await store.stock(productId);
    if (!stock) throw refuse.notFound();
    return stock;
  }

  /** The public listing of a product as of these three versions (the sum is the listingVersion). */
  async function listingEvent(
    product: Product,
    stock: StockLevel,
    vendor: CatalogVendor,
    correlationId: string,
  ): Promise<EventEnvelope> {
    const first = product.images[0];
    const data: EventData<'product.listing_updated'> = {
      productId: product.productId,
      vendorId: product.vendorId,
      vendorName: vendor.name,
      listingVersion: product.version + stock.version + vendor.listingVersion,
      listed: product.active && vendor.listed && vendor.kind !== 'groomer',
      name: product.name,
      description: product.description,
      category: product.category,
      subcategory: product.subcategory,
      price: idr(product.price),
      weightGrams: product.weightGrams,
      taxCategory: product.taxCategory,
      imageUrl: first ? await images.presignDownload(first.key, LISTED_IMAGE_URL_TTL_SECONDS) : null,
      available: stock.available,
      inStock: stock.available > 0,
      updatedAt: [product.updatedAt, stock.updatedAt, vendor.updatedAt].sort().at(-1)!,
    };
    return domainEvent('product.listing_updated', data, correlationId) as EventEnvelope;
  }

  /** Replaces the product (conditioned on the version read) with its listing event; the stock and vendor must be as read. */
  async function saveProduct(
    current: Product,
    changes: Partial<Product>,
    extra: Write[],
    correlationId: string,
  ): Promise<{ product: Product; stock: StockLevel }> {
    const [stock, vendor] = await Promise.all([stockOf(current.productId), knownVendor(current.vendorId)]);
    const product: Product = { ...current, ...changes, version: current.version + 1, updatedAt: now().toISOString() };
    await store.commit(
      [
        { type: 'product', item: product, expectedVersion: current.version },
        { type: 'stockUnchanged', productId: product.productId, version: stock.version },
        { type: 'vendorUnchanged', vendorId: vendor.vendorId, listingVersion: vendor.listingVersion },
        ...extra,
      ],
      [await listingEvent(product, stock, vendor, correlationId)],
    );
    return { product, stock };
  }

  return { store, now, sellingVendor, knownVendor, ownProduct, stockOf, listingEvent, saveProduct };
}

/** Who may act on a vendor's catalog. */
export function catalogAccess(ports: AccessPorts) {
  /**
   * manage: the vendor's admins; stock: its staff (adjustments); read: its staff and platform
   * admins. Not its staff: 404. Staff without the role: 403.
   */
  async function access(caller: Caller, vendorId: string, need: Need): Promise<void> {
    const role = await ports.staffRole(vendorId, caller.auth.userId);
    if (!role) {
      if (need === 'read' && caller.auth.groups.includes('platform_admin')) return;
      throw refuse.notFound();
    }
    if (need === 'manage' && role !== 'clinic_admin') throw refuse.forbidden();
  }

  return { access };
}

/** New product images: their keys in the uploads bucket, and presigned uploads of them. */
export function imageUploads(ports: Pick<UploadPorts, 'images' | 'now'>) {
  const { images } = ports;
  const now = clockOf(ports);

  function newImage(vendorId: string, productId: string, contentType: ImageType): ProductImage {
    const imageId = newId();
    return { imageId, contentType, key: `products/${vendorId}/${productId}/${imageId}.${IMAGE_TYPES[contentType]}` };
  }

  async function uploadOf(image: ProductImage, sizeBytes: number): Promise<ImageUploadView> {
    const upload = await images.presignUpload(image.key, image.contentType, sizeBytes, UPLOAD_URL_TTL_SECONDS);
    return {
      imageId: image.imageId,
      uploadUrl: upload.url,
      uploadHeaders: upload.headers,
      imageUrl: await images.presignDownload(image.key, IMAGE_URL_TTL_SECONDS),
      expiresAt: new Date(now().getTime() + UPLOAD_URL_TTL_SECONDS * 1000).toISOString(),
    };
  }

  return { newImage, uploadOf };
}

/** An audited stock adjustment: who moved it, why, and the stock right after. */
export function adjustment(
  productId: string,
  delta: number,
  reason: string,
  caller: Caller,
  after: StockLevel,
  at: string,
): StockAdjustment {
  return {
    productId,
    adjustmentId: newId(),
    delta,
    reason,
    byUserId: caller.auth.userId,
    byUsername: caller.auth.username,
    onHand: after.onHand,
    reserved: after.reserved,
    available: after.available,
    at,
  };
}

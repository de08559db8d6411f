import type { Caller } from '#shared/auth/caller.ts';
import type { EventData, EventEnvelope } from '#shared/events/catalog.ts';
import { domainEvent } from '#shared/events/envelope.ts';
import { HttpProblem, problems } from '#shared/http/problem.ts';
import { newId } from '#shared/lib/ids.ts';
import { jitter, retryOnConflict, type ConflictRetry } from '#shared/lib/retry-on-conflict.ts';
import { categoryOfSubcategory } from '#shared/lib/pet-care.ts';
import {
  IMAGE_TYPES,
  IMAGE_URL_TTL_SECONDS,
  LISTED_IMAGE_URL_TTL_SECONDS,
  MAX_IMAGES,
  UPLOAD_URL_TTL_SECONDS,
  type CatalogPorts,
  type CatalogVendor,
  type ImageType,
  type Page,
  type Product,
  type ProductImage,
  type StockAdjustment,
  type StockLevel,
  type Write,
} from './model.ts';
import { WriteConflict } from '#shared/table/write-conflict.ts';
import type { CreateInput, PatchInput } from './schemas.ts';
import { idr } from '#shared/lib/money.ts';

/**
 * The catalog rules: products of approved shops and clinics, their images and stock, and the
 * listing events that feed search. No AWS imports.
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
const RETRY: ConflictRetry = {
  attempts: 6,
  backoff: jitter(15),
  retryable: (conflict) => !conflict.failed.includes('sku'),
};
/** Products republished at once when a vendor's name or status changes. */
const REPUBLISH_CONCURRENCY = 8;

type Need = 'manage' | 'read' | 'stock';

export interface ImageUploadView {
  imageId: string;
  uploadUrl: string;
  uploadHeaders: Record<string, string>;
  imageUrl: string;
  expiresAt: string;
}

export function catalogService(ports: CatalogPorts) {
  const { store, images } = ports;
  const now = () => (ports.now ? ports.now() : new Date());

  /**
   * manage: the vendor's admins; stock: its staff (adjustments); read: its staff and platform
   * admins. Not its staff: 404. Staff without the role: 403.
   */
  async function access(caller: Caller, vendorId: string, need: Need): Promise<void> {
    const role = await ports.staffRole(vendorId, caller.auth.userId);
    if (!role) {
      if (need === 'read' && caller.auth.groups.includes('platform_admin')) return;
      throw problems.notFound();
    }
    if (need === 'manage' && role !== 'clinic_admin') throw problems.forbidden();
  }

  /** The vendor, if it may sell now: a shop or clinic, approved and not suspended. */
  async function sellingVendor(vendorId: string): Promise<CatalogVendor> {
    const vendor = await store.vendor(vendorId);
    if (vendor?.kind === 'groomer') throw new HttpProblem(403, 'products-not-offered');
    if (!vendor?.listed) throw problems.conflict('vendor-not-selling');
    return vendor;
  }

  /** The vendor, if its products may be changed: known to the catalog and not a groomer (a suspended vendor still tidies up its unlisted products). */
  async function knownVendor(vendorId: string): Promise<CatalogVendor> {
    const vendor = await store.vendor(vendorId);
    if (vendor?.kind === 'groomer') throw new HttpProblem(403, 'products-not-offered');
    if (!vendor) throw problems.conflict('vendor-not-selling');
    return vendor;
  }

  async function ownProduct(vendorId: string, productId: string): Promise<Product> {
    const product = await store.product(productId);
    if (!product || product.vendorId !== vendorId) throw problems.notFound();
    return product;
  }

  async function stockOf(productId: string): Promise<StockLevel> {
    const stock = await store.stock(productId);
    if (!stock) throw problems.notFound();
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

  async function imageViews(product: Product) {
    return Promise.all(
      product.images.map(async (image) => ({
        imageId: image.imageId,
        url: await images.presignDownload(image.key, IMAGE_URL_TTL_SECONDS),
      })),
    );
  }

  async function productView(product: Product, stock: StockLevel) {
    const {
      productId,
      vendorId,
      name,
      description,
      category,
      subcategory,
      weightGrams,
      sku,
      taxCategory,
      active,
      version,
      createdAt,
      updatedAt,
    } = product;
    return {
      productId,
      vendorId,
      name,
      description,
      category,
      subcategory,
      price: idr(product.price),
      weightGrams,
      sku,
      taxCategory,
      active,
      images: await imageViews(product),
      stock: { onHand: stock.onHand, reserved: stock.reserved, available: stock.available, version: stock.version },
      version,
      createdAt,
      updatedAt,
      _links: {
        self: { href: `/v1/vendors/${vendorId}/products/${productId}` },
        stock: { href: `/v1/vendors/${vendorId}/products/${productId}/stock` },
        stockHistory: { href: `/v1/vendors/${vendorId}/products/${productId}/stock/history` },
        images: { href: `/v1/vendors/${vendorId}/products/${productId}/images` },
        public: { href: `/v1/products/${productId}` },
      },
    };
  }

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

  /** Publishes the product's listing as it is now (no change): after stock moved elsewhere, or its vendor changed. */
  async function publishListing(productId: string, correlationId: string): Promise<'published' | 'gone'> {
    return retryOnConflict(RETRY, async () => {
      const product = await store.product(productId);
      const stock = await store.stock(productId);
      const vendor = product ? await store.vendor(product.vendorId) : undefined;
      if (!product || !stock || !vendor) return 'gone';
      await store.commit(
        [
          { type: 'productUnchanged', productId, version: product.version },
          { type: 'stockUnchanged', productId, version: stock.version },
          { type: 'vendorUnchanged', vendorId: vendor.vendorId, listingVersion: vendor.listingVersion },
        ],
        [await listingEvent(product, stock, vendor, correlationId)],
      );
      return 'published';
    });
  }

  return {
    // ------------------------------------------------------------ products

    /**
     * A new product with its stock item (initialStock on hand, audited as the first adjustment), its
     * SKU claimed for the vendor (409 when taken), presigned uploads for the images asked for, and
     * product.listing_updated — one transaction.
     */
    async create(caller: Caller, vendorId: string, input: CreateInput) {
      await access(caller, vendorId, 'manage');
      const productId = newId();
      const productImages = input.images.map((request) => newImage(vendorId, productId, request.contentType));
      const { product, stock } = await retryOnConflict(RETRY, async () => {
        const vendor = await sellingVendor(vendorId);
        const at = now().toISOString();
        const product: Product = {
          productId,
          vendorId,
          name: input.name,
          description: { id: input.description.id, en: input.description.en ?? null },
          category: categoryOfSubcategory(input.subcategory),
          subcategory: input.subcategory,
          price: input.price.amount,
          weightGrams: input.weightGrams,
          sku: input.sku,
          images: productImages,
          active: input.active,
          taxCategory: input.taxCategory,
          createdBy: caller.auth.userId,
          version: 1,
          createdAt: at,
          updatedAt: at,
        };
        const stock: StockLevel = {
          productId,
          onHand: input.initialStock,
          reserved: 0,
          available: input.initialStock,
          version: 1,
          updatedAt: at,
        };
        const writes: Write[] = [
          { type: 'product', item: product, expectedVersion: null },
          { type: 'claimSku', vendorId, sku: product.sku, productId },
          { type: 'newStock', productId, onHand: input.initialStock },
          { type: 'vendorUnchanged', vendorId, listingVersion: vendor.listingVersion },
        ];
        if (input.initialStock > 0) {
          writes.push({
            type: 'adjustment',
            item: adjustment(productId, input.initialStock, 'Stok awal / initial stock', caller, stock, at),
          });
        }
        await store.commit(writes, [await listingEvent(product, stock, vendor, caller.correlationId)]);
        return { product, stock };
      }).catch((error: unknown) => {
        if (error instanceof WriteConflict && error.failed.includes('sku'))
          throw problems.conflict('sku-taken', { sku: input.sku });
        if (error instanceof WriteConflict) throw problems.conflict('conflict');
        throw error;
      });
      const uploads = await Promise.all(
        productImages.map((image, index) => uploadOf(image, input.images[index]!.sizeBytes)),
      );
      return { ...(await productView(product, stock)), uploads };
    },

    async get(caller: Caller, vendorId: string, productId: string) {
      await access(caller, vendorId, 'read');
      const product = await ownProduct(vendorId, productId);
      return productView(product, await stockOf(productId));
    },

    /** The vendor's products (active or not), each with its stock, in creation order. */
    async list(
      caller: Caller,
      vendorId: string,
      limit: number,
      cursor?: string,
    ): Promise<Page<Awaited<ReturnType<typeof productView>>>> {
      await access(caller, vendorId, 'read');
      const page = await store.vendorProducts(vendorId, limit, cursor);
      const items = await Promise.all(
        page.items.map(async (product) => productView(product, await stockOf(product.productId))),
      );
      return { items, nextCursor: page.nextCursor };
    },

    /**
     * Changes a product (vendor admin). `If-Match` must be the version read (409 otherwise); a new
     * SKU is claimed and the old one freed in the same transaction; `images` keeps (and orders) a
     * subset of the product's images.
     */
    async update(caller: Caller, vendorId: string, productId: string, patch: PatchInput, ifMatch: number | undefined) {
      await access(caller, vendorId, 'manage');
      try {
        const { product, stock } = await retryOnConflict(RETRY, async () => {
          const current = await ownProduct(vendorId, productId);
          if (ifMatch !== undefined && ifMatch !== current.version) throw problems.conflict('version-mismatch');
          const changes: Partial<Product> = {};
          if (patch.name !== undefined) changes.name = patch.name;
          if (patch.description !== undefined)
            changes.description = { id: patch.description.id, en: patch.description.en ?? null };
          if (patch.subcategory !== undefined) {
            changes.subcategory = patch.subcategory;
            changes.category = categoryOfSubcategory(patch.subcategory);
          }
          if (patch.price !== undefined) changes.price = patch.price.amount;
          if (patch.weightGrams !== undefined) changes.weightGrams = patch.weightGrams;
          if (patch.taxCategory !== undefined) changes.taxCategory = patch.taxCategory;
          if (patch.active !== undefined) changes.active = patch.active;
          if (patch.images !== undefined) {
            const byId = new Map(current.images.map((image) => [image.imageId, image]));
            if (patch.images.some((imageId) => !byId.has(imageId))) throw problems.unprocessable('image-unknown');
            changes.images = patch.images.map((imageId) => byId.get(imageId)!);
          }
          const extra: Write[] = [];
          if (patch.sku !== undefined && patch.sku.toUpperCase() !== current.sku.toUpperCase()) {
            extra.push(
              { type: 'claimSku', vendorId, sku: patch.sku, productId },
              { type: 'freeSku', vendorId, sku: current.sku, productId },
            );
          }
          if (patch.sku !== undefined) changes.sku = patch.sku;
          return saveProduct(current, changes, extra, caller.correlationId);
        });
        return productView(product, stock);
      } catch (error) {
        if (error instanceof WriteConflict && error.failed.includes('sku'))
          throw problems.conflict('sku-taken', { sku: patch.sku });
        if (error instanceof WriteConflict) throw problems.conflict('version-mismatch');
        throw error;
      }
    },

    /** A presigned PUT for one more image (at most 8); the key is recorded now, so the views show it once uploaded. */
    async requestImageUpload(
      caller: Caller,
      vendorId: string,
      productId: string,
      request: { contentType: ImageType; sizeBytes: number },
    ): Promise<ImageUploadView> {
      await access(caller, vendorId, 'manage');
      const image = newImage(vendorId, productId, request.contentType);
      // Presigning is local computation: done first, so a misconfiguration fails before any write.
      const upload = await uploadOf(image, request.sizeBytes);
      await retryOnConflict(RETRY, async () => {
        const current = await ownProduct(vendorId, productId);
        if (current.images.length >= MAX_IMAGES) throw problems.unprocessable('image-limit');
        await saveProduct(current, { images: [...current.images, image] }, [], caller.correlationId);
      }).catch((error: unknown) => {
        if (error instanceof WriteConflict) throw problems.conflict('conflict');
        throw error;
      });
      return upload;
    },

    // ------------------------------------------------------------ stock

    /**
     * A vendor's adjustment (receiving goods, a count, damage): on hand moves by `delta`, never
     * below what is reserved (409), audited with who and why, with the listing event — one
     * transaction conditioned on the stock's version.
     */
    async adjustStock(caller: Caller, vendorId: string, productId: string, input: { delta: number; reason: string }) {
      await access(caller, vendorId, 'stock');
      const result = await retryOnConflict(RETRY, async () => {
        const product = await ownProduct(vendorId, productId);
        const [stock, vendor] = await Promise.all([stockOf(productId), store.vendor(vendorId)]);
        if (!vendor) throw problems.conflict('vendor-not-selling');
        if (stock.available + input.delta < 0) {
          throw problems.conflict('stock-below-reserved', {
            onHand: stock.onHand,
            reserved: stock.reserved,
            available: stock.available,
          });
        }
        const at = now().toISOString();
        const after: StockLevel = {
          ...stock,
          onHand: stock.onHand + input.delta,
          available: stock.available + input.delta,
          version: stock.version + 1,
          updatedAt: at,
        };
        const entry = adjustment(productId, input.delta, input.reason, caller, after, at);
        await store.commit(
          [
            { type: 'adjustStock', productId, delta: input.delta, expectedVersion: stock.version },
            { type: 'adjustment', item: entry },
            { type: 'productUnchanged', productId, version: product.version },
            { type: 'vendorUnchanged', vendorId, listingVersion: vendor.listingVersion },
          ],
          [await listingEvent(product, after, vendor, caller.correlationId)],
        );
        return {
          productId,
          adjustmentId: entry.adjustmentId,
          onHand: after.onHand,
          reserved: after.reserved,
          available: after.available,
          version: after.version,
        };
      }).catch((error: unknown) => {
        if (error instanceof WriteConflict) throw problems.conflict('conflict');
        throw error;
      });
      return result;
    },

    async stockHistory(caller: Caller, vendorId: string, productId: string, limit: number, cursor?: string) {
      await access(caller, vendorId, 'read');
      await ownProduct(vendorId, productId);
      const page = await store.stockHistory(productId, limit, cursor);
      return {
        items: page.items.map(
          ({ adjustmentId, delta, reason, byUserId, byUsername, onHand, reserved, available, at }) => ({
            adjustmentId,
            delta,
            reason,
            by: { userId: byUserId, username: byUsername },
            onHand,
            reserved,
            available,
            at,
          }),
        ),
        nextCursor: page.nextCursor,
      };
    },

    // ------------------------------------------------------------ listings

    /** stock.changed (checkout reserved, an order released or committed): those products' listings are published again. */
    async refreshListings(productIds: readonly string[], correlationId: string): Promise<void> {
      for (const productId of new Set(productIds)) await publishListing(productId, correlationId);
    },

    /**
     * vendor.listing_updated → the catalog's copy (newest listingVersion wins). When the vendor's
     * name, status or kind differ from what its products' listings last carried, every product is
     * published again (a redelivered event finishes an interrupted push).
     */
    async saveVendorListing(
      listing: EventData<'vendor.listing_updated'>,
      correlationId: string,
    ): Promise<'saved' | 'stale'> {
      const { vendorId, name, kind, listed, listingVersion, updatedAt } = listing;
      const outcome = await store.saveVendor({ vendorId, name, kind, listed, listingVersion, updatedAt });
      const vendor = await store.vendor(vendorId);
      if (!vendor) return outcome;
      const published = vendor.published;
      if (
        published &&
        published.name === vendor.name &&
        published.listed === vendor.listed &&
        published.kind === vendor.kind
      )
        return outcome;
      let cursor: string | undefined;
      do {
        const page = await store.vendorProducts(vendorId, 100, cursor);
        for (let i = 0; i < page.items.length; i += REPUBLISH_CONCURRENCY) {
          await Promise.all(
            page.items
              .slice(i, i + REPUBLISH_CONCURRENCY)
              .map((product) => publishListing(product.productId, correlationId)),
          );
        }
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      await store.markPublished(vendorId, vendor.listingVersion, {
        name: vendor.name,
        listed: vendor.listed,
        kind: vendor.kind,
      });
      return outcome;
    },
  };
}

function adjustment(
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

export type CatalogService = ReturnType<typeof catalogService>;

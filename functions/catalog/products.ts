import type { Caller } from '#shared/auth/caller.ts';
import { refuse } from '#shared/lib/refusal.ts';
import { newId } from '#shared/lib/ids.ts';
import { retryOnConflict } from '#shared/lib/retry-on-conflict.ts';
import { categoryOfSubcategory } from '#shared/lib/pet-care.ts';
import { idr } from '#shared/lib/money.ts';
import { WriteConflict } from '#shared/table/write-conflict.ts';
import { IMAGE_URL_TTL_SECONDS, type Page, type Product, type StockLevel, type Write } from './model.ts';
import type { CreateInput, PatchInput } from './schemas.ts';
import { adjustment, catalogAccess, catalogRules, imageUploads, RETRY, type UploadPorts } from './catalog-rules.ts';

/**
 * A vendor's products: create (with its stock, the first adjustment, its SKU and presigned image
 * uploads), read one, list them, change one on its version — each with its stock and image links.
 */
export function productsService(ports: UploadPorts) {
  const { store, now, sellingVendor, ownProduct, stockOf, listingEvent, saveProduct } = catalogRules(ports);
  const { access } = catalogAccess(ports);
  const { newImage, uploadOf } = imageUploads(ports);
  const { images } = ports;

  async function imageViews(product: Product) {
    return Promise.all(
      product.images.map(async (image) => ({
        imageId: image.imageId,
        url: await images.presignDownload(image.key, IMAGE_URL_TTL_SECONDS),
      })),
    );
  }

  async function toProductView(product: Product, stock: StockLevel) {
    const { productId, vendorId } = product;
    return {
      productId,
      vendorId,
      name: product.name,
      description: product.description,
      category: product.category,
      subcategory: product.subcategory,
      price: idr(product.price),
      weightGrams: product.weightGrams,
      sku: product.sku,
      taxCategory: product.taxCategory,
      active: product.active,
      images: await imageViews(product),
      stock: { onHand: stock.onHand, reserved: stock.reserved, available: stock.available, version: stock.version },
      version: product.version,
      createdAt: product.createdAt,
      updatedAt: product.updatedAt,
      _links: {
        self: { href: `/v1/vendors/${vendorId}/products/${productId}` },
        stock: { href: `/v1/vendors/${vendorId}/products/${productId}/stock` },
        stockHistory: { href: `/v1/vendors/${vendorId}/products/${productId}/stock/history` },
        images: { href: `/v1/vendors/${vendorId}/products/${productId}/images` },
        public: { href: `/v1/products/${productId}` },
      },
    };
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
          throw refuse.conflict('sku-taken', { sku: input.sku });
        if (error instanceof WriteConflict) throw refuse.conflict('conflict');
        throw error;
      });
      const uploads = await Promise.all(
        productImages.map((image, index) => uploadOf(image, input.images[index]!.sizeBytes)),
      );
      return { ...(await toProductView(product, stock)), uploads };
    },

    async get(caller: Caller, vendorId: string, productId: string) {
      await access(caller, vendorId, 'read');
      const product = await ownProduct(vendorId, productId);
      return toProductView(product, await stockOf(productId));
    },

    /** The vendor's products (active or not), each with its stock, in creation order. */
    async list(
      caller: Caller,
      vendorId: string,
      limit: number,
      cursor?: string,
    ): Promise<Page<Awaited<ReturnType<typeof toProductView>>>> {
      await access(caller, vendorId, 'read');
      const page = await store.vendorProducts(vendorId, limit, cursor);
      const items = await Promise.all(
        page.items.map(async (product) => toProductView(product, await stockOf(product.productId))),
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
          if (ifMatch !== undefined && ifMatch !== current.version) throw refuse.conflict('version-mismatch');
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
            if (patch.images.some((imageId) => !byId.has(imageId))) throw refuse.unprocessable('image-unknown');
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
        return toProductView(product, stock);
      } catch (error) {
        if (error instanceof WriteConflict && error.failed.includes('sku'))
          throw refuse.conflict('sku-taken', { sku: patch.sku });
        if (error instanceof WriteConflict) throw refuse.conflict('version-mismatch');
        throw error;
      }
    },
  };
}

export type ProductsService = ReturnType<typeof productsService>;

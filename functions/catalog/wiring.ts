import type { Reply } from '#shared/http/route.ts';
import { etag } from '#shared/http/versioning.ts';
import { once } from '#shared/lib/once.ts';
import { vendorStaffRole } from '#shared/table/vendor-staff.ts';
import { presignedStorage } from '#shared/storage/presigned-storage.ts';
import type { UploadPorts } from './catalog-rules.ts';
import { listingsService } from './listings.ts';
import { productImagesService } from './product-images.ts';
import { productsService } from './products.ts';
import { stockAdjustmentsService } from './stock-adjustments.ts';
import { dynamoCatalogStore } from './store.ts';

/**
 * The use cases of each area on the table and S3 presigning, built at first use: a handler builds
 * (and bundles) only its own area. Every area signs image links (a product's listing carries one);
 * only products and product images presign uploads. The caller's role at a vendor (vendors' staff,
 * through the shared key) comes to every area but the listings, which answer events.
 */
const onTable = /* @__PURE__ */ once((): Pick<UploadPorts, 'store' | 'images'> => ({
  store: dynamoCatalogStore(),
  images: presignedStorage(),
}));
const withStaff = (): UploadPorts => ({ ...onTable(), staffRole: vendorStaffRole });

export const products = /* @__PURE__ */ once(() => productsService(withStaff()));
export const productImages = /* @__PURE__ */ once(() => productImagesService(withStaff()));
export const stockAdjustments = /* @__PURE__ */ once(() => stockAdjustmentsService(withStaff()));
export const listings = /* @__PURE__ */ once(() => listingsService(onTable()));

/** 200/201 with the product and its `ETag: "<version>"` (what a later If-Match sends back). */
export function tagged(body: { version: number; productId: string; vendorId: string }, status = 200): Reply {
  const location = `/v1/vendors/${body.vendorId}/products/${body.productId}`;
  return { status, body, headers: { ...(status === 201 ? { location } : {}), etag: etag(body.version) } };
}

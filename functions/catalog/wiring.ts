import type { Reply } from '#shared/http/route.ts';
import { etag } from '#shared/http/versioning.ts';
import { vendorStaffRole } from '#shared/table/vendor-staff.ts';
import { catalogService, type CatalogService } from './catalog.ts';
import { presignedStorage } from '#shared/storage/presigned-storage.ts';
import { dynamoCatalogStore } from './store.ts';

/** The catalog use cases on the table and S3 presigning (vendor staff through the shared key), built at first use. */
let service: CatalogService | undefined;

export function catalog(): CatalogService {
  service ??= catalogService({ store: dynamoCatalogStore(), images: presignedStorage(), staffRole: vendorStaffRole });
  return service;
}

/** 200/201 with the product and its `ETag: "<version>"` (what a later If-Match sends back). */
export function tagged(body: { version: number; productId: string; vendorId: string }, status = 200): Reply {
  const location = `/v1/vendors/${body.vendorId}/products/${body.productId}`;
  return { status, body, headers: { ...(status === 201 ? { location } : {}), etag: etag(body.version) } };
}

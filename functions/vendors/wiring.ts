import type { Reply } from '#shared/http/route.ts';
import { etag } from '#shared/http/versioning.ts';
import { verifiedContact } from '#shared/table/user-profile.ts';
import { presignedStorage } from '#shared/storage/presigned-storage.ts';
import type { Directory } from './model.ts';
import { dynamoVendorsStore } from './store.ts';
import { vendorsService, type VendorsService } from './vendors.ts';

/**
 * The use cases wired to DynamoDB and S3 presigning, built at first use; people's verified contacts
 * come from the users domain's profile through its shared key (shared/table/user-profile.ts). Cognito comes only to
 * the handlers allowed to change groups (approve, accept invitation): `vendorsWith(directory)`.
 */
const noDirectory: Directory = {
  addToGroup: () => Promise.reject(new Error('this function may not change Cognito groups (see its manifest access)')),
};

const services = new Map<Directory, VendorsService>();

export function vendorsWith(directory: Directory): VendorsService {
  let service = services.get(directory);
  if (!service) {
    service = vendorsService({
      store: dynamoVendorsStore(),
      people: { verifiedContact },
      documents: presignedStorage(),
      directory,
    });
    services.set(directory, service);
  }
  return service;
}

export function vendors(): VendorsService {
  return vendorsWith(noDirectory);
}

/** 200/201 with the resource and its `ETag: "<version>"` (what a later If-Match sends back). */
export function tagged(body: { version: number }, status = 200, location?: string): Reply {
  return { status, body, headers: { ...(location ? { location } : {}), etag: etag(body.version) } };
}

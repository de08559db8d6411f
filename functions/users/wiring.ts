import type { AuthContext } from '#shared/auth/access.ts';
import type { Reply } from '#shared/http/route.ts';
import type { PhotoStorage } from './model.ts';
import { dynamoUsersStore } from './store.ts';
import { etag, usersService, type Caller, type UsersService } from './users.ts';

/**
 * The use cases wired to DynamoDB, built at first use (handlers import this module, tests import
 * handlers without any environment). Only the pet handlers that show or take photos pass the S3
 * photo storage (wiring-photos.ts), so the other handlers' bundles carry no S3 client.
 */
const NO_PHOTOS: PhotoStorage = {
  presignUpload: () => Promise.reject(new Error('photo storage is not wired into this handler')),
  presignDownload: () => Promise.reject(new Error('photo storage is not wired into this handler')),
};

const services = new Map<PhotoStorage, UsersService>();

export function users(photos: PhotoStorage = NO_PHOTOS): UsersService {
  let service = services.get(photos);
  if (!service) {
    service = usersService({ store: dynamoUsersStore(), photos });
    services.set(photos, service);
  }
  return service;
}

export function caller(request: { auth: AuthContext; correlationId: string }): Caller {
  return { auth: request.auth, correlationId: request.correlationId };
}

/** 200 with the resource and its `ETag: "<version>"` (what a later If-Match sends back). */
export function okTagged(body: { version: number }): Reply {
  return { status: 200, body, headers: { etag: etag(body.version) } };
}

export function createdTagged(body: { version: number }, location?: string): Reply {
  return { status: 201, body, headers: { ...(location ? { location } : {}), etag: etag(body.version) } };
}

import type { Reply } from '#shared/http/route.ts';
import { presignedStorage } from '#shared/storage/presigned-storage.ts';
import { dynamoUsersStore } from './store.ts';
import { etag, usersService, type UsersService } from './users.ts';

/**
 * The use cases wired to DynamoDB and the uploads bucket, built at first use (handlers import
 * this module, tests import handlers without any environment). Every handler gets the photo
 * storage: presigning is local SigV4 signing (about 2 KB of bundle), not an S3 client.
 */
let service: UsersService | undefined;

export function users(): UsersService {
  service ??= usersService({ store: dynamoUsersStore(), photos: presignedStorage() });
  return service;
}

/** 200 with the resource and its `ETag: "<version>"` (what a later If-Match sends back). */
export function okTagged(body: { version: number }): Reply {
  return { status: 200, body, headers: { etag: etag(body.version) } };
}

export function createdTagged(body: { version: number }, location?: string): Reply {
  return { status: 201, body, headers: { ...(location ? { location } : {}), etag: etag(body.version) } };
}

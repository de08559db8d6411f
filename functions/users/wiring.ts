import type { Reply } from '#shared/http/route.ts';
import { etag } from '#shared/http/versioning.ts';
import { once } from '#shared/lib/once.ts';
import { presignedStorage } from '#shared/storage/presigned-storage.ts';
import { addressesService } from './addresses.ts';
import type { UsersPorts } from './model.ts';
import { petPhotosService } from './pet-photos.ts';
import { petRecordsService } from './pet-records.ts';
import { petsService } from './pets.ts';
import { profileService } from './profile.ts';
import { dynamoUsersStore } from './store.ts';
import type { RecordPorts } from './user-rules.ts';

/**
 * The use cases of each area wired to DynamoDB, built at first use (handlers import this module,
 * tests import handlers without any environment): a handler builds (and bundles) only its own area.
 * The photo storage (presigning is local SigV4 signing, not an S3 client) comes only to pets, whose
 * views carry photo links, and pet photos; profile, addresses and pet records have the table alone.
 */
const onTable = /* @__PURE__ */ once((): RecordPorts => ({ store: dynamoUsersStore() }));
const withPhotos = (): UsersPorts => ({ ...onTable(), photos: presignedStorage() });

export const profiles = /* @__PURE__ */ once(() => profileService(onTable()));
export const addresses = /* @__PURE__ */ once(() => addressesService(onTable()));
export const pets = /* @__PURE__ */ once(() => petsService(withPhotos()));
export const petPhotos = /* @__PURE__ */ once(() => petPhotosService(withPhotos()));
export const petRecords = /* @__PURE__ */ once(() => petRecordsService(onTable()));

/** 200 with the resource and its `ETag: "<version>"` (what a later If-Match sends back). */
export function okTagged(body: { version: number }): Reply {
  return { status: 200, body, headers: { etag: etag(body.version) } };
}

export function createdTagged(body: { version: number }, location?: string): Reply {
  return { status: 201, body, headers: { ...(location ? { location } : {}), etag: etag(body.version) } };
}

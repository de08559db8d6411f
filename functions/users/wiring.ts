import type { Reply } from '#shared/http/route.ts';
import { etag } from '#shared/http/versioning.ts';
import { presignedStorage } from '#shared/storage/presigned-storage.ts';
import { addressesService, type AddressesService } from './addresses.ts';
import type { UsersPorts } from './model.ts';
import { petPhotosService, type PetPhotosService } from './pet-photos.ts';
import { petRecordsService, type PetRecordsService } from './pet-records.ts';
import { petsService, type PetsService } from './pets.ts';
import { profileService, type ProfileService } from './profile.ts';
import { dynamoUsersStore } from './store.ts';
import type { RecordPorts } from './user-rules.ts';

/**
 * The use cases of each area wired to DynamoDB, built at first use (handlers import this module,
 * tests import handlers without any environment): a handler builds (and bundles) only its own area.
 * The photo storage (presigning is local SigV4 signing, not an S3 client) comes only to pets, whose
 * views carry photo links, and pet photos; profile, addresses and pet records have the table alone.
 */
let table: RecordPorts | undefined;
const onTable = (): RecordPorts => (table ??= { store: dynamoUsersStore() });
const withPhotos = (): UsersPorts => ({ ...onTable(), photos: presignedStorage() });

const built: {
  profile?: ProfileService;
  addresses?: AddressesService;
  pets?: PetsService;
  petPhotos?: PetPhotosService;
  petRecords?: PetRecordsService;
} = {};

export const profiles = () => (built.profile ??= profileService(onTable()));
export const addresses = () => (built.addresses ??= addressesService(onTable()));
export const pets = () => (built.pets ??= petsService(withPhotos()));
export const petPhotos = () => (built.petPhotos ??= petPhotosService(withPhotos()));
export const petRecords = () => (built.petRecords ??= petRecordsService(onTable()));

/** 200 with the resource and its `ETag: "<version>"` (what a later If-Match sends back). */
export function okTagged(body: { version: number }): Reply {
  return { status: 200, body, headers: { etag: etag(body.version) } };
}

export function createdTagged(body: { version: number }, location?: string): Reply {
  return { status: 201, body, headers: { ...(location ? { location } : {}), etag: etag(body.version) } };
}

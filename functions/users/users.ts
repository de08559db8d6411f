import { authorize, type AuthContext } from '#shared/auth/access.ts';
import type { Caller } from '#shared/auth/caller.ts';
import type { EventEnvelope, EventType } from '#shared/events/catalog.ts';
import { domainEvent } from '#shared/events/envelope.ts';
import { logger } from '#shared/lib/logger.ts';
import { HttpProblem, problems } from '#shared/http/problem.ts';
import { newId } from '#shared/lib/ids.ts';
import { retryOnConflict, type ConflictRetry } from '#shared/lib/retry-on-conflict.ts';
import { etag, parseIfMatch } from '#shared/http/versioning.ts';

export { etag, parseIfMatch };
import {
  InvalidCursor,
  type Address,
  type Page,
  type PageRequest,
  type Pet,
  type PetRecord,
  type Profile,
  type RecordKind,
  type UserMeta,
  type UsersPorts,
  type Write,
} from './model.ts';
import { WriteConflict } from '#shared/table/write-conflict.ts';
import type { AddressInput, AddressPatch, PetInput, PetPatch, ProfilePatch, RecordInput } from './schemas.ts';

/**
 * The users domain: profiles, addresses, pets, pet photos and pet records. Rules live here;
 * persistence and S3 come in through the ports (model.ts). No AWS imports.
 *
 * Concurrency: every change is read → decide → one conditional unit of work (store.commit).
 * A lost race surfaces as WriteConflict; the use case then reads again and decides again.
 */

export const MAX_ADDRESSES = 20;
export const MAX_PETS = 50;
export const UPLOAD_URL_TTL_SECONDS = 10 * 60;
export const PHOTO_URL_TTL_SECONDS = 60 * 60;

/** PATCHes retry once after a lost race; collection changes (counters, default) a little more. */
const lostRace = (attempt: number) => logger.info('lost a write race; reading again', { attempt });
const PATCH_RETRY: ConflictRetry = { attempts: 2, exhausted: () => problems.conflict('conflict'), onRetry: lostRace };
const COLLECTION_RETRY: ConflictRetry = { ...PATCH_RETRY, attempts: 3 };

const PHOTO_EXTENSIONS: Record<string, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' };

// ---------------------------------------------------------------- views (what replies carry)

export interface ProfileView {
  userId: string;
  name: string;
  email: string | null;
  phone: string | null;
  locale: Profile['locale'];
  roles: string[];
  version: number;
  createdAt: string;
  updatedAt: string;
  _links: Links;
}

/** Where a client goes next from a resource (HAL-style `_links`). */
export type Links = Record<string, { href: string }>;

export type AddressView = Omit<Address, 'userId'> & { _links: Links };
export type PetView = Omit<Pet, 'userId' | 'photoKey' | 'weightDate'> & { photoUrl: string | null; _links: Links };
export type PetRecordView = Omit<PetRecord, 'userId'> & { _links: Links };

const link = (href: string) => ({ href });
export const links = {
  profile: (): Links => ({ self: link('/v1/me'), pets: link('/v1/me/pets'), addresses: link('/v1/me/addresses') }),
  address: (addressId: string): Links => ({ self: link(`/v1/me/addresses/${addressId}`) }),
  pet: (petId: string): Links => ({
    self: link(`/v1/me/pets/${petId}`),
    records: link(`/v1/me/pets/${petId}/records`),
    photo: link(`/v1/me/pets/${petId}/photo`),
  }),
  record: (petId: string): Links => ({
    pet: link(`/v1/me/pets/${petId}`),
    records: link(`/v1/me/pets/${petId}/records`),
  }),
};

export interface PhotoUploadView {
  uploadUrl: string;
  photoUrl: string;
  expiresAt: string;
  headers: Record<string, string>;
}

function profileView(profile: Profile, auth: AuthContext): ProfileView {
  return {
    userId: profile.userId,
    name: profile.name,
    email: profile.email,
    phone: profile.phone,
    locale: profile.locale,
    roles: [...auth.groups],
    version: profile.version,
    createdAt: profile.createdAt,
    updatedAt: profile.updatedAt,
    _links: links.profile(),
  };
}

function addressView({ userId: _userId, ...address }: Address): AddressView {
  return { ...address, _links: links.address(address.addressId) };
}

function recordView({ userId: _userId, ...record }: PetRecord): PetRecordView {
  return { ...record, _links: links.record(record.petId) };
}

// ---------------------------------------------------------------- helpers

function checkVersion(expected: number | undefined, current: number): void {
  if (expected !== undefined && expected !== current)
    throw problems.conflict('version-mismatch', { currentVersion: current });
}

async function paged<T, V>(load: () => Promise<Page<T>>, view: (item: T) => V | Promise<V>): Promise<Page<V>> {
  let page: Page<T>;
  try {
    page = await load();
  } catch (error) {
    if (error instanceof InvalidCursor) {
      throw problems.badRequest('validation', [{ path: 'query.cursor', message: 'not a cursor this list handed out' }]);
    }
    throw error;
  }
  return { items: await Promise.all(page.items.map(view)), nextCursor: page.nextCursor };
}

/** Only the keys whose value differs from the current one (undefined = not given). */
function changedFields<T extends object>(current: T, patch: Partial<T>): Partial<T> {
  const changes: Partial<T> = {};
  for (const key of Object.keys(patch) as (keyof T)[]) {
    const value = patch[key];
    if (value !== undefined && value !== current[key]) changes[key] = value;
  }
  return changes;
}

function bump<T extends { version: number; updatedAt: string }>(current: T, changes: Partial<T>, now: string): T {
  return { ...current, ...changes, version: current.version + 1, updatedAt: now };
}

/** The write that moves the user's meta item from `meta` (null: none yet) to its next state. */
function metaWrite(userId: string, meta: UserMeta | null, changes: Partial<UserMeta>, now: string): Write {
  if (!meta) {
    const value: UserMeta = {
      userId,
      addressCount: 0,
      petCount: 0,
      defaultAddressId: null,
      ...changes,
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
    return { op: 'create', entity: 'meta', value };
  }
  return { op: 'replace', entity: 'meta', value: bump(meta, changes, now), expectedVersion: meta.version };
}

/** The use cases, bound to their ports. */
export function usersService(ports: UsersPorts) {
  const { store, photos } = ports;
  const now = () => ports.now?.() ?? new Date();
  const nowIso = () => now().toISOString();
  const event = <T extends EventType>(type: T, data: EventEnvelope<T>['data'], caller: Caller) =>
    domainEvent(type, data, caller.correlationId);

  async function petView({ userId: _userId, photoKey, weightDate: _weightDate, ...pet }: Pet): Promise<PetView> {
    return {
      ...pet,
      photoUrl: photoKey ? await photos.presignDownload(photoKey, PHOTO_URL_TTL_SECONDS) : null,
      _links: links.pet(pet.petId),
    };
  }

  /** The writes that take the default flag off `addressId` (none if it is gone or not default). */
  async function demote(userId: string, addressId: string, at: string): Promise<Write[]> {
    const previous = await store.getAddress(userId, addressId);
    if (!previous?.isDefault) return [];
    return [
      {
        op: 'replace',
        entity: 'address',
        value: bump(previous, { isDefault: false }, at),
        expectedVersion: previous.version,
      },
    ];
  }

  async function ownedProfile(caller: Caller): Promise<Profile> {
    const profile = await store.getProfile(caller.auth.userId);
    // Made from `user.registered` a moment after confirmation: tell the app to ask again shortly.
    if (!profile) throw new HttpProblem(404, 'profile-pending', { extra: { retryAfterSeconds: 1 } });
    authorize(caller.auth, { owner: profile.userId });
    return profile;
  }

  async function ownedAddress(caller: Caller, addressId: string): Promise<Address> {
    const address = await store.getAddress(caller.auth.userId, addressId);
    if (!address) throw problems.notFound();
    authorize(caller.auth, { owner: address.userId });
    return address;
  }

  async function ownedPet(caller: Caller, petId: string): Promise<Pet> {
    const pet = await store.getPet(caller.auth.userId, petId);
    if (!pet) throw problems.notFound();
    authorize(caller.auth, { owner: pet.userId });
    return pet;
  }

  return {
    // ------------------------------------------------------------ profile

    /**
     * user.registered → profile. Idempotent: the create is conditional on the profile not
     * existing, so a redelivery (or a replay) changes nothing. Returns whether it created one.
     */
    async createProfile(registered: EventEnvelope<'user.registered'>): Promise<'created' | 'exists'> {
      const { userId, name, email, phone, locale } = registered.data;
      const at = nowIso();
      const profile: Profile = {
        userId,
        name,
        email: email ?? null,
        phone: phone ?? null,
        locale,
        sourceEventId: registered.id,
        version: 1,
        createdAt: at,
        updatedAt: at,
      };
      try {
        await store.commit([{ op: 'create', entity: 'profile', value: profile }], []);
        return 'created';
      } catch (error) {
        // A collision with a concurrent delivery is only fine if that one did create it;
        // otherwise the message must be retried.
        if (error instanceof WriteConflict && (await store.getProfile(userId))) return 'exists';
        throw error;
      }
    },

    async getMe(caller: Caller): Promise<ProfileView> {
      return profileView(await ownedProfile(caller), caller.auth);
    },

    async updateMe(caller: Caller, patch: ProfilePatch, ifMatch: number | undefined): Promise<ProfileView> {
      return retryOnConflict(PATCH_RETRY, async () => {
        const profile = await ownedProfile(caller);
        checkVersion(ifMatch, profile.version);
        const changes = changedFields(profile, patch);
        const fields = Object.keys(changes);
        if (fields.length === 0) return profileView(profile, caller.auth);
        const next = bump(profile, changes, nowIso());
        await store.commit(
          [{ op: 'replace', entity: 'profile', value: next, expectedVersion: profile.version }],
          [event('profile.updated', { userId: profile.userId, fields }, caller)],
        );
        return profileView(next, caller.auth);
      });
    },

    // ------------------------------------------------------------ addresses

    async listAddresses(caller: Caller, page: PageRequest): Promise<Page<AddressView>> {
      return paged(() => store.listAddresses(caller.auth.userId, page), addressView);
    },

    /** The first address becomes the default; `isDefault: true` moves the default to the new one. */
    async addAddress(caller: Caller, input: AddressInput): Promise<AddressView> {
      const userId = caller.auth.userId;
      const addressId = newId();
      return retryOnConflict(COLLECTION_RETRY, async () => {
        const meta = await store.getMeta(userId);
        const count = meta?.addressCount ?? 0;
        if (count >= MAX_ADDRESSES) throw problems.unprocessable('address-limit');
        const currentDefault = meta?.defaultAddressId ?? null;
        const makeDefault = currentDefault === null || input.isDefault === true;
        const at = nowIso();
        const address: Address = {
          userId,
          addressId,
          label: input.label,
          recipientName: input.recipientName,
          phone: input.phone,
          line1: input.line1,
          line2: input.line2 ?? null,
          city: input.city,
          province: input.province,
          postalCode: input.postalCode,
          lat: input.lat,
          lon: input.lon,
          isDefault: makeDefault,
          version: 1,
          createdAt: at,
          updatedAt: at,
        };
        const writes: Write[] = [{ op: 'create', entity: 'address', value: address }];
        if (makeDefault && currentDefault !== null) writes.push(...(await demote(userId, currentDefault, at)));
        writes.push(
          metaWrite(
            userId,
            meta,
            {
              addressCount: count + 1,
              defaultAddressId: makeDefault ? addressId : currentDefault,
            },
            at,
          ),
        );
        await store.commit(writes, []);
        return addressView(address);
      });
    },

    /** `isDefault: true` moves the default here atomically; unsetting the default is refused (pick another). */
    async updateAddress(
      caller: Caller,
      addressId: string,
      patch: AddressPatch,
      ifMatch: number | undefined,
    ): Promise<AddressView> {
      const userId = caller.auth.userId;
      return retryOnConflict(PATCH_RETRY, async () => {
        const address = await ownedAddress(caller, addressId);
        checkVersion(ifMatch, address.version);
        const { isDefault, ...fields } = patch;
        if (isDefault === false && address.isDefault) throw problems.unprocessable('default-address-required');
        const changes: Partial<Address> = changedFields(address, fields as Partial<Address>);
        const becomesDefault = isDefault === true && !address.isDefault;
        if (becomesDefault) changes.isDefault = true;
        if (Object.keys(changes).length === 0) return addressView(address);

        const at = nowIso();
        const next = bump(address, changes, at);
        const writes: Write[] = [{ op: 'replace', entity: 'address', value: next, expectedVersion: address.version }];
        if (becomesDefault) {
          const meta = await store.getMeta(userId);
          const previous = meta?.defaultAddressId ?? null;
          if (previous !== null && previous !== addressId) writes.push(...(await demote(userId, previous, at)));
          writes.push(metaWrite(userId, meta, { defaultAddressId: addressId }, at));
        }
        await store.commit(writes, []);
        return addressView(next);
      });
    },

    /** Deleting the default makes the most recently added other address the default (or none). */
    async deleteAddress(caller: Caller, addressId: string): Promise<void> {
      const userId = caller.auth.userId;
      await retryOnConflict(COLLECTION_RETRY, async () => {
        const address = await ownedAddress(caller, addressId);
        const meta = await store.getMeta(userId);
        const at = nowIso();
        const writes: Write[] = [
          { op: 'delete', ref: { entity: 'address', userId, id: addressId }, expectedVersion: address.version },
        ];
        let defaultAddressId = meta?.defaultAddressId ?? null;
        if (address.isDefault || defaultAddressId === addressId) {
          const others = (await store.allAddresses(userId)).filter((other) => other.addressId !== addressId);
          // ULIDs sort by creation time: the greatest id is the most recently added address.
          const successor = others.reduce<Address | null>(
            (best, other) => (best === null || other.addressId > best.addressId ? other : best),
            null,
          );
          if (successor) {
            writes.push({
              op: 'replace',
              entity: 'address',
              value: bump(successor, { isDefault: true }, at),
              expectedVersion: successor.version,
            });
          }
          defaultAddressId = successor?.addressId ?? null;
        }
        writes.push(
          metaWrite(userId, meta, { addressCount: Math.max(0, (meta?.addressCount ?? 1) - 1), defaultAddressId }, at),
        );
        await store.commit(writes, []);
      });
    },

    // ------------------------------------------------------------ pets

    async listPets(caller: Caller, page: PageRequest): Promise<Page<PetView>> {
      return paged(() => store.listPets(caller.auth.userId, page), petView);
    },

    async getPet(caller: Caller, petId: string): Promise<PetView> {
      return petView(await ownedPet(caller, petId));
    },

    async addPet(caller: Caller, input: PetInput): Promise<PetView> {
      const userId = caller.auth.userId;
      const petId = newId();
      return retryOnConflict(COLLECTION_RETRY, async () => {
        const meta = await store.getMeta(userId);
        const count = meta?.petCount ?? 0;
        if (count >= MAX_PETS) throw problems.unprocessable('pet-limit');
        const at = nowIso();
        const pet: Pet = {
          userId,
          petId,
          name: input.name,
          species: input.species,
          breed: input.breed ?? null,
          sex: input.sex,
          birthDate: input.birthDate ?? null,
          weightKg: input.weightKg ?? null,
          weightDate: null,
          notes: input.notes ?? null,
          photoKey: null,
          version: 1,
          createdAt: at,
          updatedAt: at,
        };
        await store.commit(
          [{ op: 'create', entity: 'pet', value: pet }, metaWrite(userId, meta, { petCount: count + 1 }, at)],
          [event('pet.added', { userId, petId, species: pet.species }, caller)],
        );
        return petView(pet);
      });
    },

    async updatePet(caller: Caller, petId: string, patch: PetPatch, ifMatch: number | undefined): Promise<PetView> {
      return retryOnConflict(PATCH_RETRY, async () => {
        const pet = await ownedPet(caller, petId);
        checkVersion(ifMatch, pet.version);
        const changes = changedFields(pet, patch as Partial<Pet>);
        const fields = Object.keys(changes);
        if (fields.length === 0) return petView(pet);
        const next = bump(pet, changes, nowIso());
        await store.commit(
          [{ op: 'replace', entity: 'pet', value: next, expectedVersion: pet.version }],
          [event('pet.updated', { userId: pet.userId, petId, fields }, caller)],
        );
        return petView(next);
      });
    },

    /**
     * Removes the pet (and its counter) in one transaction with pet.removed, then its records
     * in batches. Records of a removed pet are unreachable (every record route needs the pet),
     * so a cleanup that stops half-way leaves nothing visible; it is logged.
     */
    async deletePet(caller: Caller, petId: string): Promise<void> {
      const userId = caller.auth.userId;
      await retryOnConflict(COLLECTION_RETRY, async () => {
        const pet = await ownedPet(caller, petId);
        const meta = await store.getMeta(userId);
        const at = nowIso();
        await store.commit(
          [
            { op: 'delete', ref: { entity: 'pet', userId, id: petId }, expectedVersion: pet.version },
            metaWrite(userId, meta, { petCount: Math.max(0, (meta?.petCount ?? 1) - 1) }, at),
          ],
          [event('pet.removed', { userId, petId }, caller)],
        );
      });
      try {
        await store.deletePetRecords(userId, petId);
      } catch (error) {
        logger.warn('records of a removed pet were not all deleted', { petId, error: error as Error });
      }
    },

    /**
     * A presigned PUT for a new photo object (`pets/<userId>/<petId>/<ulid>.<ext>`), signed
     * with its Content-Type and Content-Length, valid 10 minutes. The key is recorded on the pet
     * now, so photoUrl points at the new object once the client has uploaded it.
     */
    async requestPetPhotoUpload(
      caller: Caller,
      petId: string,
      request: { contentType: string; sizeBytes: number },
    ): Promise<PhotoUploadView> {
      const extension = PHOTO_EXTENSIONS[request.contentType];
      if (!extension) throw problems.badRequest('photo-type');
      const userId = caller.auth.userId;
      const key = `pets/${userId}/${petId}/${newId()}.${extension}`;
      // Presigning is local computation; done first so a misconfiguration fails before any write.
      const expiresAt = new Date(now().getTime() + UPLOAD_URL_TTL_SECONDS * 1000).toISOString();
      const upload = await photos.presignUpload(key, request.contentType, request.sizeBytes, UPLOAD_URL_TTL_SECONDS);
      const photoUrl = await photos.presignDownload(key, PHOTO_URL_TTL_SECONDS);
      await retryOnConflict(PATCH_RETRY, async () => {
        const pet = await ownedPet(caller, petId);
        const next = bump(pet, { photoKey: key }, nowIso());
        await store.commit(
          [{ op: 'replace', entity: 'pet', value: next, expectedVersion: pet.version }],
          [event('pet.updated', { userId, petId, fields: ['photoUrl'] }, caller)],
        );
      });
      return { uploadUrl: upload.url, photoUrl, expiresAt, headers: upload.headers };
    },

    // ------------------------------------------------------------ pet records

    async listPetRecords(
      caller: Caller,
      petId: string,
      page: PageRequest & { kind?: RecordKind | undefined },
    ): Promise<Page<PetRecordView>> {
      await ownedPet(caller, petId);
      return paged(() => store.listPetRecords(caller.auth.userId, petId, page), recordView);
    },

    /**
     * Adds a record. A weight record dated on or after the pet's newest weight date also sets
     * the pet's weightKg, in the same transaction; otherwise the transaction only checks the
     * pet still exists at the version read.
     */
    async addPetRecord(caller: Caller, petId: string, input: RecordInput): Promise<PetRecordView> {
      const userId = caller.auth.userId;
      const recordId = newId();
      return retryOnConflict(COLLECTION_RETRY, async () => {
        const pet = await ownedPet(caller, petId);
        const at = nowIso();
        const record: PetRecord = {
          ...recordFields(input),
          userId,
          petId,
          recordId,
          version: 1,
          createdAt: at,
          updatedAt: at,
        };
        const writes: Write[] = [{ op: 'create', entity: 'record', value: record }];
        const events: EventEnvelope[] = [
          event('pet.record_added', { userId, petId, recordId, kind: record.kind }, caller),
        ];
        if (input.kind === 'weight' && (pet.weightDate === null || input.date >= pet.weightDate)) {
          const next = bump(pet, { weightKg: input.weightKg, weightDate: input.date }, at);
          writes.push({ op: 'replace', entity: 'pet', value: next, expectedVersion: pet.version });
          if (pet.weightKg !== input.weightKg)
            events.push(event('pet.updated', { userId, petId, fields: ['weightKg'] }, caller));
        } else {
          writes.push({ op: 'check', ref: { entity: 'pet', userId, id: petId }, expectedVersion: pet.version });
        }
        await store.commit(writes, events);
        return recordView(record);
      });
    },
  };
}

export type UsersService = ReturnType<typeof usersService>;

/** The fields a record of this kind keeps (no undefined values). */
function recordFields(
  input: RecordInput,
): Pick<PetRecord, 'kind' | 'date' | 'vaccine' | 'nextDueDate' | 'title' | 'vetName' | 'weightKg' | 'notes'> {
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) if (value !== undefined) fields[key] = value;
  return fields as Pick<PetRecord, 'kind' | 'date'>;
}

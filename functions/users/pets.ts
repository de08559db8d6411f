import type { Caller } from '#shared/auth/caller.ts';
import { logger } from '#shared/lib/logger.ts';
import { newId } from '#shared/lib/ids.ts';
import { retryOnConflict } from '#shared/lib/retry-on-conflict.ts';
import type { Page, PageRequest, Pet, UsersPorts } from './model.ts';
import type { PetInput, PetPatch } from './schemas.ts';
import {
  bump,
  changedFields,
  checkVersion,
  COLLECTION_RETRY,
  countAfterRemoval,
  countWithRoom,
  links,
  metaWrite,
  paged,
  PATCH_RETRY,
  PHOTO_URL_TTL_SECONDS,
  userRules,
  type Links,
} from './user-rules.ts';

/**
 * The user's pets: listed by page, read (with a fresh photo link) → added (at most MAX_PETS, with
 * pet.added) → changed by field (If-Match, pet.updated) → removed (pet.removed, then its records).
 */

export const MAX_PETS = 50;

export type PetView = Omit<Pet, 'userId' | 'photoKey' | 'weightDate'> & { photoUrl: string | null; _links: Links };

export function petsService(ports: UsersPorts) {
  const { store, nowIso, event, ownedPet } = userRules(ports);
  const { photos } = ports;

  async function toPetView({ userId: _userId, photoKey, weightDate: _weightDate, ...pet }: Pet): Promise<PetView> {
    return {
      ...pet,
      photoUrl: photoKey ? await photos.presignDownload(photoKey, PHOTO_URL_TTL_SECONDS) : null,
      _links: links.pet(pet.petId),
    };
  }

  return {
    async listPets(caller: Caller, page: PageRequest): Promise<Page<PetView>> {
      return paged(() => store.listPets(caller.auth.userId, page), toPetView);
    },

    async getPet(caller: Caller, petId: string): Promise<PetView> {
      return toPetView(await ownedPet(caller, petId));
    },

    async addPet(caller: Caller, input: PetInput): Promise<PetView> {
      const userId = caller.auth.userId;
      const petId = newId();
      return retryOnConflict(COLLECTION_RETRY, async () => {
        const meta = await store.getMeta(userId);
        const count = countWithRoom(meta, 'petCount', MAX_PETS, 'pet-limit');
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
        return toPetView(pet);
      });
    },

    async updatePet(caller: Caller, petId: string, patch: PetPatch, ifMatch: number | undefined): Promise<PetView> {
      return retryOnConflict(PATCH_RETRY, async () => {
        const pet = await ownedPet(caller, petId);
        checkVersion(ifMatch, pet.version);
        const changes = changedFields(pet, patch as Partial<Pet>);
        const fields = Object.keys(changes);
        if (fields.length === 0) return toPetView(pet);
        const next = bump(pet, changes, nowIso());
        await store.commit(
          [{ op: 'replace', entity: 'pet', value: next, expectedVersion: pet.version }],
          [event('pet.updated', { userId: pet.userId, petId, fields }, caller)],
        );
        return toPetView(next);
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
            metaWrite(userId, meta, { petCount: countAfterRemoval(meta, 'petCount') }, at),
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
  };
}

export type PetsService = ReturnType<typeof petsService>;

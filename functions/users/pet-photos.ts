import type { Caller } from '#shared/auth/caller.ts';
import { refuse } from '#shared/lib/refusal.ts';
import { newId } from '#shared/lib/ids.ts';
import { retryOnConflict } from '#shared/lib/retry-on-conflict.ts';
import type { UsersPorts } from './model.ts';
import { bump, PATCH_RETRY, PHOTO_URL_TTL_SECONDS, userRules } from './user-rules.ts';

/**
 * A pet's photo: the type checked → a presigned PUT and the new object's link → its key recorded on
 * the pet (pet.updated); the client then uploads straight to the bucket.
 */

export const UPLOAD_URL_TTL_SECONDS = 10 * 60;

const PHOTO_EXTENSIONS: Record<string, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' };

export interface PhotoUploadView {
  uploadUrl: string;
  photoUrl: string;
  expiresAt: string;
  headers: Record<string, string>;
}

export function petPhotosService(ports: UsersPorts) {
  const { store, now, nowIso, event, ownedPet } = userRules(ports);
  const { photos } = ports;

  return {
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
      if (!extension) throw refuse.invalid('photo-type');
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
  };
}

export type PetPhotosService = ReturnType<typeof petPhotosService>;

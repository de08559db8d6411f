import type { Caller } from '#shared/auth/caller.ts';
import { refuse } from '#shared/lib/refusal.ts';
import { retryOnConflict } from '#shared/lib/retry-on-conflict.ts';
import { WriteConflict } from '#shared/table/write-conflict.ts';
import { MAX_IMAGES, type ImageType } from './model.ts';
import {
  catalogAccess,
  catalogRules,
  imageUploads,
  RETRY,
  type ImageUploadView,
  type UploadPorts,
} from './catalog-rules.ts';

/**
 * A product's images after its creation: presign one more upload, record its key on the product
 * (republishing its listing). Which images a product keeps, and their order, is a change of the
 * product (products.ts).
 */
export function productImagesService(ports: UploadPorts) {
  const { ownProduct, saveProduct } = catalogRules(ports);
  const { access } = catalogAccess(ports);
  const { newImage, uploadOf } = imageUploads(ports);

  return {
    // ------------------------------------------------------------ images

    /** A presigned PUT for one more image (at most 8); the key is recorded now, so the views show it once uploaded. */
    async requestImageUpload(
      caller: Caller,
      vendorId: string,
      productId: string,
      request: { contentType: ImageType; sizeBytes: number },
    ): Promise<ImageUploadView> {
      await access(caller, vendorId, 'manage');
      const image = newImage(vendorId, productId, request.contentType);
      // Presigning is local computation: done first, so a misconfiguration fails before any write.
      const upload = await uploadOf(image, request.sizeBytes);
      await retryOnConflict(RETRY, async () => {
        const current = await ownProduct(vendorId, productId);
        if (current.images.length >= MAX_IMAGES) throw refuse.unprocessable('image-limit');
        await saveProduct(current, { images: [...current.images, image] }, [], caller.correlationId);
      }).catch((error: unknown) => {
        if (error instanceof WriteConflict) throw refuse.conflict('conflict');
        throw error;
      });
      return upload;
    },
  };
}

export type ProductImagesService = ReturnType<typeof productImagesService>;

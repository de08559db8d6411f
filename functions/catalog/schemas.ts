import * as z from 'zod';
import { idParam, links, pageQuery } from '#shared/http/schemas.ts';
import { money } from '#shared/lib/shapes.ts';
import {
  PRODUCT_CATEGORIES,
  PRODUCT_SUBCATEGORIES,
  PRODUCT_SUBCATEGORY_KEYS,
  TAX_CATEGORIES,
} from '#shared/lib/pet-care.ts';
import { IMAGE_TYPES, MAX_IMAGE_BYTES, MAX_IMAGES, type ImageType } from './model.ts';

/** Catalog routes' shapes (manifest.ts). */
const text = (max: number) => z.string().trim().min(1).max(max);

export const MAX_STOCK = 1_000_000;

export const vendorParams = z.lazy(() => z.object({ vendorId: idParam }));
export const productParams = z.lazy(() => z.object({ vendorId: idParam, productId: idParam }));

const description = () => z.strictObject({ id: text(5000), en: text(5000).nullable().optional() });
const price = () =>
  money.refine((value) => value.amount >= 1, { message: 'a product costs at least Rp1', path: ['amount'] });
const sku = () =>
  z
    .string()
    .trim()
    .regex(
      /^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$/,
      'letters, digits and . _ / - (at most 64), starting with a letter or digit',
    );
const weightGrams = () => z.number().int().min(1).max(100_000);
const imageType = () => z.enum(Object.keys(IMAGE_TYPES) as [ImageType, ...ImageType[]]);
export const imageRequest = z.lazy(() =>
  z.strictObject({
    contentType: imageType(),
    sizeBytes: z.number().int().min(1).max(MAX_IMAGE_BYTES),
  }),
);

/** The subcategory must sit under the category (the tree in shared/lib/pet-care.ts). */
const inTree = (value: { category?: string | undefined; subcategory?: string | undefined }) =>
  value.category === undefined ||
  value.subcategory === undefined ||
  PRODUCT_SUBCATEGORIES[value.subcategory as keyof typeof PRODUCT_SUBCATEGORIES].category === value.category;
const treeMessage = {
  message: 'the subcategory is not under this category (GET /v1/categories lists the tree)',
  path: ['subcategory'],
};

export const createInput = z.lazy(() =>
  z
    .strictObject({
      name: text(150),
      description: description(),
      category: z.enum(PRODUCT_CATEGORIES),
      subcategory: z.enum(PRODUCT_SUBCATEGORY_KEYS),
      price: price(),
      weightGrams: weightGrams(),
      sku: sku(),
      taxCategory: z.enum(TAX_CATEGORIES).default('standard'),
      active: z.boolean().default(true),
      /** Stock on hand to start with (default 0); recorded as the first adjustment. */
      initialStock: z.number().int().min(0).max(MAX_STOCK).default(0),
      /** Images to upload right away: the answer carries a presigned PUT for each. */
      images: z.array(imageRequest).max(MAX_IMAGES).default([]),
    })
    .refine(inTree, treeMessage),
);
export type CreateInput = z.infer<typeof createInput>;

export const patchInput = z.lazy(() =>
  z
    .strictObject({
      name: text(150).optional(),
      description: description().optional(),
      category: z.enum(PRODUCT_CATEGORIES).optional(),
      subcategory: z.enum(PRODUCT_SUBCATEGORY_KEYS).optional(),
      price: price().optional(),
      weightGrams: weightGrams().optional(),
      sku: sku().optional(),
      taxCategory: z.enum(TAX_CATEGORIES).optional(),
      active: z.boolean().optional(),
      /** The images to keep, in display order (ids from the product): leave one out to remove it. */
      images: z
        .array(idParam)
        .max(MAX_IMAGES)
        .refine((ids) => new Set(ids).size === ids.length, 'no duplicates')
        .optional(),
    })
    .refine((patch) => Object.keys(patch).length > 0, 'change at least one field')
    .refine((patch) => patch.category === undefined || patch.subcategory !== undefined, {
      message: 'a new category needs its subcategory',
      path: ['subcategory'],
    })
    .refine(inTree, treeMessage),
);
export type PatchInput = z.infer<typeof patchInput>;

export const stockInput = z.lazy(() =>
  z.strictObject({
    delta: z
      .number()
      .int()
      .min(-MAX_STOCK)
      .max(MAX_STOCK)
      .refine((delta) => delta !== 0, 'must not be 0'),
    reason: text(200),
  }),
);
export const listQuery = z.lazy(() => z.object({ ...pageQuery }));

const stockView = () =>
  z.object({
    onHand: z.number().int(),
    reserved: z.number().int(),
    available: z.number().int(),
    version: z.number().int(),
  });

export const productView = z.lazy(() =>
  z.object({
    productId: z.string(),
    vendorId: z.string(),
    name: z.string(),
    description: z.object({ id: z.string(), en: z.string().nullable() }),
    category: z.enum(PRODUCT_CATEGORIES),
    subcategory: z.enum(PRODUCT_SUBCATEGORY_KEYS),
    price: money,
    weightGrams: z.number().int(),
    sku: z.string(),
    taxCategory: z.enum(TAX_CATEGORIES),
    active: z.boolean(),
    images: z.array(z.object({ imageId: z.string(), url: z.string() })),
    stock: stockView(),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
    _links: links,
  }),
);

export const imageUpload = z.lazy(() =>
  z.object({
    imageId: z.string(),
    uploadUrl: z.string(),
    /** Send exactly these headers with the PUT (they are signed). */
    uploadHeaders: z.record(z.string(), z.string()),
    imageUrl: z.string(),
    expiresAt: z.string(),
  }),
);

export const createdView = z.lazy(() => productView.unwrap().extend({ uploads: z.array(imageUpload) }));

export const stockAnswer = z.lazy(() => stockView().extend({ productId: z.string(), adjustmentId: z.string() }));

export const adjustmentView = z.lazy(() =>
  z.object({
    adjustmentId: z.string(),
    delta: z.number().int(),
    reason: z.string(),
    by: z.object({ userId: z.string(), username: z.string() }),
    onHand: z.number().int(),
    reserved: z.number().int(),
    available: z.number().int(),
    at: z.string(),
  }),
);

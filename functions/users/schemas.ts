import * as z from 'zod';
import { indonesianPhone, isoDate, links, locale } from '#shared/http/schemas.ts';
import { zonedDate } from '#shared/lib/time.ts';

import { SPECIES } from '#shared/lib/pet-care.ts';

export { SPECIES };
export const PET_SEX = ['male', 'female', 'unknown'] as const;
export const RECORD_KINDS = ['vaccination', 'treatment', 'weight'] as const;
export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;

export const profile = z.lazy(() =>
  z.object({
    userId: z.string(),
    name: z.string(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    locale,
    roles: z.array(z.string()),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
    _links: links,
  }),
);

export const profilePatch = z.lazy(() =>
  z.strictObject({
    name: z.string().trim().min(1).max(100).optional(),
    locale: locale.optional(),
  }),
);

const latitude = () => z.number().min(-90).max(90);
const longitude = () => z.number().min(-180).max(180);

export const addressInput = z.lazy(() =>
  z.strictObject({
    label: z.string().trim().min(1).max(40),
    recipientName: z.string().trim().min(1).max(100),
    phone: indonesianPhone,
    line1: z.string().trim().min(1).max(200),
    line2: z.string().trim().max(200).optional(),
    city: z.string().trim().min(1).max(80),
    province: z.string().trim().min(1).max(80),
    postalCode: z.string().regex(/^\d{5}$/, 'must be a 5-digit Indonesian postal code'),
    lat: latitude(),
    lon: longitude(),
    isDefault: z.boolean().optional(),
  }),
);
/** Like the input, every field optional; `line2: null` clears the second line. */
export const addressPatch = z.lazy(() =>
  addressInput
    .unwrap()
    .partial()
    .extend({ line2: z.string().trim().max(200).nullable().optional() }),
);

export const address = z.lazy(() =>
  addressInput.unwrap().extend({
    addressId: z.string(),
    isDefault: z.boolean(),
    line2: z.string().nullable(),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
    _links: links,
  }),
);

/** Not after today in Indonesia's easternmost zone, so no Indonesian user's "today" is refused. */
const notInFuture = (value: string) => value <= zonedDate(new Date(), 'Asia/Jayapura');
const pastDate = () => isoDate.refine(notInFuture, 'cannot be in the future');

export const petInput = z.lazy(() =>
  z.strictObject({
    name: z.string().trim().min(1).max(60),
    species: z.enum(SPECIES),
    breed: z.string().trim().max(80).optional(),
    sex: z.enum(PET_SEX).default('unknown'),
    birthDate: pastDate().optional(),
    weightKg: z.number().positive().max(200).optional(),
    notes: z.string().max(1000).optional(),
  }),
);
export const petPatch = z.lazy(() =>
  z.strictObject({
    name: z.string().trim().min(1).max(60).optional(),
    species: z.enum(SPECIES).optional(),
    breed: z.string().trim().max(80).nullable().optional(),
    sex: z.enum(PET_SEX).optional(),
    birthDate: pastDate().nullable().optional(),
    weightKg: z.number().positive().max(200).nullable().optional(),
    notes: z.string().max(1000).nullable().optional(),
  }),
);

export const pet = z.lazy(() =>
  z.object({
    petId: z.string(),
    name: z.string(),
    species: z.enum(SPECIES),
    breed: z.string().nullable(),
    sex: z.enum(PET_SEX),
    birthDate: z.string().nullable(),
    weightKg: z.number().nullable(),
    notes: z.string().nullable(),
    photoUrl: z.string().nullable(),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
    _links: links,
  }),
);

export const photoRequest = z.lazy(() =>
  z.strictObject({
    contentType: z.enum(PHOTO_TYPES),
    sizeBytes: z.number().int().positive().max(MAX_PHOTO_BYTES),
  }),
);
export const photoUpload = z.lazy(() =>
  z.object({
    uploadUrl: z.string(),
    photoUrl: z.string(),
    expiresAt: z.string(),
    headers: z.record(z.string(), z.string()),
  }),
);

export const recordInput = z.lazy(() =>
  z.discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('vaccination'),
      date: pastDate(),
      vaccine: z.string().trim().min(1).max(100),
      nextDueDate: isoDate.optional(),
      vetName: z.string().trim().max(100).optional(),
      notes: z.string().max(1000).optional(),
    }),
    z.strictObject({
      kind: z.literal('treatment'),
      date: pastDate(),
      title: z.string().trim().min(1).max(100),
      vetName: z.string().trim().max(100).optional(),
      notes: z.string().max(1000).optional(),
    }),
    z.strictObject({
      kind: z.literal('weight'),
      date: pastDate(),
      weightKg: z.number().positive().max(200),
      notes: z.string().max(1000).optional(),
    }),
  ]),
);

export const petRecord = z.lazy(() =>
  z.object({
    recordId: z.string(),
    petId: z.string(),
    kind: z.enum(RECORD_KINDS),
    date: z.string(),
    vaccine: z.string().optional(),
    nextDueDate: z.string().optional(),
    title: z.string().optional(),
    vetName: z.string().optional(),
    weightKg: z.number().optional(),
    notes: z.string().optional(),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
    _links: links,
  }),
);

export type PetInput = z.output<typeof petInput>;
export type PetPatch = z.output<typeof petPatch>;
export type AddressInput = z.output<typeof addressInput>;
export type AddressPatch = z.output<typeof addressPatch>;
export type RecordInput = z.output<typeof recordInput>;
export type ProfilePatch = z.output<typeof profilePatch>;

import * as z from 'zod';
import { email, idParam, indonesianPhone, isoDate, links } from '#shared/http/schemas.ts';
import { bookingPolicySchema, money, scheduleSchema } from '#shared/lib/shapes.ts';
import { SERVICE_CATEGORIES, SPECIES, VENDOR_KINDS } from '#shared/lib/pet-care.ts';
import { DOCUMENT_TYPES, STAFF_ROLES, VENDOR_STATUSES } from './model.ts';

const text = (max: number) => z.string().trim().min(1).max(max);

const address = () =>
  z.strictObject({
    line1: text(200),
    city: text(80),
    province: text(80),
    postalCode: z.string().regex(/^\d{5}$/, 'must be a 5-digit postal code'),
  });

/** Indonesian phone numbers: mobiles (+628…) and landlines (+6221…, +6222…), E.164. */
const vendorPhone = () =>
  z.string().regex(/^\+62[1-9]\d{6,12}$/, 'must be an Indonesian number like +62215551234 or +6281234567890');

const licenseNumbers = () =>
  z.strictObject({
    nib: z.string().regex(/^\d{13}$/, 'NIB is 13 digits'),
    sip: text(60).optional(),
  });

// Coordinates inside Indonesia's bounding box: a typo'd sign would put a clinic in another country.
const lat = () => z.number().min(-11.5).max(6.5);
const lon = () => z.number().min(94).max(141.5);

export const applyInput = z.lazy(() =>
  z.strictObject({
    name: text(120),
    kind: z.enum(VENDOR_KINDS),
    description: text(2000).optional(),
    address: address(),
    lat: lat(),
    lon: lon(),
    phone: vendorPhone(),
    email: email.optional(),
    licenseNumbers: licenseNumbers(),
  }),
);
export type ApplyInput = z.infer<typeof applyInput>;

export const vendorPatch = z.lazy(() =>
  z
    .strictObject({
      name: text(120).optional(),
      description: text(2000).nullable().optional(),
      address: address().partial().optional(),
      lat: lat().optional(),
      lon: lon().optional(),
      phone: vendorPhone().optional(),
      email: email.nullable().optional(),
      licenseNumbers: licenseNumbers().optional(),
    })
    .refine((patch) => (patch.lat === undefined) === (patch.lon === undefined), {
      message: 'lat and lon change together',
      path: ['lat'],
    }),
);
export type VendorPatch = z.infer<typeof vendorPatch>;

export const vendor = z.lazy(() =>
  z.object({
    vendorId: z.string(),
    name: z.string(),
    kind: z.enum(VENDOR_KINDS),
    description: z.string().nullable(),
    address: address(),
    lat: z.number(),
    lon: z.number(),
    phone: z.string(),
    email: z.string().nullable(),
    licenseNumbers: licenseNumbers(),
    status: z.enum(VENDOR_STATUSES),
    statusReason: z.string().nullable(),
    rating: z.number().nullable(),
    reviewCount: z.number().int(),
    yourRole: z.string(),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
    _links: links,
  }),
);

export const reasonInput = z.lazy(() => z.strictObject({ reason: text(500) }));

export const statusQuery = z.lazy(() =>
  z.object({
    status: z.enum(VENDOR_STATUSES).default('submitted'),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    cursor: z.string().max(2048).optional(),
  }),
);

export const vendorParams = z.lazy(() => z.object({ vendorId: idParam }));
export const serviceParams = z.lazy(() => z.object({ vendorId: idParam, serviceId: idParam }));
export const staffParams = z.lazy(() =>
  z.object({
    vendorId: idParam,
    userId: z
      .string()
      .min(1)
      .max(128)
      .regex(/^[\w-]+$/, 'must be a user id'),
  }),
);
export const invitationParams = z.lazy(() => z.object({ vendorId: idParam, invitationId: idParam }));

export const documentRequest = z.lazy(() =>
  z.strictObject({
    type: z.enum(DOCUMENT_TYPES),
    fileName: text(200),
    contentType: z.string().max(100),
    sizeBytes: z.number().int().min(1),
  }),
);
export type DocumentRequest = z.infer<typeof documentRequest>;

export const documentUpload = z.lazy(() =>
  z.object({
    documentId: z.string(),
    type: z.enum(DOCUMENT_TYPES),
    fileName: z.string(),
    uploadUrl: z.string(),
    uploadHeaders: z.record(z.string(), z.string()),
    expiresAt: z.string(),
  }),
);

export const documentItem = z.lazy(() =>
  z.object({
    documentId: z.string(),
    type: z.enum(DOCUMENT_TYPES),
    fileName: z.string(),
    contentType: z.string(),
    sizeBytes: z.number().int(),
    uploadedBy: z.string(),
    createdAt: z.string(),
    downloadUrl: z.string(),
  }),
);

export const inviteInput = z.lazy(() =>
  z
    .strictObject({
      email: email.optional(),
      phone: indonesianPhone.optional(),
      role: z.enum(STAFF_ROLES),
    })
    .refine((input) => (input.email === undefined) !== (input.phone === undefined), {
      message: 'give either email or phone',
      path: ['email'],
    }),
);
export type InviteInput = z.infer<typeof inviteInput>;

export const invitation = z.lazy(() =>
  z.object({
    invitationId: z.string(),
    channel: z.enum(['email', 'sms']),
    to: z.string(),
    role: z.enum(STAFF_ROLES),
    expiresAt: z.string(),
    _links: links,
  }),
);

export const acceptInput = z.lazy(() =>
  z.strictObject({
    code: z.string().regex(/^\d{6}$/, 'the 6-digit code from the invitation'),
  }),
);

export const staff = z.lazy(() =>
  z.object({
    members: z.array(
      z.object({
        userId: z.string(),
        username: z.string(),
        role: z.enum(STAFF_ROLES),
        addedBy: z.string(),
        createdAt: z.string(),
      }),
    ),
    invitations: z.array(
      z.object({
        invitationId: z.string(),
        channel: z.enum(['email', 'sms']),
        to: z.string(),
        role: z.enum(STAFF_ROLES),
        invitedBy: z.string(),
        createdAt: z.string(),
        expiresAt: z.string(),
        /** locked: too many wrong codes were tried; invite the person again. */
        state: z.enum(['pending', 'locked']),
      }),
    ),
  }),
);

const serviceFields = () => ({
  name: text(120),
  description: text(1000).optional(),
  category: z.enum(SERVICE_CATEGORIES),
  species: z
    .array(z.enum(SPECIES))
    .min(1)
    .max(SPECIES.length)
    .refine((list) => new Set(list).size === list.length, 'no duplicates'),
  durationMin: z
    .number()
    .int()
    .min(5)
    .max(24 * 60),
  price: money,
  capacity: z.number().int().min(1).max(100).optional(),
  bufferMin: z.number().int().min(0).max(240).optional(),
  prepay: z.boolean().optional(),
  active: z.boolean().optional(),
});

type ServiceFields = ReturnType<typeof serviceFields>;

export const serviceInput = z.lazy(() => z.strictObject(serviceFields()));
export type ServiceInput = z.infer<typeof serviceInput>;

export const servicePatch = z.lazy(() =>
  z
    .strictObject({
      ...(Object.fromEntries(Object.entries(serviceFields()).map(([name, schema]) => [name, schema.optional()])) as {
        [K in keyof ServiceFields]: z.ZodOptional<ServiceFields[K]>;
      }),
      description: text(1000).nullable().optional(),
    })
    .refine((patch) => Object.keys(patch).length > 0, 'change at least one field'),
);
export type ServicePatch = z.infer<typeof servicePatch>;

export const service = z.lazy(() =>
  z.object({
    serviceId: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    category: z.enum(SERVICE_CATEGORIES),
    species: z.array(z.enum(SPECIES)),
    durationMin: z.number().int(),
    price: money,
    capacity: z.number().int(),
    bufferMin: z.number().int(),
    prepay: z.boolean(),
    active: z.boolean(),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  }),
);

export const schedule = z.lazy(() => scheduleSchema);
export const scheduleView = z.lazy(() => scheduleSchema.unwrap().extend({ version: z.number().int() }));
export const bookingPolicy = z.lazy(() => bookingPolicySchema);
export const bookingPolicyView = z.lazy(() => bookingPolicySchema.unwrap().extend({ version: z.number().int() }));

export const holidayQuery = z.lazy(() => z.object({ from: isoDate.optional(), to: isoDate.optional() }));
export const holiday = z.lazy(() =>
  z.object({
    date: z.string(),
    name: z.object({ id: z.string(), en: z.string() }),
    kind: z.enum(['holiday', 'collective_leave']),
  }),
);
export const acceptHolidaysInput = z.lazy(() => z.strictObject({ dates: z.array(isoDate).min(1).max(40) }));

export const historyEntry = z.lazy(() =>
  z.object({
    entryId: z.string(),
    at: z.string(),
    by: z.string(),
    action: z.string(),
    from: z.enum(VENDOR_STATUSES).nullable(),
    to: z.enum(VENDOR_STATUSES),
    reason: z.string().nullable(),
  }),
);

export const review = z.lazy(() =>
  z.object({
    reviewId: z.string(),
    /** The name the reviewer chose, shortened ("Budi S."), or "Pelanggan PetPro" / "PetPro customer"; never an id. */
    authorName: z.string(),
    bookingId: z.string().nullable(),
    rating: z.number().int(),
    comment: z.string(),
    createdAt: z.string(),
  }),
);

export const myVendor = z.lazy(() =>
  z.object({
    vendorId: z.string(),
    name: z.string(),
    status: z.enum(VENDOR_STATUSES),
    role: z.string(),
  }),
);

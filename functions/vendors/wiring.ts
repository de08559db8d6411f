import type { Reply } from '#shared/http/route.ts';
import { etag } from '#shared/http/versioning.ts';
import { once } from '#shared/lib/once.ts';
import { verifiedContact } from '#shared/table/user-profile.ts';
import { presignedStorage } from '#shared/storage/presigned-storage.ts';
import { applicationsService } from './applications.ts';
import { documentsService } from './documents.ts';
import { reviewsService } from './reviews.ts';
import { scheduleService } from './schedule.ts';
import { servicesService } from './services.ts';
import { staffService } from './staff.ts';
import { dynamoVendorsStore } from './store.ts';
import type { RecordPorts } from './vendors.ts';

/**
 * The use cases of each area wired to DynamoDB, built at first use: a handler builds (and bundles)
 * only its own area. S3 presigning comes only to documents; people's verified contacts (the users
 * domain's profile, through its shared key shared/table/user-profile.ts) only to staff.
 */
const onTable = /* @__PURE__ */ once((): RecordPorts => ({ store: dynamoVendorsStore() }));

export const applications = /* @__PURE__ */ once(() => applicationsService(onTable()));
export const staff = /* @__PURE__ */ once(() => staffService({ ...onTable(), people: { verifiedContact } }));
export const vendorServices = /* @__PURE__ */ once(() => servicesService(onTable()));
export const schedules = /* @__PURE__ */ once(() => scheduleService(onTable()));
export const documents = /* @__PURE__ */ once(() => documentsService({ ...onTable(), documents: presignedStorage() }));
export const reviews = /* @__PURE__ */ once(() => reviewsService(onTable()));

/** 200/201 with the resource and its `ETag: "<version>"` (what a later If-Match sends back). */
export function tagged(body: { version: number }, status = 200, location?: string): Reply {
  return { status, body, headers: { ...(location ? { location } : {}), etag: etag(body.version) } };
}

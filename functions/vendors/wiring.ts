import type { Reply } from '#shared/http/route.ts';
import { etag } from '#shared/http/versioning.ts';
import { verifiedContact } from '#shared/table/user-profile.ts';
import { presignedStorage } from '#shared/storage/presigned-storage.ts';
import { applicationsService, type ApplicationsService } from './applications.ts';
import { documentsService, type DocumentsService } from './documents.ts';
import { reviewsService, type ReviewsService } from './reviews.ts';
import { scheduleService, type ScheduleService } from './schedule.ts';
import { servicesService, type ServicesService } from './services.ts';
import { staffService, type StaffService } from './staff.ts';
import { dynamoVendorsStore } from './store.ts';
import type { RecordPorts } from './vendors.ts';

/**
 * The use cases of each area wired to DynamoDB, built at first use: a handler builds (and bundles)
 * only its own area. S3 presigning comes only to documents; people's verified contacts (the users
 * domain's profile, through its shared key shared/table/user-profile.ts) only to staff.
 */
let table: RecordPorts | undefined;
const onTable = (): RecordPorts => (table ??= { store: dynamoVendorsStore() });

const built: {
  applications?: ApplicationsService;
  staff?: StaffService;
  services?: ServicesService;
  schedule?: ScheduleService;
  documents?: DocumentsService;
  reviews?: ReviewsService;
} = {};

export const applications = () => (built.applications ??= applicationsService(onTable()));
export const staff = () => (built.staff ??= staffService({ ...onTable(), people: { verifiedContact } }));
export const vendorServices = () => (built.services ??= servicesService(onTable()));
export const schedules = () => (built.schedule ??= scheduleService(onTable()));
export const documents = () => (built.documents ??= documentsService({ ...onTable(), documents: presignedStorage() }));
export const reviews = () => (built.reviews ??= reviewsService(onTable()));

/** 200/201 with the resource and its `ETag: "<version>"` (what a later If-Match sends back). */
export function tagged(body: { version: number }, status = 200, location?: string): Reply {
  return { status, body, headers: { ...(location ? { location } : {}), etag: etag(body.version) } };
}

import type { EventEnvelope } from '#shared/events/catalog.ts';
import type { PresignedStorage } from '#shared/storage/presigned-storage.ts';
import type { Schedule } from '#shared/lib/opening-hours.ts';
import type { BookingPolicy } from '#shared/lib/booking-policy.ts';
import type { ServiceCategory, Species, VendorKind } from '#shared/lib/pet-care.ts';

/** The vendors domain's records and the ports its use cases need. No AWS imports. */

export const VENDOR_STATUSES = ['draft', 'submitted', 'approved', 'rejected', 'suspended'] as const;
export type VendorStatus = (typeof VENDOR_STATUSES)[number];

export { STAFF_ROLES, type StaffRole } from '#shared/auth/vendor-staff.ts';
import type { StaffRole } from '#shared/auth/vendor-staff.ts';

export interface Money {
  amount: number;
  currency: 'IDR';
}

export interface VendorAddress {
  line1: string;
  city: string;
  province: string;
  postalCode: string;
}

export interface LicenseNumbers {
  /** Nomor Induk Berusaha (13 digits). */
  nib: string;
  /** Surat Izin Praktik of the responsible vet (clinics). */
  sip?: string;
}

export interface Vendor {
  vendorId: string;
  name: string;
  kind: VendorKind;
  description: string | null;
  address: VendorAddress;
  lat: number;
  lon: number;
  phone: string;
  email: string | null;
  licenseNumbers: LicenseNumbers;
  status: VendorStatus;
  /** Why it was rejected or suspended. */
  statusReason: string | null;
  applicantId: string;
  /** Cognito username of the applicant (Admin* calls take usernames). */
  applicantUsername: string;
  /** Members with role clinic_admin; kept by the same transactions that add/remove them. */
  adminCount: number;
  ratingSum: number;
  reviewCount: number;
  /** Grows with every change of what search shows (profile, services, schedule, status, rating). */
  listingVersion: number;
  /** Booking rules; absent until the vendor sets them (DEFAULT_BOOKING_POLICY). */
  bookingPolicy?: BookingPolicy;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface Service {
  vendorId: string;
  serviceId: string;
  name: string;
  description: string | null;
  category: ServiceCategory;
  species: Species[];
  durationMin: number;
  price: Money;
  /** Pets per slot. */
  capacity: number;
  /** Minutes kept free after each slot (cleaning, notes). */
  bufferMin: number;
  prepay: boolean;
  active: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface ScheduleRecord {
  vendorId: string;
  schedule: Schedule;
  version: number;
  updatedAt: string;
}

export interface Member {
  vendorId: string;
  userId: string;
  username: string;
  role: StaffRole;
  addedBy: string;
  createdAt: string;
}

export interface Invitation {
  vendorId: string;
  invitationId: string;
  channel: 'email' | 'sms';
  to: string;
  role: StaffRole;
  /** SHA-256 of the code; the code itself only travels in the message. */
  codeHash: string;
  /**
   * Codes the invitee has tried (absent: none). Counted before each comparison, conditionally, so
   * at most MAX_CODE_ATTEMPTS codes are ever compared; at that many the invitation is locked.
   */
  attempts?: number;
  /** Epoch seconds (also the table's TTL). */
  expiresAt: number;
  invitedBy: string;
  createdAt: string;
}

export const DOCUMENT_TYPES = ['nib', 'sip', 'business_permit', 'tax_id', 'other'] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

export interface VendorDocument {
  vendorId: string;
  documentId: string;
  type: DocumentType;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  key: string;
  uploadedBy: string;
  createdAt: string;
}

export interface HistoryEntry {
  vendorId: string;
  entryId: string;
  at: string;
  by: string;
  action: 'applied' | 'updated' | 'submitted' | 'approved' | 'rejected' | 'suspended';
  from: VendorStatus | null;
  to: VendorStatus;
  reason: string | null;
}

export interface Review {
  vendorId: string;
  reviewId: string;
  authorId: string;
  /**
   * The name the reviewer chose, shortened ("Budi S."); absent when they had none. Reviews stored
   * before it existed have none either: their `authorName` held an account id and is never read.
   */
  displayName?: string;
  bookingId: string | null;
  rating: number;
  comment: string;
  createdAt: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface PageRequest {
  limit: number;
  cursor?: string | undefined;
}

/** One change of the aggregate; a use case commits several of them at once, with its events. */
export type Write =
  | { type: 'vendor'; item: Vendor; expectedVersion: number | null }
  | { type: 'service'; item: Service; expectedVersion: number | null }
  | { type: 'deleteService'; vendorId: string; serviceId: string; expectedVersion: number }
  | { type: 'schedule'; item: ScheduleRecord; expectedVersion: number | null }
  | { type: 'member'; item: Member }
  | { type: 'deleteMember'; vendorId: string; userId: string }
  | { type: 'invitation'; item: Invitation }
  | { type: 'deleteInvitation'; vendorId: string; invitationId: string }
  | { type: 'document'; item: VendorDocument }
  | { type: 'history'; item: HistoryEntry }
  | { type: 'review'; item: Review };

export interface VendorsStore {
  getVendor(vendorId: string): Promise<Vendor | undefined>;
  vendorsByStatus(status: VendorStatus, page: PageRequest): Promise<Page<Vendor>>;
  countOpenApplications(applicantId: string): Promise<number>;
  getMember(vendorId: string, userId: string): Promise<Member | undefined>;
  members(vendorId: string): Promise<Member[]>;
  membershipsOf(userId: string): Promise<Member[]>;
  invitations(vendorId: string): Promise<Invitation[]>;
  getInvitation(vendorId: string, invitationId: string): Promise<Invitation | undefined>;
  /**
   * Counts one code attempt on the invitation if fewer than `max` were counted (one conditional
   * write): the new count, or undefined when it is at `max` already or gone.
   */
  countInvitationAttempt(vendorId: string, invitationId: string, max: number): Promise<number | undefined>;
  /**
   * Counts one invitation attempt of the user in the window (an hour, `YYYY-MM-DDTHH`) if fewer
   * than `max` were counted (one conditional write); false when not.
   */
  countAcceptAttempt(userId: string, window: string, max: number, expiresAt: number): Promise<boolean>;
  services(vendorId: string): Promise<Service[]>;
  getService(vendorId: string, serviceId: string): Promise<Service | undefined>;
  getSchedule(vendorId: string): Promise<ScheduleRecord | undefined>;
  documents(vendorId: string): Promise<VendorDocument[]>;
  history(vendorId: string, page: PageRequest): Promise<Page<HistoryEntry>>;
  reviews(vendorId: string, page: PageRequest): Promise<Page<Review>>;
  getReview(vendorId: string, reviewId: string): Promise<Review | undefined>;
  /** All or nothing; throws WriteConflict when a condition fails or a transaction races. */
  commit(writes: Write[], events: EventEnvelope[]): Promise<void>;
}

/** Presigned S3 URLs for vendor documents (keys, types and limits: documents.ts). */
export type DocumentStorage = PresignedStorage;

/** What the users domain knows of a person (its profile, through the shared key shared/table/user-profile.ts). */
export interface People {
  /** The email and phone the user proved they own; undefined while their profile is being set up. */
  verifiedContact(userId: string): Promise<{ email: string | null; phone: string | null } | undefined>;
}

import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import type { Caller } from '#shared/auth/caller.ts';
import type { EventEnvelope, EventData } from '#shared/events/catalog.ts';
import { domainEvent } from '#shared/events/envelope.ts';
import { HttpProblem, problems } from '#shared/http/problem.ts';
import type { Locale } from '#shared/http/messages.ts';
import { ANONYMOUS_CUSTOMER, publicName } from '#shared/lib/display-name.ts';
import { newId } from '#shared/lib/ids.ts';
import { retryOnConflict, type ConflictRetry } from '#shared/lib/retry-on-conflict.ts';
import { scheduleProblems, type Schedule } from '#shared/lib/opening-hours.ts';
import { DEFAULT_BOOKING_POLICY, type BookingPolicy } from '#shared/lib/booking-policy.ts';
import { holidaySuggestions, NATIONAL_HOLIDAYS, type NationalHoliday } from './holidays.ts';
import {
  type HistoryEntry,
  type Invitation,
  type Member,
  type Page,
  type PageRequest,
  type Review,
  type ScheduleRecord,
  type Service,
  type StaffRole,
  type Vendor,
  type VendorDocument,
  type VendorStatus,
  type VendorsPorts,
  type Write,
} from './model.ts';
import type { ApplyInput, DocumentRequest, InviteInput, ServiceInput, ServicePatch, VendorPatch } from './schemas.ts';

/**
 * The vendors domain: applications and their review, staff, services, opening hours,
 * documents and reviews. Rules live here; the table, S3 and Cognito come in through ports.
 *
 * Who may do what is decided per vendor, never by Cognito group alone:
 * - the applicant manages their vendor until it is approved;
 * - afterwards members do: `clinic_admin` manages, `clinic_staff` reads;
 * - platform admins review applications, read everything, and manage no vendor's setup.
 * Anyone else gets 404, as if the vendor did not exist.
 *
 * Concurrency: every change is read → decide → one transaction conditioned on the versions it
 * read (the vendor's own version among them), so two changes of one vendor never interleave;
 * a lost race is read and decided again.
 */

export const MAX_OPEN_APPLICATIONS = 5;
export const MAX_SERVICES = 50;
export const MAX_STAFF = 100;
export const INVITATION_TTL_SECONDS = 7 * 24 * 3600;
/** Codes the invitee may try on one invitation; then it is locked and the vendor invites again. */
export const MAX_CODE_ATTEMPTS = 5;
/** Invitation attempts (any code, any invitation) one account may make per hour. */
export const MAX_ACCEPT_ATTEMPTS_PER_HOUR = 10;
export const UPLOAD_URL_TTL_SECONDS = 10 * 60;
export const DOWNLOAD_URL_TTL_SECONDS = 15 * 60;
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;
export const DOCUMENT_CONTENT_TYPES: Record<string, string> = {
  'application/pdf': 'pdf',
  'image/jpeg': 'jpg',
  'image/png': 'png',
};
/** Read → decide → commit again after a lost race, up to 4 tries; out of tries, an event's delivery fails (and comes again)… */
const EVENT_RETRY: ConflictRetry = { attempts: 4 };
/** …and a request is answered 409 conflict. */
const RETRY: ConflictRetry = { ...EVENT_RETRY, exhausted: () => problems.conflict() };

type Access = 'manage' | 'view';

export type Links = Record<string, { href: string }>;

export interface VendorView {
  vendorId: string;
  name: string;
  kind: Vendor['kind'];
  description: string | null;
  address: Vendor['address'];
  lat: number;
  lon: number;
  phone: string;
  email: string | null;
  licenseNumbers: Vendor['licenseNumbers'];
  status: VendorStatus;
  statusReason: string | null;
  rating: number | null;
  reviewCount: number;
  /** The caller's part: applicant, clinic_admin, clinic_staff or platform_admin. */
  yourRole: string;
  version: number;
  createdAt: string;
  updatedAt: string;
  _links: Links;
}

export type ServiceView = Omit<Service, 'vendorId'>;

const DEFAULT_SCHEDULE = (timeZone: Schedule['timeZone'] = 'Asia/Jakarta'): Schedule => ({
  timeZone,
  weekly: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] },
  exceptions: [],
});

/** Where most vendors of a province keep time: WITA east of Java and Bali, WIT in Maluku/Papua. */
export function timeZoneOfProvince(province: string): Schedule['timeZone'] {
  const p = province.toLowerCase();
  if (/papua|maluku/.test(p)) return 'Asia/Jayapura';
  if (/bali|nusa tenggara|sulawesi|kalimantan (timur|utara|selatan)|gorontalo/.test(p)) return 'Asia/Makassar';
  return 'Asia/Jakarta';
}

export function averageRating(vendor: Pick<Vendor, 'ratingSum' | 'reviewCount'>): number | null {
  return vendor.reviewCount > 0 ? Math.round((vendor.ratingSum / vendor.reviewCount) * 10) / 10 : null;
}

const hashCode = (code: string) => createHash('sha256').update(code).digest('hex');

function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Whether the invitation was sent to an email or phone number this person proved they own. */
export function isInvitee(
  invitation: Pick<Invitation, 'channel' | 'to'>,
  contact: { email: string | null; phone: string | null },
): boolean {
  return invitation.channel === 'email'
    ? contact.email !== null && contact.email.toLowerCase() === invitation.to.toLowerCase()
    : contact.phone !== null && contact.phone === invitation.to;
}

const isLocked = (invitation: Invitation) => (invitation.attempts ?? 0) >= MAX_CODE_ATTEMPTS;

/** 409: too many wrong codes; only a new invitation helps (the inviter sees it locked in the staff list). */
const invitationLocked = () => problems.conflict('invitation-locked', { state: 'locked' });

/**
 * 404 for an invitation that does not exist, has expired or was used — and for one sent to
 * somebody else, so that a code found in another person's message reveals nothing.
 */
const noInvitation = () => new HttpProblem(404, 'invitation-not-found');

/** A review as the public sees it: the reviewer's chosen short name, never an id. */
export function reviewView(review: Review, locale: Locale) {
  return {
    reviewId: review.reviewId,
    authorName: publicName(review.displayName) ?? ANONYMOUS_CUSTOMER[locale],
    bookingId: review.bookingId,
    rating: review.rating,
    comment: review.comment,
    createdAt: review.createdAt,
  };
}

export const vendorLinks = (vendorId: string): Links => ({
  self: { href: `/v1/vendors/${vendorId}` },
  services: { href: `/v1/vendors/${vendorId}/services` },
  schedule: { href: `/v1/vendors/${vendorId}/schedule` },
  staff: { href: `/v1/vendors/${vendorId}/staff` },
  documents: { href: `/v1/vendors/${vendorId}/documents` },
  history: { href: `/v1/vendors/${vendorId}/history` },
  publicProfile: { href: `/v1/clinics/${vendorId}` },
});

export function vendorsService(ports: VendorsPorts) {
  const { store } = ports;
  const now = () => (ports.now ? ports.now() : new Date());
  const newCode = ports.newCode ?? (() => String(randomInt(0, 1_000_000)).padStart(6, '0'));

  const isPlatformAdmin = (caller: Caller) => caller.auth.groups.includes('platform_admin');

  /** The caller's role on this vendor, or undefined when they have none. */
  async function roleOf(caller: Caller, vendor: Vendor): Promise<string | undefined> {
    const member = await store.getMember(vendor.vendorId, caller.auth.userId);
    if (member) return member.role;
    if (vendor.applicantId === caller.auth.userId && vendor.status !== 'approved' && vendor.status !== 'suspended')
      return 'applicant';
    if (isPlatformAdmin(caller)) return 'platform_admin';
    return undefined;
  }

  /** Loads the vendor and checks the caller's part in it: 404 for outsiders, 403 for too little. */
  async function access(caller: Caller, vendorId: string, needed: Access): Promise<{ vendor: Vendor; role: string }> {
    const vendor = await store.getVendor(vendorId);
    if (!vendor) throw problems.notFound();
    const role = await roleOf(caller, vendor);
    if (!role) throw problems.notFound();
    if (needed === 'manage' && role !== 'clinic_admin' && role !== 'applicant') throw problems.forbidden();
    return { vendor, role };
  }

  function view(vendor: Vendor, role: string): VendorView {
    return {
      vendorId: vendor.vendorId,
      name: vendor.name,
      kind: vendor.kind,
      description: vendor.description,
      address: vendor.address,
      lat: vendor.lat,
      lon: vendor.lon,
      phone: vendor.phone,
      email: vendor.email,
      licenseNumbers: vendor.licenseNumbers,
      status: vendor.status,
      statusReason: vendor.statusReason,
      rating: averageRating(vendor),
      reviewCount: vendor.reviewCount,
      yourRole: role,
      version: vendor.version,
      createdAt: vendor.createdAt,
      updatedAt: vendor.updatedAt,
      _links: vendorLinks(vendor.vendorId),
    };
  }

  const serviceView = ({ vendorId: _vendorId, ...rest }: Service): ServiceView => rest;

  function event<T extends Parameters<typeof domainEvent>[0]>(
    type: T,
    data: EventData<T>,
    caller: Caller | string,
  ): EventEnvelope {
    return domainEvent(type, data, typeof caller === 'string' ? caller : caller.correlationId) as EventEnvelope;
  }

  function historyEntry(
    vendor: Vendor,
    by: string,
    action: HistoryEntry['action'],
    from: VendorStatus | null,
    reason: string | null = null,
  ): Write {
    return {
      type: 'history',
      item: {
        vendorId: vendor.vendorId,
        entryId: newId(),
        at: vendor.updatedAt,
        by,
        action,
        from,
        to: vendor.status,
        reason,
      },
    };
  }

  /**
   * The vendor's next version, and — when search shows it or stops showing it — the listing
   * event with everything search needs.
   */
  async function bump(
    before: Vendor,
    changes: Partial<Vendor>,
    correlation: Caller | string,
    override: { services?: Service[]; schedule?: Schedule } = {},
  ): Promise<{ vendor: Vendor; writes: Write[]; events: EventEnvelope[] }> {
    const after: Vendor = { ...before, ...changes, version: before.version + 1, updatedAt: now().toISOString() };
    const listedBefore = before.status === 'approved';
    const listedAfter = after.status === 'approved';
    const events: EventEnvelope[] = [];
    if (listedBefore || listedAfter) {
      after.listingVersion = before.listingVersion + 1;
      const services = override.services ?? (await store.services(after.vendorId));
      const schedule =
        override.schedule ??
        (await store.getSchedule(after.vendorId))?.schedule ??
        DEFAULT_SCHEDULE(timeZoneOfProvince(after.address.province));
      events.push(
        event(
          'vendor.listing_updated',
          {
            vendorId: after.vendorId,
            listingVersion: after.listingVersion,
            listed: listedAfter,
            name: after.name,
            kind: after.kind,
            description: after.description,
            address: `${after.address.line1}, ${after.address.city}`,
            city: after.address.city,
            province: after.address.province,
            postalCode: after.address.postalCode,
            lat: after.lat,
            lon: after.lon,
            phone: after.phone,
            rating: averageRating(after),
            reviewCount: after.reviewCount,
            services: services
              .filter((service) => service.active)
              .map((service) => ({
                serviceId: service.serviceId,
                name: service.name,
                category: service.category,
                species: service.species,
                durationMin: service.durationMin,
                price: service.price,
                prepay: service.prepay,
                capacity: service.capacity,
                bufferMin: service.bufferMin,
              })),
            schedule,
            bookingPolicy: after.bookingPolicy ?? DEFAULT_BOOKING_POLICY,
            updatedAt: after.updatedAt,
          },
          correlation,
        ),
      );
    }
    return { vendor: after, writes: [{ type: 'vendor', item: after, expectedVersion: before.version }], events };
  }

  async function changeStatus(
    caller: Caller,
    vendorId: string,
    to: VendorStatus,
    allowedFrom: VendorStatus[],
    reason: string | null,
  ) {
    return retryOnConflict(RETRY, async () => {
      const vendor = await store.getVendor(vendorId);
      if (!vendor) throw problems.notFound();
      if (!allowedFrom.includes(vendor.status))
        throw new HttpProblem(409, 'vendor-state', { extra: { state: vendor.status } });
      const { vendor: after, writes, events } = await bump(vendor, { status: to, statusReason: reason }, caller);
      const action =
        to === 'approved'
          ? 'approved'
          : to === 'rejected'
            ? 'rejected'
            : to === 'suspended'
              ? 'suspended'
              : 'submitted';
      writes.push(historyEntry(after, caller.auth.userId, action, vendor.status, reason));
      const statusEvent = { vendorId, by: caller.auth.userId, ...(reason ? { reason } : {}) };
      events.unshift(event(`vendor.${action}` as 'vendor.approved', statusEvent, caller));
      if (to === 'approved' && !(await store.getMember(vendorId, vendor.applicantId))) {
        // Cognito first: if the transaction then fails, an extra coarse group grants nothing by itself.
        await ports.directory.addToGroup(vendor.applicantUsername, 'clinic_admin');
        after.adminCount += 1;
        writes.push({
          type: 'member',
          item: {
            vendorId,
            userId: vendor.applicantId,
            username: vendor.applicantUsername,
            role: 'clinic_admin',
            addedBy: caller.auth.userId,
            createdAt: after.updatedAt,
          },
        });
        events.push(
          event(
            'vendor.staff_added',
            { vendorId, userId: vendor.applicantId, role: 'clinic_admin', by: caller.auth.userId },
            caller,
          ),
        );
      }
      await store.commit(writes, events);
      return view(after, 'platform_admin');
    });
  }

  return {
    async apply(caller: Caller, input: ApplyInput): Promise<VendorView> {
      const open = await store.countOpenApplications(caller.auth.userId);
      if (open >= MAX_OPEN_APPLICATIONS) throw problems.unprocessable('vendor-limit');
      const at = now().toISOString();
      const vendor: Vendor = {
        vendorId: newId(),
        name: input.name,
        kind: input.kind,
        description: input.description ?? null,
        address: input.address,
        lat: input.lat,
        lon: input.lon,
        phone: input.phone,
        email: input.email ?? null,
        licenseNumbers: input.licenseNumbers,
        status: 'draft',
        statusReason: null,
        applicantId: caller.auth.userId,
        applicantUsername: caller.auth.username,
        adminCount: 0,
        ratingSum: 0,
        reviewCount: 0,
        listingVersion: 0,
        version: 1,
        createdAt: at,
        updatedAt: at,
      };
      await store.commit(
        [
          { type: 'vendor', item: vendor, expectedVersion: null },
          historyEntry(vendor, caller.auth.userId, 'applied', null),
        ],
        [
          event(
            'vendor.registered',
            { vendorId: vendor.vendorId, name: vendor.name, kind: vendor.kind, applicantId: vendor.applicantId },
            caller,
          ),
        ],
      );
      return view(vendor, 'applicant');
    },

    async get(caller: Caller, vendorId: string): Promise<VendorView> {
      const { vendor, role } = await access(caller, vendorId, 'view');
      return view(vendor, role);
    },

    async update(
      caller: Caller,
      vendorId: string,
      patch: VendorPatch,
      ifMatch: number | undefined,
    ): Promise<VendorView> {
      return retryOnConflict(RETRY, async () => {
        const { vendor, role } = await access(caller, vendorId, 'manage');
        if (ifMatch !== undefined && ifMatch !== vendor.version) throw problems.conflict('version-mismatch');
        if (vendor.status === 'submitted')
          throw new HttpProblem(409, 'vendor-state', { extra: { state: vendor.status } });
        const { address, ...rest } = patch;
        const changes: Partial<Vendor> = {
          ...rest,
          ...(address ? { address: { ...vendor.address, ...address } } : {}),
        };
        const { vendor: after, writes, events } = await bump(vendor, changes, caller);
        writes.push(historyEntry(after, caller.auth.userId, 'updated', vendor.status));
        await store.commit(writes, events);
        return view(after, role);
      });
    },

    async submit(caller: Caller, vendorId: string): Promise<VendorView> {
      const { vendor } = await access(caller, vendorId, 'manage');
      if (vendor.status !== 'draft' && vendor.status !== 'rejected')
        throw new HttpProblem(409, 'vendor-state', { extra: { state: vendor.status } });
      if ((await store.documents(vendorId)).length === 0) throw problems.unprocessable('documents-required');
      if (vendor.kind === 'clinic' && !vendor.licenseNumbers.sip) {
        throw problems.unprocessable('validation', [
          { path: 'licenseNumbers.sip', message: 'a clinic needs the SIP of its vet' },
        ]);
      }
      return retryOnConflict(RETRY, async () => {
        const current = (await store.getVendor(vendorId))!;
        if (current.status !== 'draft' && current.status !== 'rejected')
          throw new HttpProblem(409, 'vendor-state', { extra: { state: current.status } });
        const { vendor: after, writes } = await bump(current, { status: 'submitted', statusReason: null }, caller);
        writes.push(historyEntry(after, caller.auth.userId, 'submitted', current.status));
        await store.commit(writes, [event('vendor.submitted', { vendorId, by: caller.auth.userId }, caller)]);
        return view(after, 'applicant');
      });
    },

    async reviewQueue(status: VendorStatus, page: PageRequest): Promise<Page<VendorView>> {
      const found = await store.vendorsByStatus(status, page);
      return { items: found.items.map((vendor) => view(vendor, 'platform_admin')), nextCursor: found.nextCursor };
    },

    approve: (caller: Caller, vendorId: string) =>
      changeStatus(caller, vendorId, 'approved', ['submitted', 'suspended'], null),
    reject: (caller: Caller, vendorId: string, reason: string) =>
      changeStatus(caller, vendorId, 'rejected', ['submitted'], reason),
    suspend: (caller: Caller, vendorId: string, reason: string) =>
      changeStatus(caller, vendorId, 'suspended', ['approved'], reason),

    async history(caller: Caller, vendorId: string, page: PageRequest): Promise<Page<Omit<HistoryEntry, 'vendorId'>>> {
      await access(caller, vendorId, 'manage').catch(async (error: unknown) => {
        if (!isPlatformAdmin(caller)) throw error;
      });
      const found = await store.history(vendorId, page);
      return { items: found.items.map(({ vendorId: _v, ...entry }) => entry), nextCursor: found.nextCursor };
    },

    async myVendors(caller: Caller): Promise<{ vendorId: string; name: string; status: VendorStatus; role: string }[]> {
      const memberships = await store.membershipsOf(caller.auth.userId);
      const result = [];
      for (const member of memberships) {
        const vendor = await store.getVendor(member.vendorId);
        if (vendor)
          result.push({ vendorId: vendor.vendorId, name: vendor.name, status: vendor.status, role: member.role });
      }
      return result;
    },

    // ------------------------------------------------------------ documents

    async requestDocumentUpload(caller: Caller, vendorId: string, input: DocumentRequest) {
      const { vendor } = await access(caller, vendorId, 'manage');
      const extension = DOCUMENT_CONTENT_TYPES[input.contentType];
      if (!extension || input.sizeBytes > MAX_DOCUMENT_BYTES) throw problems.unprocessable('document-type');
      const documentId = newId();
      const key = `vendors/${vendor.vendorId}/documents/${documentId}.${extension}`;
      const upload = await ports.documents.presignUpload(
        key,
        input.contentType,
        input.sizeBytes,
        UPLOAD_URL_TTL_SECONDS,
      );
      const document: VendorDocument = {
        vendorId,
        documentId,
        type: input.type,
        fileName: input.fileName,
        contentType: input.contentType,
        sizeBytes: input.sizeBytes,
        key,
        uploadedBy: caller.auth.userId,
        createdAt: now().toISOString(),
      };
      await store.commit([{ type: 'document', item: document }], []);
      return {
        documentId,
        type: document.type,
        fileName: document.fileName,
        uploadUrl: upload.url,
        uploadHeaders: upload.headers,
        expiresAt: new Date(now().getTime() + UPLOAD_URL_TTL_SECONDS * 1000).toISOString(),
      };
    },

    /** For the vendor's admins and the reviewing platform admin: with short-lived download links. */
    async listDocuments(caller: Caller, vendorId: string) {
      const { role } = await access(caller, vendorId, 'view');
      if (role === 'clinic_staff') throw problems.forbidden();
      const documents = await store.documents(vendorId);
      return Promise.all(
        documents.map(async ({ vendorId: _v, key, ...document }) => ({
          ...document,
          downloadUrl: await ports.documents.presignDownload(key, DOWNLOAD_URL_TTL_SECONDS),
        })),
      );
    },

    // ------------------------------------------------------------ staff

    async listStaff(caller: Caller, vendorId: string) {
      await access(caller, vendorId, 'manage');
      const [members, invitations] = await Promise.all([store.members(vendorId), store.invitations(vendorId)]);
      const nowSeconds = Math.floor(now().getTime() / 1000);
      return {
        members: members.map(({ vendorId: _v, ...member }) => member),
        invitations: invitations
          .filter((invitation) => invitation.expiresAt > nowSeconds)
          .map((invitation) => ({
            invitationId: invitation.invitationId,
            channel: invitation.channel,
            to: invitation.to,
            role: invitation.role,
            invitedBy: invitation.invitedBy,
            createdAt: invitation.createdAt,
            expiresAt: new Date(invitation.expiresAt * 1000).toISOString(),
            // Locked after too many wrong codes: invite the person again.
            state: isLocked(invitation) ? ('locked' as const) : ('pending' as const),
          })),
      };
    },

    async inviteStaff(caller: Caller, vendorId: string, input: InviteInput, locale: 'id' | 'en') {
      const { vendor } = await access(caller, vendorId, 'manage');
      if (vendor.status !== 'approved') throw new HttpProblem(409, 'vendor-state', { extra: { state: vendor.status } });
      const members = await store.members(vendorId);
      if (members.length >= MAX_STAFF)
        throw problems.unprocessable('validation', [{ path: 'body', message: `at most ${MAX_STAFF} staff` }]);
      const code = newCode();
      const channel = input.email ? 'email' : 'sms';
      const to = (input.email ?? input.phone)!;
      const createdAt = now();
      const invitation: Invitation = {
        vendorId,
        invitationId: newId(),
        channel,
        to,
        role: input.role,
        codeHash: hashCode(code),
        expiresAt: Math.floor(createdAt.getTime() / 1000) + INVITATION_TTL_SECONDS,
        invitedBy: caller.auth.userId,
        createdAt: createdAt.toISOString(),
      };
      await store.commit(
        [{ type: 'invitation', item: invitation }],
        [
          event(
            'notification.requested',
            {
              channel,
              to,
              template: 'vendor-invitation',
              locale,
              params: {
                vendorName: vendor.name,
                role: input.role,
                code,
                invitationId: invitation.invitationId,
                vendorId,
              },
            },
            caller,
          ),
        ],
      );
      return {
        invitationId: invitation.invitationId,
        channel,
        to,
        role: invitation.role,
        expiresAt: new Date(invitation.expiresAt * 1000).toISOString(),
        _links: { accept: { href: `/v1/vendors/${vendorId}/invitations/${invitation.invitationId}/accept` } },
      };
    },

    /**
     * Joins the vendor with the code of an invitation sent to an email or phone number the caller
     * verified (their profile: the access token carries neither). In this order, so that nobody
     * learns or spoils more than they may (docs/decisions/0023):
     * 1. at most MAX_ACCEPT_ATTEMPTS_PER_HOUR attempts per account, counted before anything is read → 429;
     * 2. no such invitation, expired, used, or sent to somebody else → the same 404;
     * 3. locked → 409 (state: locked): only a new invitation helps;
     * 4. the attempt is counted on the invitation before the code is compared (a conditional write,
     *    so at most MAX_CODE_ATTEMPTS codes are ever compared); wrong → 422 with `attemptsLeft`,
     *    the last wrong one → 409 locked.
     * Somebody else never reaches the code, so they can neither guess it nor lock the invitation.
     */
    async acceptInvitation(caller: Caller, vendorId: string, invitationId: string, code: string) {
      const contact = await ports.people.verifiedContact(caller.auth.userId);
      if (!contact) throw new HttpProblem(404, 'profile-pending', { extra: { retryAfterSeconds: 1 } });
      const at = now();
      const nowSeconds = Math.floor(at.getTime() / 1000);
      const windowEnds = (Math.floor(at.getTime() / 3_600_000) + 1) * 3600;
      if (
        !(await store.countAcceptAttempt(
          caller.auth.userId,
          at.toISOString().slice(0, 13),
          MAX_ACCEPT_ATTEMPTS_PER_HOUR,
          windowEnds + 3600,
        ))
      ) {
        throw new HttpProblem(429, 'invitation-attempts', { extra: { retryAfterSeconds: windowEnds - nowSeconds } });
      }
      const invitation = await store.getInvitation(vendorId, invitationId);
      if (!invitation || invitation.expiresAt <= nowSeconds || !isInvitee(invitation, contact)) throw noInvitation();
      if (isLocked(invitation)) throw invitationLocked();
      const attempts = await store.countInvitationAttempt(vendorId, invitationId, MAX_CODE_ATTEMPTS);
      if (attempts === undefined)
        throw (await store.getInvitation(vendorId, invitationId)) ? invitationLocked() : noInvitation();
      if (!sameHash(invitation.codeHash, hashCode(code))) {
        if (attempts >= MAX_CODE_ATTEMPTS) throw invitationLocked();
        throw new HttpProblem(422, 'invitation-invalid', { extra: { attemptsLeft: MAX_CODE_ATTEMPTS - attempts } });
      }
      if (await store.getMember(vendorId, caller.auth.userId)) throw problems.conflict('already-member');
      await ports.directory.addToGroup(caller.auth.username, invitation.role);
      return retryOnConflict(RETRY, async () => {
        const vendor = await store.getVendor(vendorId);
        if (!vendor) throw problems.notFound();
        if (!(await store.getInvitation(vendorId, invitationId))) {
          // Used meanwhile: by this person in a parallel request, or gone.
          throw (await store.getMember(vendorId, caller.auth.userId))
            ? problems.conflict('already-member')
            : noInvitation();
        }
        const member: Member = {
          vendorId,
          userId: caller.auth.userId,
          username: caller.auth.username,
          role: invitation.role,
          addedBy: invitation.invitedBy,
          createdAt: now().toISOString(),
        };
        const { vendor: after, writes } = await bump(
          vendor,
          { adminCount: vendor.adminCount + (member.role === 'clinic_admin' ? 1 : 0) },
          caller,
        );
        writes.push({ type: 'member', item: member }, { type: 'deleteInvitation', vendorId, invitationId });
        await store.commit(writes, [
          event(
            'vendor.staff_added',
            { vendorId, userId: member.userId, role: member.role, by: invitation.invitedBy },
            caller,
          ),
        ]);
        return { vendorId, name: after.name, role: member.role };
      });
    },

    async removeStaff(caller: Caller, vendorId: string, userId: string): Promise<void> {
      await retryOnConflict(RETRY, async () => {
        const { vendor } = await access(caller, vendorId, 'manage');
        const member = await store.getMember(vendorId, userId);
        if (!member) throw problems.notFound();
        if (member.role === 'clinic_admin' && vendor.adminCount <= 1) throw problems.unprocessable('last-admin');
        const { writes } = await bump(
          vendor,
          { adminCount: vendor.adminCount - (member.role === 'clinic_admin' ? 1 : 0) },
          caller,
        );
        writes.push({ type: 'deleteMember', vendorId, userId });
        await store.commit(writes, [
          event('vendor.staff_removed', { vendorId, userId, by: caller.auth.userId }, caller),
        ]);
      });
    },

    // ------------------------------------------------------------ services

    async listServices(caller: Caller, vendorId: string): Promise<ServiceView[]> {
      await access(caller, vendorId, 'view');
      return (await store.services(vendorId)).map(serviceView);
    },

    async addService(caller: Caller, vendorId: string, input: ServiceInput): Promise<ServiceView> {
      return retryOnConflict(RETRY, async () => {
        const { vendor } = await access(caller, vendorId, 'manage');
        const services = await store.services(vendorId);
        if (services.length >= MAX_SERVICES)
          throw problems.unprocessable('validation', [{ path: 'body', message: `at most ${MAX_SERVICES} services` }]);
        const at = now().toISOString();
        const service: Service = {
          vendorId,
          serviceId: newId(),
          name: input.name,
          description: input.description ?? null,
          category: input.category,
          species: input.species,
          durationMin: input.durationMin,
          price: input.price,
          capacity: input.capacity ?? 1,
          bufferMin: input.bufferMin ?? 0,
          prepay: input.prepay ?? false,
          active: input.active ?? true,
          version: 1,
          createdAt: at,
          updatedAt: at,
        };
        const { writes, events } = await bump(vendor, {}, caller, { services: [...services, service] });
        writes.push({ type: 'service', item: service, expectedVersion: null });
        await store.commit(writes, events);
        return serviceView(service);
      });
    },

    async updateService(
      caller: Caller,
      vendorId: string,
      serviceId: string,
      patch: ServicePatch,
      ifMatch: number | undefined,
    ): Promise<ServiceView> {
      return retryOnConflict(RETRY, async () => {
        const { vendor } = await access(caller, vendorId, 'manage');
        const services = await store.services(vendorId);
        const service = services.find((candidate) => candidate.serviceId === serviceId);
        if (!service) throw problems.notFound();
        if (ifMatch !== undefined && ifMatch !== service.version) throw problems.conflict('version-mismatch');
        const defined = Object.fromEntries(
          Object.entries(patch).filter(([, value]) => value !== undefined),
        ) as Partial<Service>;
        const changed: Service = {
          ...service,
          ...defined,
          version: service.version + 1,
          updatedAt: now().toISOString(),
        };
        const { writes, events } = await bump(vendor, {}, caller, {
          services: services.map((s) => (s.serviceId === serviceId ? changed : s)),
        });
        writes.push({ type: 'service', item: changed, expectedVersion: service.version });
        await store.commit(writes, events);
        return serviceView(changed);
      });
    },

    async deleteService(caller: Caller, vendorId: string, serviceId: string): Promise<void> {
      await retryOnConflict(RETRY, async () => {
        const { vendor } = await access(caller, vendorId, 'manage');
        const services = await store.services(vendorId);
        const service = services.find((candidate) => candidate.serviceId === serviceId);
        if (!service) throw problems.notFound();
        const { writes, events } = await bump(vendor, {}, caller, {
          services: services.filter((s) => s.serviceId !== serviceId),
        });
        writes.push({ type: 'deleteService', vendorId, serviceId, expectedVersion: service.version });
        await store.commit(writes, events);
      });
    },

    // ------------------------------------------------------------ schedule

    async getSchedule(caller: Caller, vendorId: string): Promise<Schedule & { version: number }> {
      const { vendor } = await access(caller, vendorId, 'view');
      const record = await store.getSchedule(vendorId);
      return {
        ...(record?.schedule ?? DEFAULT_SCHEDULE(timeZoneOfProvince(vendor.address.province))),
        version: record?.version ?? 0,
      };
    },

    async putSchedule(
      caller: Caller,
      vendorId: string,
      schedule: Schedule,
      ifMatch?: number,
    ): Promise<Schedule & { version: number }> {
      const errors = scheduleProblems(schedule);
      if (errors.length > 0) throw problems.badRequest('schedule-invalid', errors);
      return retryOnConflict(RETRY, async () => {
        const { vendor } = await access(caller, vendorId, 'manage');
        const current = await store.getSchedule(vendorId);
        if (ifMatch !== undefined && ifMatch !== (current?.version ?? 0)) throw problems.conflict('version-mismatch');
        const sorted: Schedule = {
          ...schedule,
          exceptions: [...schedule.exceptions].sort((a, b) => a.date.localeCompare(b.date)),
        };
        const record: ScheduleRecord = {
          vendorId,
          schedule: sorted,
          version: (current?.version ?? 0) + 1,
          updatedAt: now().toISOString(),
        };
        const { writes, events } = await bump(vendor, {}, caller, { schedule: sorted });
        writes.push({ type: 'schedule', item: record, expectedVersion: current?.version ?? null });
        await store.commit(writes, events);
        return { ...sorted, version: record.version };
      });
    },

    async getBookingPolicy(caller: Caller, vendorId: string): Promise<BookingPolicy & { version: number }> {
      const { vendor } = await access(caller, vendorId, 'view');
      return { ...(vendor.bookingPolicy ?? DEFAULT_BOOKING_POLICY), version: vendor.version };
    },

    /** Lead time, horizon and the free-cancellation cutoff; booking receives them with the listing. */
    async putBookingPolicy(
      caller: Caller,
      vendorId: string,
      policy: BookingPolicy,
      ifMatch?: number,
    ): Promise<BookingPolicy & { version: number }> {
      return retryOnConflict(RETRY, async () => {
        const { vendor } = await access(caller, vendorId, 'manage');
        if (ifMatch !== undefined && ifMatch !== vendor.version) throw problems.conflict('version-mismatch');
        const { vendor: after, writes, events } = await bump(vendor, { bookingPolicy: { ...policy } }, caller);
        await store.commit(writes, events);
        return { ...policy, version: after.version };
      });
    },

    async holidaySuggestions(caller: Caller, vendorId: string, from: string, to: string): Promise<NationalHoliday[]> {
      const schedule = await this.getSchedule(caller, vendorId);
      return holidaySuggestions(schedule, from, to);
    },

    /** Adds the chosen national holidays as closed days. */
    async acceptHolidays(caller: Caller, vendorId: string, dates: string[]): Promise<Schedule & { version: number }> {
      const unknown = dates.filter((date) => !NATIONAL_HOLIDAYS.some((holiday) => holiday.date === date));
      if (unknown.length > 0)
        throw problems.badRequest(
          'validation',
          unknown.map((date) => ({ path: 'body.dates', message: `${date} is not a national holiday` })),
        );
      const { version, ...schedule } = await this.getSchedule(caller, vendorId);
      const existing = new Set(schedule.exceptions.map((exception) => exception.date));
      const added = NATIONAL_HOLIDAYS.filter(
        (holiday) => dates.includes(holiday.date) && !existing.has(holiday.date),
      ).map((holiday) => ({ date: holiday.date, closed: true, note: holiday.name.id }));
      return this.putSchedule(
        caller,
        vendorId,
        { ...schedule, exceptions: [...schedule.exceptions, ...added] },
        version,
      );
    },

    // ------------------------------------------------------------ reviews

    /** From review.submitted: stores the review and moves the aggregate, once per review id. */
    async recordReview(
      data: EventData<'review.submitted'>,
      correlationId: string,
    ): Promise<'recorded' | 'duplicate' | 'unknown-vendor'> {
      return retryOnConflict(EVENT_RETRY, async () => {
        const vendor = await store.getVendor(data.vendorId);
        if (!vendor) return 'unknown-vendor';
        if (await store.getReview(data.vendorId, data.reviewId)) return 'duplicate';
        const displayName = publicName(data.displayName);
        const review: Review = {
          vendorId: data.vendorId,
          reviewId: data.reviewId,
          authorId: data.authorId,
          // The chosen name only (older events' `authorName` held an id: zod drops it unread).
          ...(displayName ? { displayName } : {}),
          bookingId: data.bookingId ?? null,
          rating: data.rating,
          comment: data.comment,
          createdAt: now().toISOString(),
        };
        const { writes, events } = await bump(
          vendor,
          { ratingSum: vendor.ratingSum + data.rating, reviewCount: vendor.reviewCount + 1 },
          correlationId,
        );
        writes.push({ type: 'review', item: review });
        await store.commit(writes, events);
        return 'recorded' as const;
      });
    },

    /** Public: each review signed with the name its author chose, or "Pelanggan PetPro" / "PetPro customer". */
    async listReviews(
      vendorId: string,
      page: PageRequest,
      locale: Locale,
    ): Promise<Page<ReturnType<typeof reviewView>>> {
      const vendor = await store.getVendor(vendorId);
      if (!vendor || vendor.status !== 'approved') throw problems.notFound();
      const found = await store.reviews(vendorId, page);
      return { items: found.items.map((review) => reviewView(review, locale)), nextCursor: found.nextCursor };
    },
  };
}

export type VendorsService = ReturnType<typeof vendorsService>;

export type { StaffRole };

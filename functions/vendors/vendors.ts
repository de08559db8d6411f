import type { Caller } from '#shared/auth/caller.ts';
import type { EventEnvelope, EventData } from '#shared/events/catalog.ts';
import { domainEvent } from '#shared/events/envelope.ts';
import { refuse } from '#shared/lib/refusal.ts';
import { newId } from '#shared/lib/ids.ts';
import type { ConflictRetry } from '#shared/lib/retry-on-conflict.ts';
import type { Schedule } from '#shared/lib/opening-hours.ts';
import { DEFAULT_BOOKING_POLICY } from '#shared/lib/booking-policy.ts';
import type { HistoryEntry, Service, Vendor, VendorStatus, VendorsStore, Write } from './model.ts';

/**
 * The vendors domain's shared rules: the vendor record, who may act on it, how it looks to them,
 * and how a change moves its version and its search listing. The use cases live by area, each
 * built on these rules: applications.ts (apply → review → approve), staff.ts, services.ts,
 * schedule.ts (opening hours, booking policy, holidays), documents.ts and reviews.ts. A handler
 * bundles only its area (decision 0005). The table, S3 and Cognito come in through ports.
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

/** Read → decide → commit again after a lost race, up to 4 tries; out of tries, an event's delivery fails (and comes again)… */
export const EVENT_RETRY: ConflictRetry = { attempts: 4 };
/** …and a request is answered 409 conflict. */
export const RETRY: ConflictRetry = { ...EVENT_RETRY, exhausted: () => refuse.conflict() };

export type Access = 'manage' | 'view';

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

export const DEFAULT_SCHEDULE = (timeZone: Schedule['timeZone'] = 'Asia/Jakarta'): Schedule => ({
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

export const vendorLinks = (vendorId: string): Links => ({
  self: { href: `/v1/vendors/${vendorId}` },
  services: { href: `/v1/vendors/${vendorId}/services` },
  schedule: { href: `/v1/vendors/${vendorId}/schedule` },
  staff: { href: `/v1/vendors/${vendorId}/staff` },
  documents: { href: `/v1/vendors/${vendorId}/documents` },
  history: { href: `/v1/vendors/${vendorId}/history` },
  publicProfile: { href: `/v1/clinics/${vendorId}` },
});

/** What the listing (`vendor.listing_updated`) carries of the vendor record itself; services and the schedule come beside it. */
function listedPart(vendor: Vendor) {
  return {
    listed: vendor.status === 'approved',
    name: vendor.name,
    kind: vendor.kind,
    description: vendor.description,
    address: `${vendor.address.line1}, ${vendor.address.city}`,
    city: vendor.address.city,
    province: vendor.address.province,
    postalCode: vendor.address.postalCode,
    lat: vendor.lat,
    lon: vendor.lon,
    phone: vendor.phone,
    rating: averageRating(vendor),
    reviewCount: vendor.reviewCount,
    bookingPolicy: vendor.bookingPolicy ?? DEFAULT_BOOKING_POLICY,
  };
}

/** What every area's use cases need: the table and a clock. */
export interface RecordPorts {
  store: VendorsStore;
  now?: () => Date;
}

export type VendorRules = ReturnType<typeof vendorRules>;

export function vendorRules(ports: RecordPorts) {
  const { store } = ports;
  const now = () => (ports.now ? ports.now() : new Date());
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
    if (!vendor) throw refuse.notFound();
    const role = await roleOf(caller, vendor);
    if (!role) throw refuse.notFound();
    if (needed === 'manage' && role !== 'clinic_admin' && role !== 'applicant') throw refuse.forbidden();
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
   * The vendor's next version, and — when search shows it or stops showing it, and what the listing
   * carries changes — the listing event with everything search needs.
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
    const listed = listedPart(after);
    // Relisted only when what search shows changes (staff joining or leaving changes none of it).
    const relisted =
      override.services !== undefined ||
      override.schedule !== undefined ||
      JSON.stringify(listed) !== JSON.stringify(listedPart(before));
    if ((listedBefore || listedAfter) && relisted) {
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
            ...listed,
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
            updatedAt: after.updatedAt,
          },
          correlation,
        ),
      );
    }
    return { vendor: after, writes: [{ type: 'vendor', item: after, expectedVersion: before.version }], events };
  }

  return { store, now, isPlatformAdmin, access, view, event, historyEntry, bump };
}

import { encodeTime } from 'ulid';
import type { AuthContext } from '#shared/auth/access.ts';
import type { Group } from '#shared/auth/groups.ts';
import { Refusal } from '#shared/lib/refusal.ts';
import { newId } from '#shared/lib/ids.ts';
import { applications, documents, reviews, schedules, vendorServices } from '../functions/vendors/wiring.ts';
import type { Caller } from '#shared/auth/caller.ts';
import { MAX_OPEN_APPLICATIONS } from '../functions/vendors/applications.ts';
import type { VendorView } from '../functions/vendors/vendors.ts';
import { demoVendors, type DemoVendor } from './fixtures/demo-vendors.ts';

/** A seeded account as the vendors use cases see a signed-in caller. */
export interface SeedIdentity {
  userId: string;
  username: string;
  groups: Group[];
}

const REVIEWERS = ['Budi S.', 'Siti R.', 'Andi P.', 'Rina W.', 'Dewi L.', 'Agus S.', 'Putri A.', 'Yusuf H.'];
const COMMENTS = [
  'Dokternya ramah dan sabar.',
  'Pelayanan cepat, tempat bersih.',
  'Harga wajar, hasilnya memuaskan.',
  'Kucing saya jadi wangi dan rapi.',
  'Great service, will come back.',
  'Staff were very helpful with my dog.',
  'Antrean agak lama tapi hasilnya bagus.',
  'Tempatnya nyaman untuk hewan.',
];

/** Ratings whose average lands on the demo vendor's rating (one decimal), a handful of reviews each. */
function ratingsFor(rating: DemoVendor['rating']): number[] {
  if (!rating) return [];
  const count = Math.min(rating.count, 5);
  const total = Math.round(rating.average * count);
  const base = Math.floor(total / count);
  return Array.from({ length: count }, (_, index) =>
    Math.min(5, Math.max(1, base + (index < total - base * count ? 1 : 0))),
  );
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const DEMO_REVIEW_TIME = Date.UTC(2026, 0, 1);

/**
 * The same ULID for the same demo review every time, so a seeding that starts again after an
 * interruption records each review once (the vendors domain answers `duplicate` for a known id).
 */
export function demoReviewId(vendorIndex: number, reviewIndex: number): string {
  let state = (Math.imul(vendorIndex + 1, 2_654_435_761) ^ Math.imul(reviewIndex + 1, 40_503)) >>> 0;
  let random = '';
  for (let i = 0; i < 16; i++) {
    state = (Math.imul(state ^ (state >>> 15), 2_246_822_519) + i) >>> 0;
    random += CROCKFORD[state % 32];
  }
  return encodeTime(DEMO_REVIEW_TIME + vendorIndex * 10 + reviewIndex, 10) + random;
}

const callerOf = (identity: SeedIdentity): Caller => ({
  auth: { userId: identity.userId, username: identity.username, groups: identity.groups } satisfies AuthContext,
  correlationId: `seed-${newId()}`,
});

/** What an interrupted seeding left behind: the demo vendors already applied for, by name. */
async function existingVendors(): Promise<Map<string, VendorView>> {
  const found = new Map<string, VendorView>();
  for (const status of ['approved', 'submitted', 'draft'] as const) {
    let cursor: string | undefined;
    do {
      const page = await applications().reviewQueue(status, { limit: 100, cursor });
      for (const vendor of page.items) found.set(vendor.name, vendor);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }
  return found;
}

/** Applies; the partner may have only MAX_OPEN_APPLICATIONS open at once, so at that limit it waits for one to be approved. */
async function applyFor(vendor: DemoVendor, as: Caller): Promise<VendorView> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await applications().apply(as, {
        name: vendor.name,
        kind: vendor.kind,
        description: vendor.description,
        address: { line1: vendor.address, city: vendor.city, province: vendor.province, postalCode: vendor.postalCode },
        lat: vendor.lat,
        lon: vendor.lon,
        phone: vendor.phone,
        licenseNumbers: vendor.licenseNumbers,
      });
    } catch (error) {
      if (!(error instanceof Refusal && error.code === 'vendor-limit') || attempt >= 100) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

/**
 * Lists one demo vendor the way a real one gets listed — apply, services, hours, a licence,
 * submit, approval by the platform admin — through the vendors use cases (not HTTP: no request
 * log, no gateway hop), so every event flows as usual. Picks up a vendor an interrupted seeding
 * left as a draft or submitted: each step looks at what is there first.
 */
async function listVendor(
  vendor: DemoVendor,
  index: number,
  owner: SeedIdentity,
  admin: SeedIdentity,
  existing: VendorView | undefined,
): Promise<string> {
  const as = callerOf(owner);
  if (existing?.status === 'approved') return existing.vendorId;
  if (existing?.status !== 'submitted') {
    const vendorId = existing?.vendorId ?? (await applyFor(vendor, as)).vendorId;
    const offered = existing
      ? new Set((await vendorServices().listServices(as, vendorId)).map((service) => service.name))
      : new Set<string>();
    for (const service of vendor.services.filter((service) => !offered.has(service.name))) {
      await vendorServices().addService(as, vendorId, {
        name: service.name,
        category: service.category,
        species: service.species,
        durationMin: service.durationMin,
        price: { amount: service.price, currency: 'IDR' },
        capacity: service.capacity,
        bufferMin: service.bufferMin,
        prepay: service.prepay,
      });
    }
    await schedules().putSchedule(as, vendorId, vendor.schedule);
    if (!existing || (await documents().listDocuments(as, vendorId)).length === 0) {
      await documents().requestDocumentUpload(as, vendorId, {
        type: 'nib',
        fileName: 'nib.pdf',
        contentType: 'application/pdf',
        sizeBytes: 120_000,
      });
    }
    // Reviews before approval: the approval then publishes one listing with the rating, not six.
    for (const [reviewIndex, rating] of ratingsFor(vendor.rating).entries()) {
      await reviews().recordReview(
        {
          reviewId: demoReviewId(index, reviewIndex),
          vendorId,
          authorId: `demo-reviewer-${reviewIndex}`,
          displayName: REVIEWERS[reviewIndex % REVIEWERS.length]!,
          rating,
          comment: COMMENTS[(reviewIndex + vendor.name.length) % COMMENTS.length]!,
        },
        `seed-${vendorId}`,
      );
    }
    await applications().submit(as, vendorId);
    existing = { vendorId } as VendorView;
  }
  await applications().approve(callerOf(admin), existing.vendorId);
  return existing.vendorId;
}

export interface ListedVendors {
  /** The vendor id of each demo vendor, in `demoVendors()` order. */
  ids: string[];
  clinicAdminVendorId: string;
  shopAdminVendorId: string;
  total: number;
}

/**
 * The demo vendors: the first clinic belongs to the demo clinic admin, the first shop to the demo
 * shop admin, the rest to the demo partner account. `listed` holds those an earlier, interrupted
 * run finished (from its progress file); the vendors it left half-done are looked up by name (the
 * admin's review queues) and completed. Runs as many at a time as the partner may have open applications.
 */
export async function seedDemoVendors(options: {
  count?: number;
  clinicAdmin: SeedIdentity;
  shopAdmin: SeedIdentity;
  partner: SeedIdentity;
  admin: SeedIdentity;
  /** Demo vendor index → vendor id, of those already listed. */
  listed: ReadonlyMap<number, string>;
  /** Called after each vendor is listed (approved), in completion order. */
  onListed: (index: number, vendorId: string, vendor: DemoVendor) => void;
  signal?: AbortSignal;
}): Promise<ListedVendors> {
  const list = demoVendors(options.count ?? 240);
  const firstClinic = list.findIndex((vendor) => vendor.kind === 'clinic');
  const firstShop = list.findIndex((vendor) => vendor.kind === 'shop');
  const owners = list.map((_, index) =>
    index === firstClinic ? options.clinicAdmin : index === firstShop ? options.shopAdmin : options.partner,
  );
  const ids = list.map((_, index) => options.listed.get(index));
  // Also without a progress file: a run killed before writing it may have applied for some.
  const existing = ids.some((id) => id === undefined) ? await existingVendors() : new Map<string, VendorView>();
  // Half-done ones first: each holds one of the partner's open applications.
  const todo = Array.from(list.keys())
    .filter((index) => ids[index] === undefined)
    .sort((a, b) => Number(existing.has(list[b]!.name)) - Number(existing.has(list[a]!.name)) || a - b);
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (next < todo.length && !failed) {
      options.signal?.throwIfAborted();
      const index = todo[next]!;
      next += 1;
      try {
        const vendorId = await listVendor(
          list[index]!,
          index,
          owners[index]!,
          options.admin,
          existing.get(list[index]!.name),
        );
        ids[index] = vendorId;
        options.onListed(index, vendorId, list[index]!);
      } catch (error) {
        failed = true;
        throw new Error(`listing demo vendor ${index} (${list[index]!.name}): ${String(error)}`, { cause: error });
      }
    }
  };
  // The partner account applies for most of them: as many at a time as it may have open applications
  // (a worker applies for the next one only once its previous one is approved).
  await Promise.all(Array.from({ length: MAX_OPEN_APPLICATIONS }, worker));
  return {
    ids: ids as string[],
    clinicAdminVendorId: ids[firstClinic]!,
    shopAdminVendorId: ids[firstShop]!,
    total: list.length,
  };
}

import type { AuthContext } from '#shared/auth/access.ts';
import type { Group } from '#shared/auth/groups.ts';
import { newId } from '#shared/lib/ids.ts';
import { cognitoDirectory } from '../functions/vendors/directory.ts';
import { vendorsWith } from '../functions/vendors/wiring.ts';
import { MAX_OPEN_APPLICATIONS, type Caller } from '../functions/vendors/vendors.ts';
import { demoVendors, type DemoVendor } from './fixtures/demo-vendors.ts';

/** A seeded account as the vendors use cases see a signed-in caller. */
export interface SeedIdentity {
  userId: string;
  username: string;
  groups: Group[];
}

const REVIEWERS = ['Budi S.', 'Siti R.', 'Andi P.', 'Rina W.', 'Dewi L.', 'Agus S.', 'Putri A.', 'Yusuf H.'];
const COMMENTS = [
  'Dokternya ramah dan sabar.', 'Pelayanan cepat, tempat bersih.', 'Harga wajar, hasilnya memuaskan.',
  'Kucing saya jadi wangi dan rapi.', 'Great service, will come back.', 'Staff were very helpful with my dog.',
  'Antrean agak lama tapi hasilnya bagus.', 'Tempatnya nyaman untuk hewan.',
];

/** Ratings whose average lands on the demo vendor's rating (one decimal), a handful of reviews each. */
function ratingsFor(rating: DemoVendor['rating']): number[] {
  if (!rating) return [];
  const count = Math.min(rating.count, 5);
  const total = Math.round(rating.average * count);
  const base = Math.floor(total / count);
  return Array.from({ length: count }, (_, index) => Math.min(5, Math.max(1, base + (index < total - base * count ? 1 : 0))));
}

let seedDirectory: ReturnType<typeof cognitoDirectory> | undefined;
const directory = () => (seedDirectory ??= cognitoDirectory());

const callerOf = (identity: SeedIdentity): Caller => ({
  auth: { userId: identity.userId, username: identity.username, groups: identity.groups } satisfies AuthContext,
  correlationId: `seed-${newId()}`,
});

/**
 * Lists one demo vendor the way a real one gets listed — apply, services, hours, a licence,
 * submit, approval by the platform admin — through the vendors use cases (not HTTP: 240 of them
 * through the gateway would slow the first start for nothing), so every event flows as usual.
 */
async function listVendor(vendor: DemoVendor, owner: SeedIdentity, admin: SeedIdentity): Promise<string> {
  const service = vendorsWith(directory());
  const as = callerOf(owner);
  const applied = await service.apply(as, {
    name: vendor.name, kind: vendor.kind, description: vendor.description,
    address: { line1: vendor.address, city: vendor.city, province: vendor.province, postalCode: vendor.postalCode },
    lat: vendor.lat, lon: vendor.lon, phone: vendor.phone, licenseNumbers: vendor.licenseNumbers,
  });
  const vendorId = applied.vendorId;
  for (const offered of vendor.services) {
    await service.addService(as, vendorId, {
      name: offered.name, category: offered.category, species: offered.species, durationMin: offered.durationMin,
      price: { amount: offered.price, currency: 'IDR' }, capacity: offered.capacity, bufferMin: offered.bufferMin, prepay: offered.prepay,
    });
  }
  await service.putSchedule(as, vendorId, vendor.schedule);
  await service.requestDocumentUpload(as, vendorId, { type: 'nib', fileName: 'nib.pdf', contentType: 'application/pdf', sizeBytes: 120_000 });
  // Reviews before approval: the approval then publishes one listing with the rating, not six.
  for (const [index, rating] of ratingsFor(vendor.rating).entries()) {
    await service.recordReview({
      reviewId: newId(), vendorId, authorId: `demo-reviewer-${index}`, displayName: REVIEWERS[index % REVIEWERS.length]!,
      rating, comment: COMMENTS[(index + vendor.name.length) % COMMENTS.length]!,
    }, `seed-${vendorId}`);
  }
  await service.submit(as, vendorId);
  await service.approve(callerOf(admin), vendorId);
  return vendorId;
}

/**
 * The demo vendors: the first clinic belongs to the demo clinic admin, the first shop to the demo
 * shop admin, the rest to the demo partner account. Runs a few at a time.
 */
export async function seedDemoVendors(options: {
  count?: number;
  clinicAdmin: SeedIdentity;
  shopAdmin: SeedIdentity;
  partner: SeedIdentity;
  admin: SeedIdentity;
  log: (line: string) => void;
}): Promise<{ clinicAdminVendorId: string; shopAdminVendorId: string; total: number }> {
  const list = demoVendors(options.count ?? 240);
  const firstClinic = list.findIndex((vendor) => vendor.kind === 'clinic');
  const firstShop = list.findIndex((vendor) => vendor.kind === 'shop');
  const owners = list.map((_, index) => (index === firstClinic ? options.clinicAdmin : index === firstShop ? options.shopAdmin : options.partner));
  const ids: string[] = new Array<string>(list.length);
  let next = 0;
  const worker = async () => {
    while (next < list.length) {
      const index = next;
      next += 1;
      ids[index] = await listVendor(list[index]!, owners[index]!, options.admin);
      if ((index + 1) % 40 === 0) options.log(`  listed ${index + 1}/${list.length} demo vendors`);
    }
  };
  // The partner account applies for most of them: stay under its limit of open applications.
  await Promise.all(Array.from({ length: MAX_OPEN_APPLICATIONS - 1 }, worker));
  return { clinicAdminVendorId: ids[firstClinic]!, shopAdminVendorId: ids[firstShop]!, total: list.length };
}

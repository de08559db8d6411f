import { describe, expect, it } from 'vitest';
import type { EventEnvelope } from '#shared/events/catalog.ts';
import { HttpProblem } from '#shared/http/problem.ts';
import { WriteConflict, type Member, type Vendor, type VendorsStore, type Write } from './model.ts';
import { averageRating, timeZoneOfProvince, vendorsService, type Caller } from './vendors.ts';

/** The use cases against an in-memory store (the DynamoDB store is exercised by test/vendors*.test.ts). */
function memoryStore() {
  const items = new Map<string, Record<string, unknown>>();
  const events: EventEnvelope[] = [];
  const keyOf = (write: Write): string => {
    switch (write.type) {
      case 'vendor': return `V#${write.item.vendorId}`;
      case 'service': return `S#${write.item.vendorId}#${write.item.serviceId}`;
      case 'deleteService': return `S#${write.vendorId}#${write.serviceId}`;
      case 'schedule': return `H#${write.item.vendorId}`;
      case 'member': return `M#${write.item.vendorId}#${write.item.userId}`;
      case 'deleteMember': return `M#${write.vendorId}#${write.userId}`;
      case 'invitation': return `I#${write.item.vendorId}#${write.item.invitationId}`;
      case 'deleteInvitation': return `I#${write.vendorId}#${write.invitationId}`;
      case 'document': return `D#${write.item.vendorId}#${write.item.documentId}`;
      case 'history': return `Y#${write.item.vendorId}#${write.item.entryId}`;
      case 'review': return `R#${write.item.vendorId}#${write.item.reviewId}`;
    }
  };
  const list = <T>(prefix: string) => [...items].filter(([key]) => key.startsWith(prefix)).map(([, value]) => value as T);
  const store: VendorsStore = {
    getVendor: async (id) => items.get(`V#${id}`) as Vendor | undefined,
    vendorsByStatus: async (status) => ({ items: list<Vendor>('V#').filter((v) => v.status === status), nextCursor: null }),
    countOpenApplications: async (userId) => list<Vendor>('V#').filter((v) => v.applicantId === userId && ['draft', 'submitted'].includes(v.status)).length,
    getMember: async (vendorId, userId) => items.get(`M#${vendorId}#${userId}`) as Member | undefined,
    members: async (vendorId) => list(`M#${vendorId}#`),
    membershipsOf: async (userId) => list<Member>('M#').filter((m) => m.userId === userId),
    invitations: async (vendorId) => list(`I#${vendorId}#`),
    getInvitation: async (vendorId, id) => items.get(`I#${vendorId}#${id}`) as never,
    services: async (vendorId) => list(`S#${vendorId}#`),
    getService: async (vendorId, id) => items.get(`S#${vendorId}#${id}`) as never,
    getSchedule: async (vendorId) => items.get(`H#${vendorId}`) as never,
    documents: async (vendorId) => list(`D#${vendorId}#`),
    history: async (vendorId) => ({ items: list(`Y#${vendorId}#`), nextCursor: null }),
    reviews: async (vendorId) => ({ items: list(`R#${vendorId}#`), nextCursor: null }),
    getReview: async (vendorId, id) => items.get(`R#${vendorId}#${id}`) as never,
    async commit(writes, newEvents) {
      for (const write of writes) {
        const current = items.get(keyOf(write)) as { version?: number } | undefined;
        if ('expectedVersion' in write && (write.expectedVersion === null ? current : current?.version !== write.expectedVersion)) throw new WriteConflict();
        if (['member', 'invitation', 'document', 'history', 'review'].includes(write.type) && current) throw new WriteConflict();
      }
      for (const write of writes) {
        if (write.type.startsWith('delete')) items.delete(keyOf(write));
        else items.set(keyOf(write), { ...(write as unknown as { item: Record<string, unknown> }).item });
      }
      events.push(...newEvents);
    },
  };
  return { store, events, items };
}

const person = (userId: string, groups: Caller['auth']['groups'] = ['customer']): Caller => ({ auth: { userId, username: `${userId}@example.id`, groups }, correlationId: 'test' });
const applicant = person('applicant');
const admin = person('admin', ['customer', 'platform_admin']);
const stranger = person('stranger');

const application = {
  name: 'Klinik Hewan Uji', kind: 'clinic' as const, address: { line1: 'Jl. A 1', city: 'Denpasar', province: 'Bali', postalCode: '80111' },
  lat: -8.67, lon: 115.21, phone: '+6281234567890', licenseNumbers: { nib: '1234567890123', sip: 'SIP/1' },
};

function setup() {
  const memory = memoryStore();
  const groups: string[] = [];
  const service = vendorsService({
    store: memory.store,
    documents: { presignUpload: async (key) => ({ url: `https://s3/${key}`, headers: {} }), presignDownload: async (key) => `https://s3/${key}?get` },
    directory: { addToGroup: async (username, group) => void groups.push(`${username}:${group}`) },
    newCode: () => '123456',
  });
  return { ...memory, service, groups };
}

async function approved(t: ReturnType<typeof setup>): Promise<string> {
  const { vendorId } = await t.service.apply(applicant, application);
  await t.service.requestDocumentUpload(applicant, vendorId, { type: 'nib', fileName: 'nib.pdf', contentType: 'application/pdf', sizeBytes: 10 });
  await t.service.submit(applicant, vendorId);
  await t.service.approve(admin, vendorId);
  return vendorId;
}

const status = (promise: Promise<unknown>) => promise.then(() => 200, (error: unknown) => (error instanceof HttpProblem ? error.status : 500));

describe('vendors use cases', () => {
  it('guesses the time zone of a province and rounds the rating to one decimal', () => {
    expect(timeZoneOfProvince('Bali')).toBe('Asia/Makassar');
    expect(timeZoneOfProvince('Papua Barat')).toBe('Asia/Jayapura');
    expect(timeZoneOfProvince('Jawa Timur')).toBe('Asia/Jakarta');
    expect(averageRating({ ratingSum: 14, reviewCount: 3 })).toBe(4.7);
    expect(averageRating({ ratingSum: 0, reviewCount: 0 })).toBeNull();
  });

  it('moves draft → submitted → approved only along the allowed paths, each with an event', async () => {
    const t = setup();
    const { vendorId } = await t.service.apply(applicant, application);
    expect(await status(t.service.submit(applicant, vendorId))).toBe(422); // no document yet
    expect(await status(t.service.approve(admin, vendorId))).toBe(409); // still a draft
    await t.service.requestDocumentUpload(applicant, vendorId, { type: 'nib', fileName: 'nib.pdf', contentType: 'application/pdf', sizeBytes: 10 });
    await t.service.submit(applicant, vendorId);
    expect(await status(t.service.suspend(admin, vendorId, 'x'))).toBe(409); // not approved
    await t.service.approve(admin, vendorId);
    expect(t.events.map((event) => event.type)).toEqual(['vendor.registered', 'vendor.submitted', 'vendor.approved', 'vendor.listing_updated', 'vendor.staff_added']);
    expect(t.groups).toEqual(['applicant@example.id:clinic_admin']);
  });

  it('publishes listings only while search shows the vendor, with a growing listingVersion', async () => {
    const t = setup();
    const { vendorId } = await t.service.apply(applicant, application);
    await t.service.addService(applicant, vendorId, { name: 'Vaksin', category: 'vaccination', species: ['cat'], durationMin: 30, price: { amount: 1, currency: 'IDR' } });
    expect(t.events.filter((event) => event.type === 'vendor.listing_updated')).toHaveLength(0);
    await t.service.requestDocumentUpload(applicant, vendorId, { type: 'nib', fileName: 'nib.pdf', contentType: 'application/pdf', sizeBytes: 10 });
    await t.service.submit(applicant, vendorId);
    await t.service.approve(admin, vendorId);
    await t.service.recordReview({ reviewId: 'r1', vendorId, authorId: 'u', authorName: 'U', rating: 5, comment: 'ok' }, 'c');
    expect(await t.service.recordReview({ reviewId: 'r1', vendorId, authorId: 'u', authorName: 'U', rating: 5, comment: 'ok' }, 'c')).toBe('duplicate');
    await t.service.suspend(admin, vendorId, 'izin habis');
    const listings = t.events.filter((event) => event.type === 'vendor.listing_updated').map((event) => event.data as { listingVersion: number; listed: boolean; rating: number | null; services: unknown[] });
    expect(listings.map(({ listingVersion, listed, rating }) => ({ listingVersion, listed, rating }))).toEqual([
      { listingVersion: 1, listed: true, rating: null },
      { listingVersion: 2, listed: true, rating: 5 },
      { listingVersion: 3, listed: false, rating: 5 },
    ]);
    expect(listings[0]!.services).toHaveLength(1);
  });

  it('decides access per vendor: strangers 404, staff 403 on management, platform admins read', async () => {
    const t = setup();
    const vendorId = await approved(t);
    await t.service.inviteStaff(applicant, vendorId, { email: 'staff@example.id', role: 'clinic_staff' }, 'id');
    const [invitation] = (await t.service.listStaff(applicant, vendorId)).invitations;
    const staff = person('staff');
    expect(await status(t.service.acceptInvitation(staff, vendorId, invitation!.invitationId, '654321'))).toBe(422);
    await t.service.acceptInvitation(staff, vendorId, invitation!.invitationId, '123456');
    expect(await status(t.service.get(stranger, vendorId))).toBe(404);
    expect(await status(t.service.get(staff, vendorId))).toBe(200);
    expect(await status(t.service.addService(staff, vendorId, { name: 'X', category: 'grooming', species: ['cat'], durationMin: 30, price: { amount: 1, currency: 'IDR' } }))).toBe(403);
    expect(await status(t.service.listDocuments(staff, vendorId))).toBe(403);
    expect(await status(t.service.listDocuments(admin, vendorId))).toBe(200);
    expect(await status(t.service.putSchedule(admin, vendorId, { timeZone: 'Asia/Makassar', weekly: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] }, exceptions: [] }))).toBe(403);
  });

  it('keeps the last admin and refuses expired invitations', async () => {
    const t = setup();
    const vendorId = await approved(t);
    expect(await status(t.service.removeStaff(applicant, vendorId, 'applicant'))).toBe(422);
    const later = vendorsService({
      store: t.store, documents: { presignUpload: async () => ({ url: '', headers: {} }), presignDownload: async () => '' },
      directory: { addToGroup: async () => undefined }, newCode: () => '123456', now: () => new Date(Date.now() + 8 * 24 * 3600 * 1000),
    });
    await t.service.inviteStaff(applicant, vendorId, { phone: '+6281200000000', role: 'clinic_admin' }, 'en');
    const [invitation] = (await t.service.listStaff(applicant, vendorId)).invitations;
    expect(await status(later.acceptInvitation(person('late'), vendorId, invitation!.invitationId, '123456'))).toBe(422);
  });
});

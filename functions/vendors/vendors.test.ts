import { describe, expect, it } from 'vitest';
import type { EventEnvelope } from '#shared/events/catalog.ts';
import { type Member, type Vendor, type VendorsStore, type Write } from './model.ts';
import { WriteConflict } from '#shared/table/write-conflict.ts';
import type { Caller } from '#shared/auth/caller.ts';
import { applicationsService } from './applications.ts';
import { documentsService } from './documents.ts';
import { reviewsService, toReviewView } from './reviews.ts';
import { scheduleService } from './schedule.ts';
import { servicesService } from './services.ts';
import { isInvitee, MAX_ACCEPT_ATTEMPTS_PER_HOUR, MAX_CODE_ATTEMPTS, staffService, type StaffPorts } from './staff.ts';
import { averageRating, timeZoneOfProvince } from './vendors.ts';
import { refusalOf } from '#local/testing.ts';

/** Every area's use cases on the same ports, as one object (each handler builds only its own area). */
function allAreas(ports: StaffPorts & Parameters<typeof documentsService>[0]) {
  return {
    ...applicationsService(ports),
    ...staffService(ports),
    ...servicesService(ports),
    ...scheduleService(ports),
    ...documentsService(ports),
    ...reviewsService(ports),
  };
}

/** The use cases against an in-memory store (the DynamoDB store is exercised by test/vendors*.test.ts). */
function memoryStore() {
  const items = new Map<string, Record<string, unknown>>();
  const events: EventEnvelope[] = [];
  const keyOf = (write: Write): string => {
    switch (write.type) {
      case 'vendor':
        return `V#${write.item.vendorId}`;
      case 'service':
        return `S#${write.item.vendorId}#${write.item.serviceId}`;
      case 'deleteService':
        return `S#${write.vendorId}#${write.serviceId}`;
      case 'schedule':
        return `H#${write.item.vendorId}`;
      case 'member':
        return `M#${write.item.vendorId}#${write.item.userId}`;
      case 'deleteMember':
        return `M#${write.vendorId}#${write.userId}`;
      case 'invitation':
        return `I#${write.item.vendorId}#${write.item.invitationId}`;
      case 'deleteInvitation':
        return `I#${write.vendorId}#${write.invitationId}`;
      case 'document':
        return `D#${write.item.vendorId}#${write.item.documentId}`;
      case 'history':
        return `Y#${write.item.vendorId}#${write.item.entryId}`;
      case 'review':
        return `R#${write.item.vendorId}#${write.item.reviewId}`;
    }
  };
  const list = <T>(prefix: string) =>
    [...items].filter(([key]) => key.startsWith(prefix)).map(([, value]) => value as T);
  const store: VendorsStore = {
    getVendor: async (id) => items.get(`V#${id}`) as Vendor | undefined,
    vendorsByStatus: async (status) => ({
      items: list<Vendor>('V#').filter((v) => v.status === status),
      nextCursor: null,
    }),
    countOpenApplications: async (userId) =>
      list<Vendor>('V#').filter((v) => v.applicantId === userId && ['draft', 'submitted'].includes(v.status)).length,
    getMember: async (vendorId, userId) => items.get(`M#${vendorId}#${userId}`) as Member | undefined,
    members: async (vendorId) => list(`M#${vendorId}#`),
    membershipsOf: async (userId) => list<Member>('M#').filter((m) => m.userId === userId),
    invitations: async (vendorId) => list(`I#${vendorId}#`),
    getInvitation: async (vendorId, id) => items.get(`I#${vendorId}#${id}`) as never,
    async countInvitationAttempt(vendorId, id, max) {
      const invitation = items.get(`I#${vendorId}#${id}`) as { attempts?: number } | undefined;
      if (!invitation || (invitation.attempts ?? 0) >= max) return undefined;
      invitation.attempts = (invitation.attempts ?? 0) + 1;
      return invitation.attempts;
    },
    async countAcceptAttempt(userId, window, max) {
      const counted = (items.get(`A#${userId}#${window}`)?.attempts as number | undefined) ?? 0;
      if (counted >= max) return false;
      items.set(`A#${userId}#${window}`, { attempts: counted + 1 });
      return true;
    },
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
        if (
          'expectedVersion' in write &&
          (write.expectedVersion === null ? current : current?.version !== write.expectedVersion)
        )
          throw new WriteConflict();
        if (['member', 'invitation', 'document', 'history', 'review'].includes(write.type) && current)
          throw new WriteConflict();
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

const person = (userId: string, groups: Caller['auth']['groups'] = ['customer']): Caller => ({
  auth: { userId, username: `${userId}@example.id`, groups },
  correlationId: 'test',
});
const applicant = person('applicant');
const admin = person('admin', ['customer', 'platform_admin']);
const stranger = person('stranger');

const application = {
  name: 'Klinik Hewan Uji',
  kind: 'clinic' as const,
  address: { line1: 'Jl. A 1', city: 'Denpasar', province: 'Bali', postalCode: '80111' },
  lat: -8.67,
  lon: 115.21,
  phone: '+6281234567890',
  licenseNumbers: { nib: '1234567890123', sip: 'SIP/1' },
};

/** Everyone verified `<userId>@example.id`, unless given a phone number here. */
const phones = new Map<string, string>([['late', '+6281200000000']]);
const people = {
  verifiedContact: async (userId: string) =>
    userId === 'no-profile-yet'
      ? undefined
      : phones.has(userId)
        ? { email: null, phone: phones.get(userId)! }
        : { email: `${userId}@example.id`, phone: null },
};

function setup(now?: () => Date) {
  const memory = memoryStore();
  const service = allAreas({
    store: memory.store,
    people,
    ...(now ? { now } : {}),
    documents: {
      presignUpload: async (key) => ({ url: `https://s3/${key}`, headers: {} }),
      presignDownload: async (key) => `https://s3/${key}?get`,
    },
    newCode: () => '123456',
  });
  /** Who joined which group: identity adds them on `vendor.staff_added`. */
  const groups = () =>
    memory.events
      .filter((event) => event.type === 'vendor.staff_added')
      .map((event) => {
        const data = event.data as { username: string; role: string };
        return `${data.username}:${data.role}`;
      });
  return { ...memory, service, groups };
}

async function approved(t: ReturnType<typeof setup>): Promise<string> {
  const { vendorId } = await t.service.apply(applicant, application);
  await t.service.requestDocumentUpload(applicant, vendorId, {
    type: 'nib',
    fileName: 'nib.pdf',
    contentType: 'application/pdf',
    sizeBytes: 10,
  });
  await t.service.submit(applicant, vendorId);
  await t.service.approve(admin, vendorId);
  return vendorId;
}

const problemOf = (promise: Promise<unknown>) => refusalOf(promise);

const status = (promise: Promise<unknown>) =>
  promise.then(
    () => 200,
    async (error: unknown) => (await refusalOf(Promise.reject(error)))?.status ?? 500,
  );

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
    await t.service.requestDocumentUpload(applicant, vendorId, {
      type: 'nib',
      fileName: 'nib.pdf',
      contentType: 'application/pdf',
      sizeBytes: 10,
    });
    await t.service.submit(applicant, vendorId);
    expect(await status(t.service.suspend(admin, vendorId, 'x'))).toBe(409); // not approved
    await t.service.approve(admin, vendorId);
    expect(t.events.map((event) => event.type)).toEqual([
      'vendor.registered',
      'vendor.submitted',
      'vendor.approved',
      'vendor.listing_updated',
      'vendor.staff_added',
    ]);
    expect(t.groups()).toEqual(['applicant@example.id:clinic_admin']);
  });

  it('publishes listings only while search shows the vendor, with a growing listingVersion', async () => {
    const t = setup();
    const { vendorId } = await t.service.apply(applicant, application);
    await t.service.addService(applicant, vendorId, {
      name: 'Vaksin',
      category: 'vaccination',
      species: ['cat'],
      durationMin: 30,
      price: { amount: 1, currency: 'IDR' },
    });
    expect(t.events.filter((event) => event.type === 'vendor.listing_updated')).toHaveLength(0);
    await t.service.requestDocumentUpload(applicant, vendorId, {
      type: 'nib',
      fileName: 'nib.pdf',
      contentType: 'application/pdf',
      sizeBytes: 10,
    });
    await t.service.submit(applicant, vendorId);
    await t.service.approve(admin, vendorId);
    await t.service.recordReview(
      { reviewId: 'r1', vendorId, authorId: 'u', displayName: 'U', rating: 5, comment: 'ok' },
      'c',
    );
    expect(
      await t.service.recordReview(
        { reviewId: 'r1', vendorId, authorId: 'u', displayName: 'U', rating: 5, comment: 'ok' },
        'c',
      ),
    ).toBe('duplicate');
    // Staff joining or leaving changes nothing search shows: no new listing.
    await t.service.inviteStaff(applicant, vendorId, { email: 'staff@example.id', role: 'clinic_admin' }, 'id');
    const [invitation] = (await t.service.listStaff(applicant, vendorId)).invitations;
    await t.service.acceptInvitation(person('staff'), vendorId, invitation!.invitationId, '123456');
    await t.service.removeStaff(applicant, vendorId, 'staff');
    await t.service.suspend(admin, vendorId, 'izin habis');
    const listings = t.events
      .filter((event) => event.type === 'vendor.listing_updated')
      .map(
        (event) =>
          event.data as { listingVersion: number; listed: boolean; rating: number | null; services: unknown[] },
      );
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
    expect(
      await status(
        t.service.addService(staff, vendorId, {
          name: 'X',
          category: 'grooming',
          species: ['cat'],
          durationMin: 30,
          price: { amount: 1, currency: 'IDR' },
        }),
      ),
    ).toBe(403);
    expect(await status(t.service.listDocuments(staff, vendorId))).toBe(403);
    expect(await status(t.service.listDocuments(admin, vendorId))).toBe(200);
    expect(
      await status(
        t.service.putSchedule(admin, vendorId, {
          timeZone: 'Asia/Makassar',
          weekly: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] },
          exceptions: [],
        }),
      ),
    ).toBe(403);
  });

  it('keeps the last admin and refuses expired invitations', async () => {
    const t = setup();
    const vendorId = await approved(t);
    expect(await status(t.service.removeStaff(applicant, vendorId, 'applicant'))).toBe(422);
    const later = staffService({
      store: t.store,
      people,
      newCode: () => '123456',
      now: () => new Date(Date.now() + 8 * 24 * 3600 * 1000),
    });
    await t.service.inviteStaff(applicant, vendorId, { phone: '+6281200000000', role: 'clinic_admin' }, 'en');
    const [invitation] = (await t.service.listStaff(applicant, vendorId)).invitations;
    // Expired, even for the person it was sent to: gone, like an unknown one.
    expect(
      await problemOf(later.acceptInvitation(person('late'), vendorId, invitation!.invitationId, '123456')),
    ).toMatchObject({ status: 404, key: 'invitation-not-found' });
  });
});

describe('staff invitations: bound to the invitee, limited guessing', () => {
  async function invited(
    t: ReturnType<typeof setup>,
    to: { email: string } | { phone: string },
    role: 'clinic_staff' | 'clinic_admin' = 'clinic_staff',
  ) {
    const vendorId = await approved(t);
    const { invitationId } = await t.service.inviteStaff(applicant, vendorId, { ...to, role }, 'id');
    return { vendorId, invitationId };
  }

  it('matches the verified email (any case) or the phone number the invitation went to', () => {
    expect(isInvitee({ channel: 'email', to: 'c@example.id' }, { email: 'C@Example.id', phone: null })).toBe(true);
    expect(isInvitee({ channel: 'email', to: 'c@example.id' }, { email: 'd@example.id', phone: null })).toBe(false);
    expect(isInvitee({ channel: 'sms', to: '+6281200000000' }, { email: null, phone: '+6281200000000' })).toBe(true);
    expect(isInvitee({ channel: 'sms', to: '+6281200000000' }, { email: '+6281200000000', phone: null })).toBe(false);
    expect(isInvitee({ channel: 'email', to: 'c@example.id' }, { email: null, phone: null })).toBe(false);
  });

  it('someone else holding the code gets the same 404 as for no invitation, joins nothing and spends none of its attempts', async () => {
    const t = setup();
    const { vendorId, invitationId } = await invited(t, { email: 'c@example.id' });
    const d = person('d');
    const wrongPerson = await problemOf(t.service.acceptInvitation(d, vendorId, invitationId, '123456'));
    const unknown = await problemOf(t.service.acceptInvitation(d, vendorId, '01JNOSUCHINVITATION0000000', '123456'));
    expect(wrongPerson).toMatchObject({ status: 404, key: 'invitation-not-found' });
    expect(unknown).toMatchObject({ status: 404, key: 'invitation-not-found' });
    expect(wrongPerson!.extra).toEqual(unknown!.extra);
    expect(await t.store.getMember(vendorId, 'd')).toBeUndefined();
    expect(t.groups()).not.toContain('d@example.id:clinic_staff');
    expect((await t.store.getInvitation(vendorId, invitationId))!.attempts).toBeUndefined();
    // The person it was sent to still joins.
    expect(await t.service.acceptInvitation(person('c'), vendorId, invitationId, '123456')).toMatchObject({
      vendorId,
      role: 'clinic_staff',
    });
    expect(await t.store.getInvitation(vendorId, invitationId)).toBeUndefined();
  });

  it('binds phone invitations to the verified phone number', async () => {
    const t = setup();
    const { vendorId, invitationId } = await invited(t, { phone: '+6281200000000' });
    expect(await status(t.service.acceptInvitation(person('c'), vendorId, invitationId, '123456'))).toBe(404);
    expect(await status(t.service.acceptInvitation(person('late'), vendorId, invitationId, '123456'))).toBe(200);
  });

  it("asks to wait while the caller's profile is being set up", async () => {
    const t = setup();
    const { vendorId, invitationId } = await invited(t, { email: 'c@example.id' });
    expect(
      await problemOf(t.service.acceptInvitation(person('no-profile-yet'), vendorId, invitationId, '123456')),
    ).toMatchObject({ status: 404, key: 'profile-pending' });
  });

  it(`locks the invitation at the ${MAX_CODE_ATTEMPTS}th wrong code, even for the right code after; the inviter sees it locked and invites again`, async () => {
    const t = setup();
    const { vendorId, invitationId } = await invited(t, { email: 'c@example.id' });
    const c = person('c');
    for (let left = MAX_CODE_ATTEMPTS - 1; left >= 1; left -= 1) {
      const wrong = await problemOf(t.service.acceptInvitation(c, vendorId, invitationId, '000000'));
      expect(wrong).toMatchObject({ status: 422, key: 'invitation-invalid', extra: { attemptsLeft: left } });
    }
    expect(await problemOf(t.service.acceptInvitation(c, vendorId, invitationId, '000000'))).toMatchObject({
      status: 409,
      key: 'invitation-locked',
      extra: { state: 'locked' },
    });
    expect(await problemOf(t.service.acceptInvitation(c, vendorId, invitationId, '123456'))).toMatchObject({
      status: 409,
      key: 'invitation-locked',
      extra: { state: 'locked' },
    });
    expect(await t.store.getMember(vendorId, 'c')).toBeUndefined();
    expect((await t.service.listStaff(applicant, vendorId)).invitations).toEqual([
      expect.objectContaining({ invitationId, state: 'locked' }),
    ]);
    const again = await t.service.inviteStaff(
      applicant,
      vendorId,
      { email: 'c@example.id', role: 'clinic_staff' },
      'id',
    );
    expect(await t.service.acceptInvitation(c, vendorId, again.invitationId, '123456')).toMatchObject({
      role: 'clinic_staff',
    });
  });

  it('counts attempts before comparing, so parallel guesses compare at most 5 codes', async () => {
    const t = setup();
    const { vendorId, invitationId } = await invited(t, { email: 'c@example.id' });
    const outcomes = await Promise.all(
      Array.from({ length: 8 }, (_, index) =>
        problemOf(t.service.acceptInvitation(person('c'), vendorId, invitationId, `00000${index}`)),
      ),
    );
    expect(outcomes.filter((problem) => problem?.status === 422)).toHaveLength(MAX_CODE_ATTEMPTS - 1);
    expect(outcomes.filter((problem) => problem?.key === 'invitation-locked')).toHaveLength(
      8 - (MAX_CODE_ATTEMPTS - 1),
    );
    expect((await t.store.getInvitation(vendorId, invitationId))!.attempts).toBe(MAX_CODE_ATTEMPTS);
  });

  it(`limits an account to ${MAX_ACCEPT_ATTEMPTS_PER_HOUR} invitation attempts an hour (429 with the wait), whatever the invitation`, async () => {
    let clock = new Date('2026-05-04T10:15:00Z');
    const t = setup(() => clock);
    const probe = person('prober');
    for (let i = 0; i < MAX_ACCEPT_ATTEMPTS_PER_HOUR; i += 1) {
      expect(
        await status(t.service.acceptInvitation(probe, 'v', `01JGUESS${String(i).padStart(18, '0')}`, '123456')),
      ).toBe(404);
    }
    const limited = await problemOf(t.service.acceptInvitation(probe, 'v', '01JGUESS999999999999999999', '123456'));
    expect(limited).toMatchObject({ status: 429, key: 'invitation-attempts', extra: { retryAfterSeconds: 45 * 60 } });
    expect(await status(t.service.acceptInvitation(person('other'), 'v', '01JGUESS999999999999999999', '123456'))).toBe(
      404,
    );
    clock = new Date('2026-05-04T11:00:00Z');
    expect(await status(t.service.acceptInvitation(probe, 'v', '01JGUESS999999999999999999', '123456'))).toBe(404);
  });
});

describe('reviews show the name the reviewer chose, never an id', () => {
  it('stores the chosen name shortened and shows the generic label for none, for an id, and for reviews stored with an id', async () => {
    const t = setup();
    const vendorId = await approved(t);
    const userId = '688dfa52-1c2d-4e5f-8a9b-0c1d2e3f4a5b';
    await t.service.recordReview(
      { reviewId: 'r1', vendorId, authorId: userId, displayName: 'Budi Santoso', rating: 5, comment: 'ok' },
      'c',
    );
    await t.service.recordReview({ reviewId: 'r2', vendorId, authorId: userId, rating: 4, comment: 'ok' }, 'c');
    await t.service.recordReview(
      { reviewId: 'r3', vendorId, authorId: userId, displayName: userId, rating: 4, comment: 'ok' },
      'c',
    );
    // An event of the old shape: its authorName (an id) is dropped by the catalog schema.
    await t.service.recordReview(
      { reviewId: 'r4', vendorId, authorId: userId, authorName: userId, rating: 3, comment: 'ok' } as never,
      'c',
    );
    // A review stored before the fix.
    t.items.set(`R#${vendorId}#r5`, {
      vendorId,
      reviewId: 'r5',
      authorId: userId,
      authorName: userId,
      bookingId: null,
      rating: 2,
      comment: 'lama',
      createdAt: '2026-01-01T00:00:00Z',
    });
    const listed = await t.service.listReviews(vendorId, { limit: 10 }, 'en');
    expect(Object.fromEntries(listed.items.map((review) => [review.reviewId, review.authorName]))).toEqual({
      r1: 'Budi S.',
      r2: 'PetPro customer',
      r3: 'PetPro customer',
      r4: 'PetPro customer',
      r5: 'PetPro customer',
    });
    expect(JSON.stringify(listed)).not.toContain(userId);
    expect(
      (await t.service.listReviews(vendorId, { limit: 10 }, 'id')).items.find((review) => review.reviewId === 'r2')!
        .authorName,
    ).toBe('Pelanggan PetPro');
    expect(
      toReviewView(
        {
          vendorId,
          reviewId: 'x',
          authorId: userId,
          displayName: 'Siti R.',
          bookingId: null,
          rating: 5,
          comment: '',
          createdAt: '',
        },
        'id',
      ).authorName,
    ).toBe('Siti R.');
  });
});

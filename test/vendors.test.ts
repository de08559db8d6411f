import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PutCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { domainEvent } from '#shared/events/envelope.ts';
import { outboxItem } from '#shared/events/outbox.ts';
import { newId } from '#shared/lib/ids.ts';
import {
  approvedVendor,
  bootPlatform,
  eventually,
  signInAgain,
  signedUpUser,
  vendorApplication,
  waitForCode,
  withGroup,
  type TestPlatform,
  type TestUser,
} from './support.ts';

/**
 * A clinic's onboarding over real HTTP, tokens, Cognito groups, S3, events and search:
 * apply → upload a document → submit → admin approves → the applicant runs services, hours
 * and staff; outsiders and staff of other vendors get 404/403 on every vendor route.
 */
let t: TestPlatform;
let applicant: TestUser;
let stranger: TestUser;
let admin: TestUser;
let otherVendorAdmin: TestUser;
let vendorId = '';
let otherVendorId = '';
let serviceId = '';

const uniqueName = `Klinik Hewan Uji ${Date.now().toString(36)}`;

const weekdays = (open: string, close: string) => ({
  mon: [{ open, close }],
  tue: [{ open, close }],
  wed: [{ open, close }],
  thu: [{ open, close }],
  fri: [{ open, close }],
  sat: [{ open, close }],
  sun: [],
});

beforeAll(async () => {
  t = await bootPlatform();
  [applicant, stranger, otherVendorAdmin] = await Promise.all([
    signedUpUser(t.api, { name: 'Drh. Rina Wijaya' }),
    signedUpUser(t.api, { name: 'Orang Asing' }),
    signedUpUser(t.api, { name: 'Agus Salim' }),
  ]);
  admin = await withGroup(t, await signedUpUser(t.api, { name: 'Admin Uji' }), 'platform_admin');
});
afterAll(async () => {
  await t?.stop();
});

describe('vendor onboarding', () => {
  it('applies as a draft, with the applicant as its manager', async () => {
    const response = await t.api.post<{ vendorId: string; status: string; yourRole: string }>(
      '/v1/vendors',
      vendorApplication(uniqueName),
      { token: applicant.accessToken },
    );
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ status: 'draft', yourRole: 'applicant', name: uniqueName });
    vendorId = response.body.vendorId;
    const read = await t.api.get(`/v1/vendors/${vendorId}`, { token: applicant.accessToken });
    expect(read.status).toBe(200);
    expect(read.headers.get('etag')).toBe('"1"');
  });

  it('hides the application from strangers (404) and keeps non-admins from the review routes (403)', async () => {
    expect((await t.api.get(`/v1/vendors/${vendorId}`, { token: stranger.accessToken })).status).toBe(404);
    expect(
      (await t.api.patch(`/v1/vendors/${vendorId}`, { name: 'Diambil alih' }, { token: stranger.accessToken })).status,
    ).toBe(404);
    expect((await t.api.get('/v1/admin/vendors', { token: applicant.accessToken })).status).toBe(403);
    const approve = await t.api.post(`/v1/admin/vendors/${vendorId}/approve`, undefined, {
      token: applicant.accessToken,
    });
    expect(approve.status).toBe(403);
    expect(approve.headers.get('content-type')).toContain('application/problem+json');
  });

  it('refuses to submit without a document, in the caller’s language', async () => {
    const response = await t.api.post(`/v1/vendors/${vendorId}/submit`, undefined, {
      token: applicant.accessToken,
      headers: { 'accept-language': 'id' },
    });
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({
      detail: 'Unggah minimal satu izin atau dokumen legalitas sebelum mengajukan.',
    });
  });

  it('uploads a licence through a presigned URL, refusing other types and sizes', async () => {
    const wrongType = await t.api.post(
      `/v1/vendors/${vendorId}/documents`,
      { type: 'nib', fileName: 'nib.exe', contentType: 'application/x-msdownload', sizeBytes: 100 },
      { token: applicant.accessToken },
    );
    expect(wrongType.status).toBe(422);
    const tooBig = await t.api.post(
      `/v1/vendors/${vendorId}/documents`,
      { type: 'nib', fileName: 'nib.pdf', contentType: 'application/pdf', sizeBytes: 11 * 1024 * 1024 },
      { token: applicant.accessToken },
    );
    expect(tooBig.status).toBe(422);
    const content = '%PDF-1.4 NIB 1234567890123';
    const response = await t.api.post<{ uploadUrl: string; uploadHeaders: Record<string, string> }>(
      `/v1/vendors/${vendorId}/documents`,
      { type: 'nib', fileName: 'nib.pdf', contentType: 'application/pdf', sizeBytes: Buffer.byteLength(content) },
      { token: applicant.accessToken },
    );
    expect(response.status).toBe(201);
    const upload = await fetch(response.body.uploadUrl, {
      method: 'PUT',
      headers: response.body.uploadHeaders,
      body: content,
    });
    expect(upload.status).toBe(200);
  });

  it('submits, and the platform admin finds it in the review queue with its documents', async () => {
    const submitted = await t.api.post(`/v1/vendors/${vendorId}/submit`, undefined, { token: applicant.accessToken });
    expect(submitted.status).toBe(200);
    expect(submitted.body).toMatchObject({ status: 'submitted' });
    const queue = await t.api.get<{ items: { vendorId: string }[] }>('/v1/admin/vendors?status=submitted&limit=100', {
      token: admin.accessToken,
    });
    expect(queue.status).toBe(200);
    expect(queue.body.items.map((item) => item.vendorId)).toContain(vendorId);
    const documents = await t.api.get<{ items: { fileName: string; downloadUrl: string }[] }>(
      `/v1/vendors/${vendorId}/documents`,
      { token: admin.accessToken },
    );
    expect(documents.status).toBe(200);
    expect(documents.body.items).toHaveLength(1);
    const download = await fetch(documents.body.items[0]!.downloadUrl);
    expect(await download.text()).toBe('%PDF-1.4 NIB 1234567890123');
    expect((await t.api.get(`/v1/vendors/${vendorId}/documents`, { token: stranger.accessToken })).status).toBe(404);
  });

  it('approves: the applicant becomes clinic_admin (membership and Cognito group), with history', async () => {
    const approved = await t.api.post(`/v1/admin/vendors/${vendorId}/approve`, undefined, { token: admin.accessToken });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'approved' });
    expect(
      (await t.api.post(`/v1/admin/vendors/${vendorId}/approve`, undefined, { token: admin.accessToken })).status,
    ).toBe(409);
    // Identity adds the Cognito group on vendor.staff_added; the next token carries it.
    const roles = await eventually('the clinic_admin group', async () => {
      applicant = await signInAgain(t.api, applicant);
      const me = await t.api.get<{ roles: string[] }>('/v1/me', { token: applicant.accessToken });
      return me.body.roles.includes('clinic_admin') ? me.body.roles : undefined;
    });
    expect(roles).toContain('clinic_admin');
    const mine = await t.api.get<{ items: { vendorId: string; role: string }[] }>('/v1/me/vendors', {
      token: applicant.accessToken,
    });
    expect(mine.body.items).toContainEqual(expect.objectContaining({ vendorId, role: 'clinic_admin' }));
    const history = await t.api.get<{ items: { action: string; by: string; to: string }[] }>(
      `/v1/vendors/${vendorId}/history`,
      { token: applicant.accessToken },
    );
    expect(history.body.items.map((entry) => entry.action)).toEqual(['applied', 'submitted', 'approved']);
    expect(history.body.items[2]).toMatchObject({ by: admin.userId, to: 'approved' });
  });

  it('lets the new admin manage services and opening hours', async () => {
    const added = await t.api.post<{ serviceId: string; version: number }>(
      `/v1/vendors/${vendorId}/services`,
      {
        name: 'Vaksinasi Rabies',
        category: 'vaccination',
        species: ['dog', 'cat'],
        durationMin: 30,
        price: { amount: 150000, currency: 'IDR' },
        capacity: 2,
        bufferMin: 10,
        prepay: true,
      },
      { token: applicant.accessToken },
    );
    expect(added.status).toBe(201);
    serviceId = added.body.serviceId;
    const stale = await t.api.patch(
      `/v1/vendors/${vendorId}/services/${serviceId}`,
      { durationMin: 45 },
      { token: applicant.accessToken, headers: { 'if-match': '"7"' } },
    );
    expect(stale.status).toBe(409);
    const changed = await t.api.patch(
      `/v1/vendors/${vendorId}/services/${serviceId}`,
      { price: { amount: 175000, currency: 'IDR' } },
      { token: applicant.accessToken, headers: { 'if-match': '"1"' } },
    );
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ price: { amount: 175000, currency: 'IDR' }, version: 2 });
    const schedule = await t.api.put(
      `/v1/vendors/${vendorId}/schedule`,
      {
        timeZone: 'Asia/Jakarta',
        weekly: weekdays('08:00', '20:00'),
        exceptions: [{ date: '2026-12-25', closed: true }],
      },
      { token: applicant.accessToken },
    );
    expect(schedule.status).toBe(200);
    const overlapping = await t.api.put(
      `/v1/vendors/${vendorId}/schedule`,
      {
        timeZone: 'Asia/Jakarta',
        weekly: {
          ...weekdays('08:00', '20:00'),
          mon: [
            { open: '08:00', close: '12:00' },
            { open: '11:00', close: '15:00' },
          ],
        },
        exceptions: [],
      },
      { token: applicant.accessToken },
    );
    expect(overlapping.status).toBe(400);
    const suggestions = await t.api.get<{ items: { date: string }[] }>(
      `/v1/vendors/${vendorId}/schedule/holidays?from=2026-12-01&to=2027-12-31`,
      { token: applicant.accessToken },
    );
    expect(suggestions.status).toBe(200);
    expect(suggestions.body.items.map((holiday) => holiday.date)).not.toContain('2026-12-25');
    expect(suggestions.body.items.length).toBeGreaterThan(5);
    const accepted = await t.api.post<{ exceptions: { date: string }[] }>(
      `/v1/vendors/${vendorId}/schedule/holidays`,
      { dates: [suggestions.body.items[0]!.date] },
      { token: applicant.accessToken },
    );
    expect(accepted.status).toBe(200);
    expect(accepted.body.exceptions.map((exception) => exception.date)).toContain(suggestions.body.items[0]!.date);
  });

  it('lists the approved clinic in search with its services, and shows its public profile', async () => {
    const found = await eventually('clinic in search', async () => {
      const response = await t.api.get<{
        items: { vendorId: string; distanceKm: number; services: { name: string }[] }[];
      }>(`/v1/clinics?q=${encodeURIComponent(uniqueName)}&lat=-6.2607&lon=106.8137`);
      const hit = response.body.items.find((item) => item.vendorId === vendorId);
      return hit?.services.length ? hit : undefined;
    });
    expect(found.distanceKm).toBe(0);
    expect(found.services[0]!.name).toBe('Vaksinasi Rabies');
    const profile = await t.api.get<{ schedule: { timeZone: string }; services: unknown[] }>(`/v1/clinics/${vendorId}`);
    expect(profile.status).toBe(200);
    expect(profile.body.schedule.timeZone).toBe('Asia/Jakarta');
    expect(profile.body.services).toHaveLength(1);
  });

  it('invites staff through the notification outbox; staff read but do not manage', async () => {
    const since = new Date().toISOString();
    const invited = await t.api.post<{ invitationId: string }>(
      `/v1/vendors/${vendorId}/staff`,
      { email: stranger.username, role: 'clinic_staff' },
      { token: applicant.accessToken },
    );
    expect(invited.status).toBe(201);
    const code = await waitForCode(t.api, stranger.username, since);
    const wrong = await t.api.post(
      `/v1/vendors/${vendorId}/invitations/${invited.body.invitationId}/accept`,
      { code: code === '000000' ? '111111' : '000000' },
      { token: stranger.accessToken },
    );
    expect(wrong.status).toBe(422);
    const accepted = await t.api.post(
      `/v1/vendors/${vendorId}/invitations/${invited.body.invitationId}/accept`,
      { code },
      { token: stranger.accessToken },
    );
    expect(accepted.status).toBe(200);
    expect((await t.api.get(`/v1/vendors/${vendorId}`, { token: stranger.accessToken })).status).toBe(200);
    expect((await t.api.get(`/v1/vendors/${vendorId}/services`, { token: stranger.accessToken })).status).toBe(200);
    expect(
      (
        await t.api.post(
          `/v1/vendors/${vendorId}/services`,
          {
            name: 'Grooming',
            category: 'grooming',
            species: ['cat'],
            durationMin: 60,
            price: { amount: 100000, currency: 'IDR' },
          },
          { token: stranger.accessToken },
        )
      ).status,
    ).toBe(403);
    expect((await t.api.get(`/v1/vendors/${vendorId}/staff`, { token: stranger.accessToken })).status).toBe(403);
    // The coarse role for the dashboards: identity adds the clinic_staff group on vendor.staff_added.
    const staffRoles = await eventually('the clinic_staff group', async () => {
      const fresh = await signInAgain(t.api, stranger);
      const me = await t.api.get<{ roles: string[] }>('/v1/me', { token: fresh.accessToken });
      return me.body.roles.includes('clinic_staff') ? me.body.roles : undefined;
    });
    expect(staffRoles).toEqual(expect.arrayContaining(['customer', 'clinic_staff']));
  });

  it('binds an invitation to its invitee: another customer holding the code gets 404; guessing locks it and is limited per account', async () => {
    const [invitee, other] = await Promise.all([
      signedUpUser(t.api, { name: 'Citra Lestari' }),
      signedUpUser(t.api, { name: 'Dodi Pratama' }),
    ]);
    const since = new Date().toISOString();
    const invited = await t.api.post<{ invitationId: string }>(
      `/v1/vendors/${vendorId}/staff`,
      { email: invitee.username, role: 'clinic_staff' },
      { token: applicant.accessToken },
    );
    expect(invited.status).toBe(201);
    const accept = `/v1/vendors/${vendorId}/invitations/${invited.body.invitationId}/accept`;
    const code = await waitForCode(t.api, invitee.username, since);
    const wrongCode = code === '000000' ? '111111' : '000000';
    const en = { 'accept-language': 'en' };

    // D, with the code from C's message: the same answer as for an invitation that does not exist.
    const stolen = await t.api.post(accept, { code }, { token: other.accessToken, headers: en });
    expect(stolen.status).toBe(404);
    expect(stolen.body).toMatchObject({ type: 'https://petpro.id/problems/invitation-not-found' });
    const unknown = await t.api.post(
      `/v1/vendors/${vendorId}/invitations/${newId()}/accept`,
      { code },
      { token: other.accessToken, headers: en },
    );
    expect({ ...(unknown.body as object), instance: null }).toEqual({ ...(stolen.body as object), instance: null });
    expect((await t.api.get(`/v1/vendors/${vendorId}`, { token: other.accessToken })).status).toBe(404);
    const mine = await t.api.get<{ items: unknown[] }>('/v1/me/vendors', { token: other.accessToken });
    expect(mine.body.items).toEqual([]);

    // C guesses: 4 wrong codes are 422 with what is left, the 5th locks it, and then even the right code is refused.
    for (const left of [4, 3, 2, 1]) {
      const wrong = await t.api.post(accept, { code: wrongCode }, { token: invitee.accessToken, headers: en });
      expect(wrong.status).toBe(422);
      expect(wrong.body).toMatchObject({ type: 'https://petpro.id/problems/invitation-invalid', attemptsLeft: left });
    }
    const locking = await t.api.post(accept, { code: wrongCode }, { token: invitee.accessToken, headers: en });
    expect(locking.status).toBe(409);
    expect(locking.body).toMatchObject({
      type: 'https://petpro.id/problems/invitation-locked',
      state: 'locked',
      status: 409,
    });
    const tooLate = await t.api.post(
      accept,
      { code },
      { token: invitee.accessToken, headers: { 'accept-language': 'id' } },
    );
    expect(tooLate.status).toBe(409);
    expect(tooLate.body).toMatchObject({
      state: 'locked',
      detail:
        'Terlalu banyak kode salah dimasukkan, sehingga undangan ini dikunci. Minta klinik untuk mengundang Anda lagi.',
    });
    const staff = await t.api.get<{ invitations: { invitationId: string; state: string }[] }>(
      `/v1/vendors/${vendorId}/staff`,
      { token: applicant.accessToken },
    );
    expect(staff.body.invitations).toContainEqual(
      expect.objectContaining({ invitationId: invited.body.invitationId, state: 'locked' }),
    );

    // The clinic invites again; C joins with the new code.
    const again = new Date().toISOString();
    const reinvited = await t.api.post<{ invitationId: string }>(
      `/v1/vendors/${vendorId}/staff`,
      { email: invitee.username, role: 'clinic_staff' },
      { token: applicant.accessToken },
    );
    const newCode = await waitForCode(t.api, invitee.username, again);
    const joined = await t.api.post(
      `/v1/vendors/${vendorId}/invitations/${reinvited.body.invitationId}/accept`,
      { code: newCode },
      { token: invitee.accessToken },
    );
    expect(joined.status).toBe(200);
    expect((await t.api.get(`/v1/vendors/${vendorId}`, { token: invitee.accessToken })).status).toBe(200);

    // D keeps trying: 10 attempts an hour per account (two made above), then 429.
    const statuses: number[] = [];
    for (let i = 0; i < 10; i += 1)
      statuses.push((await t.api.post(accept, { code: wrongCode }, { token: other.accessToken })).status);
    expect(statuses).toEqual([404, 404, 404, 404, 404, 404, 404, 404, 429, 429]);
    const limited = await t.api.post(accept, { code }, { token: other.accessToken, headers: en });
    expect(limited.body).toMatchObject({ type: 'https://petpro.id/problems/invitation-attempts', status: 429 });
    expect((limited.body as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThan(0);
    expect((limited.body as { retryAfterSeconds: number }).retryAfterSeconds).toBeLessThanOrEqual(3600);
  });

  it('keeps the last admin, and removes staff', async () => {
    const self = await t.api.delete(`/v1/vendors/${vendorId}/staff/${applicant.userId}`, {
      token: applicant.accessToken,
    });
    expect(self.status).toBe(422);
    expect(self.body).toMatchObject({ type: 'https://petpro.id/problems/last-admin' });
    expect(
      (await t.api.delete(`/v1/vendors/${vendorId}/staff/${stranger.userId}`, { token: applicant.accessToken })).status,
    ).toBe(204);
    expect((await t.api.get(`/v1/vendors/${vendorId}`, { token: stranger.accessToken })).status).toBe(404);
  });

  it('never lets two admins remove each other at once: one admin always stays', async () => {
    let second = await signedUpUser(t.api, { name: 'Admin Kedua' });
    const since = new Date().toISOString();
    const invited = await t.api.post<{ invitationId: string }>(
      `/v1/vendors/${vendorId}/staff`,
      { email: second.username, role: 'clinic_admin' },
      { token: applicant.accessToken },
    );
    const code = await waitForCode(t.api, second.username, since);
    expect(
      (
        await t.api.post(
          `/v1/vendors/${vendorId}/invitations/${invited.body.invitationId}/accept`,
          { code },
          { token: second.accessToken },
        )
      ).status,
    ).toBe(200);
    second = await signInAgain(t.api, second);
    const [first, other] = await Promise.all([
      t.api.delete(`/v1/vendors/${vendorId}/staff/${second.userId}`, { token: applicant.accessToken }),
      t.api.delete(`/v1/vendors/${vendorId}/staff/${applicant.userId}`, { token: second.accessToken }),
    ]);
    const statuses = [first.status, other.status];
    expect(statuses.filter((status) => status === 204)).toHaveLength(1);
    // The loser either found itself removed already (404) or was the last admin by then (422).
    expect(statuses.find((status) => status !== 204)).toBeOneOf([404, 422]);
    const survivor = first.status === 204 ? applicant : second;
    const staff = await t.api.get<{ members: { userId: string; role: string }[] }>(`/v1/vendors/${vendorId}/staff`, {
      token: survivor.accessToken,
    });
    expect(
      staff.body.members.filter((member) => member.role === 'clinic_admin').map((member) => member.userId),
    ).toEqual([survivor.userId]);
    if (survivor === second) {
      // Put the applicant back for the tests that follow.
      const again = new Date().toISOString();
      const reinvite = await t.api.post<{ invitationId: string }>(
        `/v1/vendors/${vendorId}/staff`,
        { email: applicant.username, role: 'clinic_admin' },
        { token: second.accessToken },
      );
      const reinviteCode = await waitForCode(t.api, applicant.username, again);
      await t.api.post(
        `/v1/vendors/${vendorId}/invitations/${reinvite.body.invitationId}/accept`,
        { code: reinviteCode },
        { token: applicant.accessToken },
      );
    }
  });

  it('gives the admin of another vendor nothing on this one (404 everywhere)', async () => {
    otherVendorId = await approvedVendor(t, otherVendorAdmin, admin, `Pawfect Grooming ${Date.now().toString(36)}`);
    const token = otherVendorAdmin.accessToken;
    const calls: [string, string, unknown?][] = [
      ['GET', `/v1/vendors/${vendorId}`],
      ['PATCH', `/v1/vendors/${vendorId}`, { name: 'x' }],
      ['POST', `/v1/vendors/${vendorId}/submit`],
      ['GET', `/v1/vendors/${vendorId}/history`],
      [
        'POST',
        `/v1/vendors/${vendorId}/documents`,
        { type: 'nib', fileName: 'a.pdf', contentType: 'application/pdf', sizeBytes: 10 },
      ],
      ['GET', `/v1/vendors/${vendorId}/documents`],
      ['GET', `/v1/vendors/${vendorId}/staff`],
      ['POST', `/v1/vendors/${vendorId}/staff`, { email: 'x@example.id', role: 'clinic_staff' }],
      ['DELETE', `/v1/vendors/${vendorId}/staff/${applicant.userId}`],
      ['GET', `/v1/vendors/${vendorId}/services`],
      [
        'POST',
        `/v1/vendors/${vendorId}/services`,
        { name: 'x', category: 'grooming', species: ['cat'], durationMin: 30, price: { amount: 1, currency: 'IDR' } },
      ],
      ['PATCH', `/v1/vendors/${vendorId}/services/${serviceId}`, { durationMin: 40 }],
      ['DELETE', `/v1/vendors/${vendorId}/services/${serviceId}`],
      ['GET', `/v1/vendors/${vendorId}/schedule`],
      [
        'PUT',
        `/v1/vendors/${vendorId}/schedule`,
        { timeZone: 'Asia/Jakarta', weekly: weekdays('08:00', '09:00'), exceptions: [] },
      ],
      ['GET', `/v1/vendors/${vendorId}/schedule/holidays`],
      ['POST', `/v1/vendors/${vendorId}/schedule/holidays`, { dates: ['2026-12-25'] }],
    ];
    const member = await t.api.get<{ items: { vendorId: string }[] }>('/v1/me/vendors', { token });
    expect(member.body.items.map((item) => item.vendorId)).toEqual([otherVendorId]);
    for (const [method, path, body] of calls) {
      const response = await fetch(`${t.platform.url}${path}`, {
        method,
        headers: { 'authorization': `Bearer ${token}`, 'content-type': 'application/json' },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      expect([403, 404], `${method} ${path}`).toContain(response.status);
    }
  });

  it('keeps the rating current from review events, once per review', async () => {
    const review = domainEvent(
      'review.submitted',
      {
        reviewId: '01JREVIEW0000000000000000A',
        vendorId,
        authorId: stranger.userId,
        displayName: 'Orang Asing',
        rating: 4,
        comment: 'Dokternya ramah',
      },
      'test',
    );
    const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: t.platform.endpoints.dynamodb }));
    await documentClient.send(new PutCommand(outboxItem(review)));
    // The same review again (a redelivery upstream): counted once.
    await documentClient.send(new PutCommand(outboxItem({ ...review, id: newId() })));
    documentClient.destroy();
    await eventually('rating in search', async () => {
      const profile = await t.api.get<{ rating: number | null; reviewCount: number }>(`/v1/clinics/${vendorId}`);
      return profile.body.reviewCount === 1 ? profile.body : undefined;
    });
    await t.platform.eventsIdle();
    const profile = await t.api.get<{ rating: number; reviewCount: number }>(`/v1/clinics/${vendorId}`);
    expect(profile.body).toMatchObject({ rating: 4, reviewCount: 1 });
    const reviews = await t.api.get<{ items: { comment: string; authorName: string }[] }>(
      `/v1/vendors/${vendorId}/reviews`,
    );
    expect(reviews.body.items.map((item) => item.comment)).toEqual(['Dokternya ramah']);
    expect(reviews.body.items[0]!.authorName).toBe('Orang A.');
  });

  it('never shows a reviewer\'s account id: reviews stored, or still in flight, from before show "Pelanggan PetPro"', async () => {
    const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: t.platform.endpoints.dynamodb }));
    // An event of the old shape (authorName held the Cognito username, an id).
    await documentClient.send(
      new PutCommand(
        outboxItem({
          id: newId(),
          type: 'review.submitted',
          version: 1,
          source: 'petpro.booking',
          occurredAt: new Date().toISOString(),
          correlationId: 'test',
          data: {
            reviewId: '01JREVIEW0000000000000000B',
            vendorId,
            authorId: stranger.userId,
            authorName: stranger.userId,
            rating: 5,
            comment: 'Cepat',
          } as never,
        }),
      ),
    );
    // A review item as the old code stored it.
    await documentClient.send(
      new PutCommand({
        TableName: t.platform.env.TABLE_NAME,
        Item: {
          pk: `VENDOR#${vendorId}`,
          sk: 'REVIEW#01JREVIEW00000000000000000',
          _type: 'review',
          _v: 1,
          vendorId,
          reviewId: '01JREVIEW00000000000000000',
          authorId: stranger.userId,
          authorName: stranger.userId,
          bookingId: null,
          rating: 3,
          comment: 'Lama',
          createdAt: '2026-01-02T03:04:05.000Z',
        },
      }),
    );
    documentClient.destroy();
    const reviews = await eventually('the legacy review', async () => {
      const response = await t.api.get<{ items: { reviewId: string; authorName: string }[] }>(
        `/v1/vendors/${vendorId}/reviews`,
      );
      return response.body.items.length === 3 ? response : undefined;
    });
    expect(reviews.text).not.toContain(stranger.userId);
    expect(Object.fromEntries(reviews.body.items.map((item) => [item.reviewId, item.authorName]))).toEqual({
      '01JREVIEW0000000000000000A': 'Orang A.',
      '01JREVIEW0000000000000000B': 'Pelanggan PetPro',
      '01JREVIEW00000000000000000': 'Pelanggan PetPro',
    });
    const english = await t.api.get<{ items: { reviewId: string; authorName: string }[] }>(
      `/v1/vendors/${vendorId}/reviews`,
      { headers: { 'accept-language': 'en' } },
    );
    expect(english.body.items.find((item) => item.reviewId === '01JREVIEW00000000000000000')!.authorName).toBe(
      'PetPro customer',
    );
  });

  it('drops a suspended vendor from search after the event', async () => {
    const suspended = await t.api.post(
      `/v1/admin/vendors/${vendorId}/suspend`,
      { reason: 'Izin praktik kedaluwarsa' },
      { token: admin.accessToken },
    );
    expect(suspended.status).toBe(200);
    await eventually('gone from search', async () => {
      const response = await t.api.get<{ items: { vendorId: string }[] }>(
        `/v1/clinics?q=${encodeURIComponent(uniqueName)}`,
      );
      return response.body.items.some((item) => item.vendorId === vendorId) ? undefined : true;
    });
    expect((await t.api.get(`/v1/clinics/${vendorId}`)).status).toBe(404);
    const mine = await t.api.get<{ status: string; statusReason: string }>(`/v1/vendors/${vendorId}`, {
      token: applicant.accessToken,
    });
    expect(mine.body).toMatchObject({ status: 'suspended', statusReason: 'Izin praktik kedaluwarsa' });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootPlatform, signedUpUser, tableItems, withGroup, type TestPlatform, type TestUser } from './support.ts';

/** Every vendors and search route: bad input is a 400 problem+json naming the field, and nothing is written. */
let t: TestPlatform;
let owner: TestUser;
let admin: TestUser;
let vendorId = '';
let serviceId = '';

const weekly = { mon: [{ open: '08:00', close: '17:00' }], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };
const service = {
  name: 'Grooming Kucing',
  category: 'grooming',
  species: ['cat'],
  durationMin: 60,
  price: { amount: 120000, currency: 'IDR' },
};

beforeAll(async () => {
  t = await bootPlatform();
  owner = await signedUpUser(t.api, { name: 'Pemilik Toko' });
  admin = await withGroup(t, await signedUpUser(t.api, { name: 'Admin' }), 'platform_admin');
  const applied = await t.api.post<{ vendorId: string }>(
    '/v1/vendors',
    {
      name: 'Toko Hewan Uji',
      kind: 'shop',
      address: { line1: 'Jl. Dago No. 1', city: 'Bandung', province: 'Jawa Barat', postalCode: '40135' },
      lat: -6.88,
      lon: 107.61,
      phone: '+6281234500000',
      licenseNumbers: { nib: '9876543210123' },
    },
    { token: owner.accessToken },
  );
  vendorId = applied.body.vendorId;
  await t.api.post(
    `/v1/vendors/${vendorId}/documents`,
    { type: 'nib', fileName: 'nib.pdf', contentType: 'application/pdf', sizeBytes: 10 },
    { token: owner.accessToken },
  );
  await t.api.post(`/v1/vendors/${vendorId}/submit`, undefined, { token: owner.accessToken });
  await t.api.post(`/v1/admin/vendors/${vendorId}/approve`, undefined, { token: admin.accessToken });
  serviceId = (
    await t.api.post<{ serviceId: string }>(`/v1/vendors/${vendorId}/services`, service, { token: owner.accessToken })
  ).body.serviceId;
  await t.platform.eventsIdle();
});
afterAll(async () => {
  await t?.stop();
});

describe('bad input on vendors and search routes', () => {
  const o = () => ({ token: owner.accessToken });
  const a = () => ({ token: admin.accessToken });
  const v = () => `/v1/vendors/${vendorId}`;
  const cases: [string, () => Promise<{ status: number; headers: Headers; body: unknown }>, string?][] = [
    ['apply: unknown kind', () => t.api.post('/v1/vendors', { name: 'X', kind: 'zoo' }, o()), 'body.kind'],
    [
      'apply: coordinates outside Indonesia',
      () =>
        t.api.post(
          '/v1/vendors',
          {
            name: 'X',
            kind: 'shop',
            address: { line1: 'A', city: 'B', province: 'C', postalCode: '12345' },
            lat: 48.85,
            lon: 2.35,
            phone: '+6281234500000',
            licenseNumbers: { nib: '9876543210123' },
          },
          o(),
        ),
      'body.lat',
    ],
    [
      'apply: NIB of 5 digits',
      () => t.api.post('/v1/vendors', { name: 'X', kind: 'shop', licenseNumbers: { nib: '12345' } }, o()),
      'body.licenseNumbers.nib',
    ],
    ['my vendors: bad fields list', () => t.api.get('/v1/me/vendors?fields=a,,b!', o()), 'query.fields'],
    ['get vendor: bad id', () => t.api.get('/v1/vendors/not-an-id', o()), 'params.vendorId'],
    ['update vendor: unknown field', () => t.api.patch(v(), { status: 'approved' }, o()), 'body'],
    ['update vendor: lat without lon', () => t.api.patch(v(), { lat: -6.9 }, o()), 'body.lat'],
    ['submit: a body where none is taken', () => t.api.post(`${v()}/submit`, { force: true }, o()), 'body'],
    ['history: bad limit', () => t.api.get(`${v()}/history?limit=0`, o()), 'query.limit'],
    [
      'document: unknown type',
      () =>
        t.api.post(
          `${v()}/documents`,
          { type: 'passport', fileName: 'a.pdf', contentType: 'application/pdf', sizeBytes: 10 },
          o(),
        ),
      'body.type',
    ],
    [
      'document: negative size',
      () =>
        t.api.post(
          `${v()}/documents`,
          { type: 'nib', fileName: 'a.pdf', contentType: 'application/pdf', sizeBytes: -1 },
          o(),
        ),
      'body.sizeBytes',
    ],
    ['documents: bad id', () => t.api.get('/v1/vendors/xyz/documents', o()), 'params.vendorId'],
    ['review queue: unknown status', () => t.api.get('/v1/admin/vendors?status=pending', a()), 'query.status'],
    ['approve: bad id', () => t.api.post('/v1/admin/vendors/abc/approve', undefined, a()), 'params.vendorId'],
    ['reject: no reason', () => t.api.post(`/v1/admin/vendors/${vendorId}/reject`, {}, a()), 'body.reason'],
    [
      'suspend: blank reason',
      () => t.api.post(`/v1/admin/vendors/${vendorId}/suspend`, { reason: '   ' }, a()),
      'body.reason',
    ],
    ['staff: bad id', () => t.api.get('/v1/vendors/1/staff', o()), 'params.vendorId'],
    [
      'invite: both email and phone',
      () => t.api.post(`${v()}/staff`, { email: 'a@example.id', phone: '+6281234500001', role: 'clinic_staff' }, o()),
      'body.email',
    ],
    [
      'invite: unknown role',
      () => t.api.post(`${v()}/staff`, { email: 'a@example.id', role: 'owner' }, o()),
      'body.role',
    ],
    [
      'accept: code with letters',
      () => t.api.post(`${v()}/invitations/01JINVITATION0000000000000/accept`, { code: 'abcdef' }, o()),
      'body.code',
    ],
    ['remove staff: bad user id', () => t.api.delete(`${v()}/staff/a%20b`, o()), 'params.userId'],
    ['services: bad id', () => t.api.get('/v1/vendors/zz/services', o()), 'params.vendorId'],
    [
      'add service: negative price',
      () => t.api.post(`${v()}/services`, { ...service, price: { amount: -5, currency: 'IDR' } }, o()),
      'body.price.amount',
    ],
    [
      'add service: price in dollars',
      () => t.api.post(`${v()}/services`, { ...service, price: { amount: 5, currency: 'USD' } }, o()),
      'body.price.currency',
    ],
    [
      'add service: unknown species',
      () => t.api.post(`${v()}/services`, { ...service, species: ['unicorn'] }, o()),
      'body.species',
    ],
    [
      'update service: unknown field',
      () => t.api.patch(`${v()}/services/${serviceId}`, { vendorId: 'x' }, o()),
      'body',
    ],
    ['update service: empty patch', () => t.api.patch(`${v()}/services/${serviceId}`, {}, o()), 'body'],
    ['delete service: bad id', () => t.api.delete(`${v()}/services/nope`, o()), 'params.serviceId'],
    ['schedule: bad id', () => t.api.get('/v1/vendors/q/schedule', o()), 'params.vendorId'],
    [
      'put schedule: 25:00',
      () =>
        t.api.put(
          `${v()}/schedule`,
          { timeZone: 'Asia/Jakarta', weekly: { ...weekly, mon: [{ open: '08:00', close: '25:00' }] }, exceptions: [] },
          o(),
        ),
      'body.weekly.mon',
    ],
    [
      'put schedule: closing before opening',
      () =>
        t.api.put(
          `${v()}/schedule`,
          { timeZone: 'Asia/Jakarta', weekly: { ...weekly, mon: [{ open: '17:00', close: '08:00' }] }, exceptions: [] },
          o(),
        ),
      'body.weekly.mon',
    ],
    [
      'put schedule: unknown time zone',
      () => t.api.put(`${v()}/schedule`, { timeZone: 'Asia/Tokyo', weekly, exceptions: [] }, o()),
      'body.timeZone',
    ],
    [
      'put schedule: the same date twice',
      () =>
        t.api.put(
          `${v()}/schedule`,
          {
            timeZone: 'Asia/Jakarta',
            weekly,
            exceptions: [
              { date: '2026-12-25', closed: true },
              { date: '2026-12-25', closed: true },
            ],
          },
          o(),
        ),
      'body.exceptions',
    ],
    ['holidays: bad date', () => t.api.get(`${v()}/schedule/holidays?from=tomorrow`, o()), 'query.from'],
    [
      'accept holidays: not a holiday',
      () => t.api.post(`${v()}/schedule/holidays`, { dates: ['2026-03-03'] }, o()),
      'body.dates',
    ],
    ['reviews: bad limit', () => t.api.get(`${v()}/reviews?limit=abc`), 'query.limit'],
    ['clinics: lat without lon', () => t.api.get('/v1/clinics?lat=-6.2'), 'query.lat'],
    ['clinics: radius without a point', () => t.api.get('/v1/clinics?radiusKm=5'), 'query.radiusKm'],
    ['clinics: distance sort without a point', () => t.api.get('/v1/clinics?sort=distance'), 'query.sort'],
    ['clinics: minRating 9', () => t.api.get('/v1/clinics?minRating=9'), 'query.minRating'],
    ['clinics: openNow=maybe', () => t.api.get('/v1/clinics?openNow=maybe'), 'query.openNow'],
    ['clinics: unknown service', () => t.api.get('/v1/clinics?service=massage'), 'query.service'],
    ['clinics: forged cursor', () => t.api.get('/v1/clinics?cursor=bm90LWEtY3Vyc29y'), 'query.cursor'],
    ['clinic: bad id', () => t.api.get('/v1/clinics/not-an-id'), 'params.vendorId'],
    ['products: minPrice above maxPrice', () => t.api.get('/v1/products?minPrice=500&maxPrice=100'), 'query.minPrice'],
    ['products: unknown category', () => t.api.get('/v1/products?category=cars'), 'query.category'],
    ['product: bad id', () => t.api.get('/v1/products/123'), 'params.productId'],
    ['reindex: a body where none is taken', () => t.api.post('/v1/admin/search/reindex', { all: true }, a()), 'body'],
  ];

  it.each(cases)('%s → 400 problem+json, nothing written', async (_name, send, path) => {
    const before = await tableItems(t.platform);
    const response = await send();
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    const problem = response.body as { status: number; errors?: { path: string }[] };
    expect(problem.status).toBe(400);
    if (path) expect(problem.errors?.map((error) => error.path)).toContainEqual(expect.stringContaining(path));
    await t.platform.eventsIdle();
    const after = await tableItems(t.platform);
    if (JSON.stringify(after) !== JSON.stringify(before))
      console.log(
        JSON.stringify(
          after.filter((item) => !before.some((old) => JSON.stringify(old) === JSON.stringify(item))),
          null,
          1,
        ).slice(0, 3000),
      );
    expect(after).toEqual(before);
  });
});

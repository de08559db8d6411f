/**
 * The first call of every handler, "the way its route is really first used": the local platform
 * (local/platform.ts: DynamoDB Local, the Cognito server, S3, the messaging / Secrets Manager
 * stand-in, the event bus, Step Functions, the scheduler, the payment and shipping sandboxes) in a
 * temp folder, a small world made through the public API (a customer with a pet and an address, a
 * clinic with a schedule, policy and service, a shop with a product, a booking, a cart, a quote and
 * a checkout), and for each handler the event it gets in AWS:
 *
 * - routes: the API Gateway v2 event local/gateway.ts builds, with the JWT authorizer's claims of the
 *   right person (the customer, the vendor's admin, a platform admin) and a request a client sends
 *   (ids of the world; a valid body);
 * - subscriptions: the SQS message of a real event of its type (taken from the table's outbox);
 * - schedules: the EventBridge Scheduler event;
 * - saga tasks: the payload the saga's ASL gives it, for the world's booking or checkout;
 * - Cognito triggers: the trigger event Cognito sends in the custom-auth flow;
 * - the outbox forwarder: a stream record of a real outbox item.
 *
 * Search handlers run as deployed (SEARCH_ENGINE=opensearch) against a stand-in OpenSearch in this
 * process that answers every request with an empty result: the handler's side (query building,
 * SigV4 signing, HTTP, parsing) is real, the engine's work is not the handler's CPU anyway.
 *
 * What each first call was and what it answered is printed per handler (bench/run.ts).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { marshall } from '@aws-sdk/util-dynamodb';
import { ENV } from '#shared/config/env.ts';
import type { LoadedManifest } from '#shared/manifest/registry.ts';
import type { RouteSpec } from '#shared/manifest/types.ts';
import { newId } from '#shared/lib/ids.ts';
import { matchesPattern } from '../local/event-pattern.ts';
import { approvedVendor, bootPlatform, signedUpUser, signInAgain, tableItems, withGroup, type TestPlatform, type TestUser } from '../test/support.ts';

/** A handler's first call: the event (for sample `n`: some calls use up what they act on) and what it is, in words. */
export interface FirstCall {
  what: string;
  event: (sample: number) => unknown;
}

/** How many samples may use up a resource (deletes, cancels): one fresh resource each. */
export interface WorldOptions {
  samples: number;
}

interface World {
  platform: TestPlatform;
  admin: TestUser;
  owner: TestUser;
  customer: TestUser;
  invitee: TestUser;
  clinicId: string;
  shopId: string;
  serviceId: string;
  petId: string;
  addressId: string;
  recordId?: string;
  productId: string;
  bookingId: string;
  paymentId?: string;
  checkoutId: string;
  orderId: string;
  invitationId: string;
  /** One per sample, for calls that use them up. */
  pools: { pets: string[]; addresses: string[]; services: string[]; bookings: string[]; cartProducts: string[] };
  outbox: Record<string, unknown>[];
  env: Record<string, string>;
  stop(): Promise<void>;
}

const allDay = [{ open: '00:00', close: '24:00' }];
const OPEN_EVERY_DAY = { timeZone: 'Asia/Jakarta', weekly: { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay }, exceptions: [] };
const PET = { name: 'Mochi', species: 'cat', breed: 'Persia', sex: 'female', birthDate: '2022-03-14', weightKg: 3.8 };
const ADDRESS = {
  label: 'Rumah', recipientName: 'Sari Dewi', phone: '+6281298765432', line1: 'Jl. Kebon Jeruk No. 7', city: 'Jakarta Barat', province: 'DKI Jakarta',
  postalCode: '11530', lat: -6.1916, lon: 106.7703,
};
const SERVICE = { name: 'Konsultasi', category: 'vet_consultation', species: ['cat', 'dog'], durationMin: 30, bufferMin: 0, price: { amount: 90_000, currency: 'IDR' }, capacity: 3 };

function expect(what: string, response: { status: number; text?: string }, ...statuses: number[]): void {
  if (!statuses.includes(response.status)) throw new Error(`bench world: ${what} answered ${response.status} ${response.text?.slice(0, 300) ?? ''}`);
}

/** An OpenSearch stand-in: every search empty, every write acknowledged. */
async function startOpenSearchStandIn(): Promise<{ endpoint: string; server: Server }> {
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      const path = request.url ?? '/';
      const json = (status: number, body: unknown) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(body));
      };
      if (path.includes('_search')) return json(200, { took: 1, timed_out: false, hits: { total: { value: 0, relation: 'eq' }, max_score: null, hits: [] }, aggregations: {} });
      if (path.includes('_bulk')) return json(200, { took: 1, errors: false, items: [] });
      if (path.includes('_count')) return json(200, { count: 0 });
      if (request.method === 'GET' && path.includes('_doc')) return json(404, { found: false });
      if (request.method === 'HEAD') return json(200, {});
      return json(200, { acknowledged: true, result: 'updated', _shards: { total: 1, successful: 1, failed: 0 } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

/** The platform and the world every first call acts on. */
export async function buildWorld({ samples }: WorldOptions): Promise<World> {
  // The platform's own handlers (in this process) log errors only; the children log as deployed.
  process.env.POWERTOOLS_LOG_LEVEL = 'ERROR';
  const t = await bootPlatform();
  const search = await startOpenSearchStandIn();
  try {
    const { api } = t;
    const auth = (user: TestUser) => ({ token: user.accessToken });
    const [signedUpAdmin, signedUpOwner, customer, invitee] = await Promise.all([signedUpUser(api), signedUpUser(api), signedUpUser(api), signedUpUser(api)]);
    const admin = await withGroup(t, signedUpAdmin, 'platform_admin');
    let owner = signedUpOwner;
    const clinicId = await approvedVendor(t, owner, admin, 'Klinik Hewan Bench', 'clinic');
    const shopId = await approvedVendor(t, owner, admin, 'Toko Hewan Bench', 'shop');
    owner = await signInAgain(api, owner);
    expect('schedule', await api.put(`/v1/vendors/${clinicId}/schedule`, OPEN_EVERY_DAY, auth(owner)), 200);
    expect('policy', await api.put(`/v1/vendors/${clinicId}/booking-policy`, { leadTimeMin: 60, horizonDays: 60, cancelCutoffHours: 1 }, auth(owner)), 200);
    const services: string[] = [];
    for (let i = 0; i <= samples; i += 1) {
      const added = await api.post<{ serviceId: string }>(`/v1/vendors/${clinicId}/services`, { ...SERVICE, name: `Konsultasi ${i + 1}` }, auth(owner));
      expect('service', added, 201);
      services.push(added.body.serviceId);
    }
    const pets: string[] = [];
    const addresses: string[] = [];
    for (let i = 0; i <= samples; i += 1) {
      const pet = await api.post<{ petId: string }>('/v1/me/pets', { ...PET, name: `Mochi ${i + 1}` }, auth(customer));
      expect('pet', pet, 201);
      pets.push(pet.body.petId);
      const address = await api.post<{ addressId: string }>('/v1/me/addresses', ADDRESS, auth(customer));
      expect('address', address, 201);
      addresses.push(address.body.addressId);
    }
    const [petId, addressId, serviceId] = [pets.shift()!, addresses.shift()!, services.shift()!];
    const record = await api.post<{ recordId: string }>(`/v1/me/pets/${petId}/records`, { type: 'vaccination', title: 'Vaksin F3', date: '2026-01-10', notes: 'Tahunan' }, auth(customer));
    const recordId = record.status === 201 ? record.body.recordId : undefined;

    const product = await api.post<{ productId: string }>(`/v1/vendors/${shopId}/products`, {
      name: 'Royal Canin Kitten 2 kg', description: { id: 'Makanan anak kucing', en: null }, category: 'food', subcategory: 'cat_food',
      price: { amount: 250_000, currency: 'IDR' }, weightGrams: 2_000, sku: `SKU-${newId().slice(-8)}`, initialStock: 100,
    }, auth(owner));
    expect('product', product, 201);
    const productId = product.body.productId;
    const cartProducts: string[] = [];
    for (let i = 0; i <= samples; i += 1) {
      const extra = await api.post<{ productId: string }>(`/v1/vendors/${shopId}/products`, {
        name: `Pasir Kucing ${i + 1}`, description: { id: 'Pasir kucing wangi', en: null }, category: 'food', subcategory: 'cat_food',
        price: { amount: 85_000, currency: 'IDR' }, weightGrams: 1_000, sku: `SKU-${newId().slice(-8)}`, initialStock: 100,
      }, auth(owner));
      expect('product', extra, 201);
      cartProducts.push(extra.body.productId);
    }
    await t.platform.eventsIdle(60_000);

    // A booking a day ahead, and one per sample for the calls that use one up.
    const from = new Date(Date.now() + 2 * 86_400_000);
    const slots = await api.get<{ items: { start: string }[] }>(`/v1/clinics/${clinicId}/services/${serviceId}/slots?from=${from.toISOString()}&to=${new Date(from.getTime() + 12 * 3_600_000).toISOString()}`);
    expect('slots', slots, 200);
    const bookings: string[] = [];
    for (let i = 0; i <= samples + 1; i += 1) {
      const booked = await api.post<{ bookingId: string }>('/v1/bookings', { vendorId: clinicId, serviceId, petId, start: slots.body.items[i]!.start }, { ...auth(customer), headers: { 'Idempotency-Key': randomUUID() } });
      expect('booking', booked, 201);
      bookings.push(booked.body.bookingId);
    }
    const bookingId = bookings.shift()!;

    expect('cart', await api.put(`/v1/me/cart/items/${productId}`, { quantity: 1 }, auth(customer)), 200);
    const shipping = { [shopId]: 'jne:reg' };
    expect('quote', await api.post('/v1/checkout/quote', { addressId, shipping }, auth(customer)), 200);
    const checkout = await api.post<{ checkoutId: string; orders: { orderId: string }[]; payment: { paymentId: string } | null }>(
      '/v1/checkout', { addressId, shipping }, { ...auth(customer), headers: { 'Idempotency-Key': randomUUID() } });
    expect('checkout', checkout, 201);
    const invited = await api.post<{ invitationId: string }>(`/v1/vendors/${clinicId}/staff`, { email: invitee.username, role: 'clinic_staff' }, auth(owner));
    expect('invitation', invited, 201);
    // The sagas have started their payments by now; the outbox holds an event of most types.
    await t.platform.eventsIdle(60_000);
    const items = await tableItems(t.platform);
    const payment = items.find((item) => typeof item.pk === 'string' && item.pk.startsWith('PAYMENT#') && item.paymentId);

    const env: Record<string, string> = { ...t.platform.env, [ENV.searchEngine]: 'opensearch', [ENV.searchEndpoint]: search.endpoint };
    // Deployed functions log at Powertools' default level (the platform's quiet setting is for tests).
    delete env.POWERTOOLS_LOG_LEVEL;
    return {
      platform: t, admin, owner, customer, invitee, clinicId, shopId, serviceId, petId, addressId, ...(recordId ? { recordId } : {}), productId, bookingId,
      ...(payment ? { paymentId: String(payment.paymentId) } : {}),
      checkoutId: checkout.body.checkoutId, orderId: checkout.body.orders[0]!.orderId, invitationId: invited.body.invitationId,
      pools: { pets, addresses, services, bookings, cartProducts },
      outbox: items.filter((item) => typeof item.pk === 'string' && item.pk.startsWith('OUTBOX#')),
      env,
      async stop() {
        search.server.close();
        await t.stop();
      },
    };
  } catch (error) {
    search.server.close();
    await t.stop();
    throw error;
  }
}

// ---------------------------------------------------------------- events

/** The JWT payload of an access token, as API Gateway's JWT authorizer passes it (strings; arrays as "[a b]"). */
function claimsOf(user: TestUser): Record<string, string> {
  const payload = JSON.parse(Buffer.from(user.accessToken.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
  return Object.fromEntries(Object.entries(payload).map(([key, value]) => [key, Array.isArray(value) ? `[${value.join(' ')}]` : String(value)]));
}

interface HttpRequest {
  user?: TestUser;
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
  headers?: Record<string, string>;
}

/** The API Gateway v2 event local/gateway.ts builds for this request. */
export function httpEvent(spec: Pick<RouteSpec, 'method' | 'path' | 'auth'>, request: HttpRequest): unknown {
  const params = request.params ?? {};
  const path = spec.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? ''));
  const query = new URLSearchParams(request.query ?? {});
  const body = request.body === undefined ? undefined : JSON.stringify(request.body);
  const headers: Record<string, string> = {
    host: 'api.petpro.id', 'user-agent': 'PetPro/1.0 (Android 14)', accept: 'application/json', 'accept-language': 'id',
    ...(body === undefined ? {} : { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) }),
    ...(spec.auth === 'user' && request.user ? { authorization: `Bearer ${request.user.accessToken}` } : {}),
    ...request.headers,
  };
  const routeKey = `${spec.method} ${spec.path}`;
  const pathParameters = Object.fromEntries([...spec.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => [name!, params[name!] ?? '']));
  return {
    version: '2.0',
    routeKey,
    rawPath: path,
    rawQueryString: query.toString(),
    headers,
    ...(query.size ? { queryStringParameters: Object.fromEntries(query) } : {}),
    ...(Object.keys(pathParameters).length ? { pathParameters } : {}),
    ...(body === undefined ? {} : { body }),
    isBase64Encoded: false,
    requestContext: {
      accountId: '000000000000', apiId: 'petpro', domainName: 'api.petpro.id', domainPrefix: 'api',
      http: { method: spec.method, path, protocol: 'HTTP/1.1', sourceIp: '182.253.1.10', userAgent: headers['user-agent'] },
      requestId: randomUUID(), routeKey, stage: '$default', time: new Date().toUTCString(), timeEpoch: Date.now(),
      ...(spec.auth === 'user' && request.user ? { authorizer: { jwt: { claims: claimsOf(request.user), scopes: null } } } : {}),
    },
  };
}

function sqsEvent(queue: string, envelope: Record<string, unknown>): unknown {
  const now = Date.now();
  const body = JSON.stringify({
    version: '0', id: randomUUID(), 'detail-type': envelope.type, source: envelope.source, account: '000000000000', time: new Date().toISOString(),
    region: 'ap-southeast-3', resources: [], detail: envelope,
  });
  return {
    Records: [{
      messageId: randomUUID(), receiptHandle: randomUUID(), body,
      attributes: { ApproximateReceiveCount: '1', SentTimestamp: String(now), SenderId: 'AIDAEVENTBRIDGE', ApproximateFirstReceiveTimestamp: String(now) },
      messageAttributes: {}, md5OfBody: '', eventSource: 'aws:sqs', eventSourceARN: `arn:aws:sqs:ap-southeast-3:000000000000:${queue}`, awsRegion: 'ap-southeast-3',
    }],
  };
}

const scheduledEvent = () => ({
  version: '0', id: randomUUID(), 'detail-type': 'Scheduled Event', source: 'aws.scheduler', account: '000000000000', time: new Date().toISOString(),
  region: 'ap-southeast-3', resources: ['arn:aws:scheduler:ap-southeast-3:000000000000:schedule/default/petpro'], detail: {},
});

function cognitoTrigger(triggerSource: string, world: World, request: Record<string, unknown>, response: Record<string, unknown>): unknown {
  return {
    version: '1', triggerSource, region: 'ap-southeast-3', userPoolId: world.env[ENV.userPoolId] ?? 'ap-southeast-3_bench', userName: world.customer.userId,
    callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: world.env[ENV.userPoolClientId] ?? 'bench' },
    request: { userAttributes: { sub: world.customer.userId, email: world.customer.username, email_verified: 'true', 'cognito:user_status': 'CONFIRMED' }, ...request },
    response,
  };
}

// ---------------------------------------------------------------- what each handler gets

type Who = 'customer' | 'owner' | 'admin' | 'invitee' | 'public';

interface RouteCall {
  who?: Who;
  params?: (world: World, sample: number) => Record<string, string>;
  query?: (world: World) => Record<string, string>;
  body?: (world: World, sample: number) => unknown;
  headers?: () => Record<string, string>;
}

const day = (daysAhead: number) => new Date(Date.now() + daysAhead * 86_400_000).toISOString().slice(0, 10);
const idempotent = () => ({ 'idempotency-key': randomUUID() });
const pick = <T>(pool: readonly T[], sample: number, fallback: T): T => pool[sample] ?? fallback;

/** Routes by `<domain>/<name>`: who calls, and what they send beyond the ids the path names (filled from the world by name). */
const ROUTES: Record<string, RouteCall> = {
  'booking/slots': { who: 'public', query: () => ({ from: `${day(2)}T00:00:00+07:00`, to: `${day(3)}T00:00:00+07:00` }) },
  'booking/createBooking': {
    body: (w, n) => ({ vendorId: w.clinicId, serviceId: w.serviceId, petId: w.petId, start: new Date(Math.ceil((Date.now() + (5 + n) * 86_400_000) / 1_800_000) * 1_800_000).toISOString() }),
    headers: idempotent,
  },
  'booking/myBookings': {},
  'booking/getBooking': {},
  'booking/cancelBooking': { params: (w, n) => ({ bookingId: pick(w.pools.bookings, n, w.bookingId) }), body: () => ({ reason: 'Kucing sakit' }) },
  'booking/rescheduleBooking': { body: (_w, n) => ({ start: new Date(Math.ceil((Date.now() + (9 + n) * 86_400_000) / 1_800_000) * 1_800_000).toISOString() }) },
  'booking/vendorBookings': { who: 'owner', query: () => ({ from: day(0), to: day(7) }) },
  'booking/checkIn': { who: 'owner' },
  'booking/completeBooking': { who: 'owner' },
  'booking/noShow': { who: 'owner' },
  'booking/reviewBooking': { body: () => ({ rating: 5, comment: 'Dokternya ramah' }) },
  'booking/bookingCalendar': {},
  'booking/vendorCalendarFeed': { who: 'public', query: () => ({ token: 'x'.repeat(43) }) },
  'booking/issueCalendarToken': { who: 'owner' },
  'booking/revokeCalendarToken': { who: 'owner' },
  'catalog/createProduct': {
    who: 'owner',
    body: () => ({
      name: 'Whiskas Tuna 1,2 kg', description: { id: 'Makanan kucing dewasa', en: null }, category: 'food', subcategory: 'cat_food',
      price: { amount: 65_000, currency: 'IDR' }, weightGrams: 1_200, sku: `SKU-${newId().slice(-8)}`, initialStock: 10,
    }),
  },
  'catalog/listProducts': { who: 'owner' },
  'catalog/getProduct': { who: 'owner' },
  'catalog/updateProduct': { who: 'owner', body: () => ({ price: { amount: 255_000, currency: 'IDR' } }) },
  'catalog/requestImageUpload': { who: 'owner', body: () => ({ fileName: 'kitten.jpg', contentType: 'image/jpeg', sizeBytes: 180_000 }) },
  'catalog/adjustStock': { who: 'owner', body: () => ({ change: 5, reason: 'restock' }), headers: idempotent },
  'catalog/stockHistory': { who: 'owner' },
  'identity/signUp': { who: 'public', body: () => ({ email: `baru.${newId().toLowerCase()}@example.id`, password: 'Rahasia2026', name: 'Pengguna Baru', locale: 'id' }) },
  'identity/confirm': { who: 'public', body: (w) => ({ username: w.invitee.username, code: '123456' }) },
  'identity/resendConfirmation': { who: 'public', body: (w) => ({ username: w.invitee.username }) },
  'identity/signIn': { who: 'public', body: (w) => ({ username: w.customer.username, password: w.customer.password }) },
  'identity/refresh': { who: 'public', body: (w) => ({ refreshToken: w.customer.refreshToken }) },
  'identity/signOut': { body: (w) => ({ refreshToken: w.invitee.refreshToken }) },
  'identity/startOtp': { who: 'public', body: (w) => ({ username: w.customer.username }) },
  'identity/verifyOtp': { who: 'public', body: (w) => ({ username: w.customer.username, session: 'x'.repeat(40), code: '123456' }) },
  'orders/getCart': {},
  'orders/setCartItem': { params: (w, n) => ({ productId: pick(w.pools.cartProducts, n, w.productId) }), body: () => ({ quantity: 2 }) },
  'orders/removeCartItem': {},
  'orders/quote': { body: (w) => ({ addressId: w.addressId, shipping: { [w.shopId]: 'jne:reg' } }) },
  'orders/checkout': { body: (w) => ({ addressId: w.addressId, shipping: { [w.shopId]: 'jne:reg' } }), headers: idempotent },
  'orders/getCheckout': {},
  'orders/myOrders': {},
  'orders/getOrder': {},
  'orders/vendorOrders': { who: 'owner' },
  'orders/cancelOrder': { body: () => ({ reason: 'Salah pesan' }) },
  'orders/trackOrder': {},
  'orders/shipOrder': { who: 'owner' },
  'payments/midtransWebhook': {
    who: 'public',
    body: () => ({
      transaction_time: new Date().toISOString().replace('T', ' ').slice(0, 19), transaction_status: 'settlement', transaction_id: randomUUID(),
      status_code: '200', signature_key: '0'.repeat(128), payment_type: 'qris', order_id: `PP-${newId()}`, merchant_id: 'G000000000', gross_amount: '90000.00',
      fraud_status: 'accept', currency: 'IDR',
    }),
  },
  'payments/xenditWebhook': {
    who: 'public',
    headers: () => ({ 'x-callback-token': 'not-the-token' }),
    body: () => ({ id: newId(), external_id: `PP-${newId()}`, status: 'PAID', amount: 90_000, paid_amount: 90_000, currency: 'IDR', payment_method: 'QRIS', paid_at: new Date().toISOString() }),
  },
  'payments/reconciliationReport': { who: 'admin', params: () => ({ date: day(-1) }) },
  'payments/getPayment': {},
  'payments/refundPayment': { who: 'admin', body: () => ({ amount: 10_000, reason: 'Goodwill' }), headers: idempotent },
  'payments/listRefundTasks': { who: 'admin' },
  'payments/completeRefundTask': { who: 'admin', body: () => ({ note: 'Transferred manually' }) },
  'platform/health': { who: 'public' },
  'platform/openapi': { who: 'public' },
  'platform/docs': { who: 'public' },
  'search/searchClinics': { who: 'public', query: () => ({ q: 'vaksin', species: 'cat', lat: '-6.2607', lon: '106.8137', radiusKm: '5', sort: 'distance' }) },
  'search/getClinic': { who: 'public' },
  'search/searchProducts': { who: 'public', query: () => ({ q: 'kitten', category: 'food' }) },
  'search/getProduct': { who: 'public' },
  'search/listCategories': { who: 'public' },
  'search/reindex': { who: 'admin' },
  'shipping/rates': { body: (w) => ({ originVendorId: w.shopId, destinationAddressId: w.addressId, weightGrams: 2_000 }) },
  'shipping/carrierWebhook': {
    who: 'public',
    params: () => ({ carrier: 'biteship' }),
    headers: () => ({ 'x-petpro-signature': 'not-the-secret' }),
    body: () => ({ event: 'order.status', order_id: newId(), courier_tracking_id: newId(), courier_waybill_id: 'JNE0000000000', status: 'picked', updated_at: new Date().toISOString() }),
  },
  'shipping/getShipment': { params: () => ({ shipmentId: newId() }) },
  'users/getMe': {},
  'users/updateMe': { body: () => ({ name: 'Sari Dewi Lestari' }) },
  'users/listAddresses': {},
  'users/addAddress': { body: () => ADDRESS },
  'users/updateAddress': { body: () => ({ line2: 'Blok B' }) },
  'users/deleteAddress': { params: (w, n) => ({ addressId: pick(w.pools.addresses, n, w.addressId) }) },
  'users/listPets': {},
  'users/addPet': { body: () => PET },
  'users/getPet': {},
  'users/updatePet': { body: () => ({ weightKg: 3.9 }) },
  'users/deletePet': { params: (w, n) => ({ petId: pick(w.pools.pets, n, w.petId) }) },
  'users/requestPetPhotoUpload': { body: () => ({ contentType: 'image/jpeg', sizeBytes: 240_000 }) },
  'users/listPetRecords': {},
  'users/addPetRecord': { body: () => ({ type: 'vaccination', title: 'Vaksin F3', date: '2026-01-10', notes: 'Tahunan' }) },
  'vendors/apply': {
    body: () => ({
      name: `Klinik Baru ${newId().slice(-6)}`, kind: 'clinic', description: 'Klinik hewan 24 jam', address: { line1: 'Jl. Kemang Raya No. 45', city: 'Jakarta', province: 'DKI Jakarta', postalCode: '12730' },
      lat: -6.2607, lon: 106.8137, phone: '+6281234567890', licenseNumbers: { nib: '1234567890123', sip: '503/1234/SIP-DH/2025' },
    }),
  },
  'vendors/myVendors': { who: 'owner' },
  'vendors/getVendor': { who: 'owner' },
  'vendors/updateVendor': { who: 'owner', body: () => ({ description: 'Klinik hewan 24 jam dengan dokter berpengalaman' }) },
  'vendors/submitVendor': { who: 'owner' },
  'vendors/vendorHistory': { who: 'owner' },
  'vendors/requestDocumentUpload': { who: 'owner', body: () => ({ type: 'nib', fileName: 'nib.pdf', contentType: 'application/pdf', sizeBytes: 120_000 }) },
  'vendors/listDocuments': { who: 'owner' },
  'vendors/reviewQueue': { who: 'admin' },
  'vendors/approveVendor': { who: 'admin' },
  'vendors/rejectVendor': { who: 'admin', body: () => ({ reason: 'Dokumen tidak lengkap' }) },
  'vendors/suspendVendor': { who: 'admin', body: () => ({ reason: 'Keluhan pelanggan' }) },
  'vendors/listStaff': { who: 'owner' },
  'vendors/inviteStaff': { who: 'owner', body: () => ({ email: `staf.${newId().toLowerCase()}@example.id`, role: 'clinic_staff' }) },
  'vendors/acceptInvitation': { who: 'invitee', body: () => ({ code: '123456' }) },
  'vendors/removeStaff': { who: 'owner', params: (w) => ({ userId: w.invitee.userId }) },
  'vendors/listServices': { who: 'owner' },
  'vendors/addService': { who: 'owner', body: () => ({ ...SERVICE, name: 'Grooming' }) },
  'vendors/updateService': { who: 'owner', body: () => ({ price: { amount: 95_000, currency: 'IDR' } }) },
  'vendors/deleteService': { who: 'owner', params: (w, n) => ({ serviceId: pick(w.pools.services, n, w.serviceId) }) },
  'vendors/getSchedule': { who: 'owner' },
  'vendors/putSchedule': { who: 'owner', body: () => OPEN_EVERY_DAY },
  'vendors/getBookingPolicy': { who: 'owner' },
  'vendors/putBookingPolicy': { who: 'owner', body: () => ({ leadTimeMin: 60, horizonDays: 60, cancelCutoffHours: 1 }) },
  'vendors/holidaySuggestions': { who: 'owner', query: () => ({ from: day(0), to: day(365) }) },
  'vendors/acceptHolidays': { who: 'owner', body: () => ({ dates: [day(200)] }) },
  'vendors/listReviews': { who: 'public' },
};

/** The world's id for a path parameter, by its name (vendor routes of catalog and orders are the shop's). */
function paramFor(world: World, domain: string, name: string): string {
  switch (name) {
    case 'vendorId': return domain === 'catalog' || domain === 'orders' ? world.shopId : world.clinicId;
    case 'serviceId': return world.serviceId;
    case 'bookingId': return world.bookingId;
    case 'petId': return world.petId;
    case 'addressId': return world.addressId;
    case 'productId': return world.productId;
    case 'orderId': return world.orderId;
    case 'checkoutId': return world.checkoutId;
    case 'paymentId': return world.paymentId ?? newId();
    case 'invitationId': return world.invitationId;
    case 'recordId': return world.recordId ?? newId();
    default: return newId();
  }
}

function personOf(world: World, who: Who): TestUser | undefined {
  return who === 'public' ? undefined : world[who];
}

/** Envelopes of the outbox by type, newest first. */
function envelopesOf(world: World, type: string): Record<string, unknown>[] {
  return world.outbox
    .map((item) => item.event as Record<string, unknown>)
    .filter((event) => event?.type === type)
    .sort((a, b) => String(b.occurredAt).localeCompare(String(a.occurredAt)));
}

function describeRoute(spec: RouteSpec, call: RouteCall, who: Who): string {
  const extras = [call.query ? 'query' : '', call.body ? 'body' : ''].filter(Boolean).join(' + ');
  return `${spec.method} ${spec.path}${extras ? ` (${extras})` : ''} as ${who}`;
}

/** The first call of every handler the manifests name, plus the outbox forwarder's; missing: no honest call known (init only). */
export function firstCalls(world: World, manifests: readonly LoadedManifest[]): Map<string, FirstCall> {
  const calls = new Map<string, FirstCall>();
  for (const { manifest } of manifests) {
    const domain = manifest.domain;
    for (const [name, spec] of Object.entries(manifest.routes)) {
      const call = ROUTES[`${domain}/${name}`] ?? {};
      const who: Who = call.who ?? (spec.auth === 'public' ? 'public' : 'customer');
      calls.set(`${domain}/${name}`, {
        what: describeRoute(spec, call, who),
        event: (sample) => {
          const defaults = Object.fromEntries([...spec.path.matchAll(/\{(\w+)\}/g)].map(([, param]) => [param!, paramFor(world, domain, param!)]));
          const user = personOf(world, who);
          return httpEvent(spec, {
            ...(user ? { user } : {}),
            params: { ...defaults, ...call.params?.(world, sample) },
            ...(call.query ? { query: call.query(world) } : {}),
            ...(call.body ? { body: call.body(world, sample) } : {}),
            ...(call.headers ? { headers: call.headers() } : {}),
          });
        },
      });
    }
    for (const [name, spec] of Object.entries(manifest.subscriptions ?? {})) {
      const queue = `petpro-${domain}-${name}`;
      const envelope = spec.events
        .flatMap((type) => envelopesOf(world, type))
        .find((candidate) => !spec.detail || matchesPattern({ detail: candidate }, { detail: spec.detail } as never));
      if (!envelope) continue;
      calls.set(`${domain}/${name}`, { what: `SQS message of a real ${String(envelope.type)} event`, event: () => sqsEvent(queue, envelope) });
    }
    for (const name of Object.keys(manifest.schedules ?? {})) {
      calls.set(`${domain}/${name}`, { what: 'EventBridge Scheduler event', event: () => scheduledEvent() });
    }
  }
  const correlationId = () => `bench-${randomUUID()}`;
  const booking = (extra: Record<string, unknown>) => () => ({ bookingId: world.bookingId, correlationId: correlationId(), ...extra });
  const checkout = (extra: Record<string, unknown>) => () => ({ checkoutId: world.checkoutId, correlationId: correlationId(), ...extra });
  const started = { paymentId: world.paymentId ?? newId(), redirectUrl: 'https://app.sandbox.midtrans.com/snap/v4/redirection/bench', expiresAt: new Date(Date.now() + 900_000).toISOString() };
  const tasks: Record<string, FirstCall> = {
    'booking/recordPayment': { what: 'saga RecordPayment payload for the booking', event: booking({ payment: started }) },
    'booking/confirm': { what: 'saga ConfirmWithoutPayment payload for the booking', event: booking({ paymentId: null }) },
    'booking/release': { what: 'saga Release payload for a booking (one per sample)', event: (n) => ({ bookingId: pick(world.pools.bookings, n, world.bookingId), reason: 'payment not completed in time', correlationId: correlationId() }) },
    'orders/recordPayment': { what: 'saga RecordPayment payload for the checkout', event: checkout({ payment: started }) },
    'orders/markPaid': { what: 'saga MarkPaid payload for the checkout', event: checkout({ paymentId: started.paymentId }) },
    'orders/release': { what: 'saga Release payload for the checkout', event: checkout({ reason: 'payment not completed in time' }) },
    'payments/startPayment': {
      what: 'saga StartPayment payload (Midtrans sandbox) for a new booking reference',
      event: () => ({
        reference: `booking:${newId()}`, provider: 'midtrans', payerId: world.customer.userId, vendorId: world.clinicId, vendorKind: 'clinic', amount: 90_000,
        expiresAt: new Date(Date.now() + 900_000).toISOString(), customer: { name: 'Sari Dewi', email: world.customer.username },
        items: [{ id: world.serviceId, name: 'Konsultasi', price: 90_000, quantity: 1 }], correlationId: correlationId(),
      }),
    },
    'payments/awaitPayment': { what: 'saga AwaitPayment payload for the checkout\'s payment', event: () => ({ reference: `order:${world.checkoutId}`, taskToken: `bench-${randomUUID()}`, correlationId: correlationId() }) },
    'payments/cancelPayment': { what: 'saga CancelPayment payload for the checkout\'s payment', event: () => ({ reference: `order:${world.checkoutId}`, correlationId: correlationId() }) },
  };
  for (const [id, call] of Object.entries(tasks)) calls.set(id, call);

  const challenge = { challengeName: 'CUSTOM_CHALLENGE', challengeResult: false, challengeMetadata: 'OTP' };
  calls.set('identity/defineAuthChallenge', {
    what: 'DefineAuthChallenge at the start of the custom-auth flow',
    event: () => cognitoTrigger('DefineAuthChallenge_Authentication', world, { session: [] }, { challengeName: '', issueTokens: false, failAuthentication: false }),
  });
  calls.set('identity/createAuthChallenge', {
    what: 'CreateAuthChallenge for the first OTP (sends the code)',
    event: () => cognitoTrigger('CreateAuthChallenge_Authentication', world, { challengeName: 'CUSTOM_CHALLENGE', session: [] }, { publicChallengeParameters: {}, privateChallengeParameters: {}, challengeMetadata: '' }),
  });
  calls.set('identity/verifyAuthChallenge', {
    what: 'VerifyAuthChallengeResponse with a wrong code',
    event: () => cognitoTrigger('VerifyAuthChallengeResponse_Authentication', world,
      { privateChallengeParameters: { codeHash: 'x'.repeat(64) }, challengeAnswer: '000000', session: [challenge] }, { answerCorrect: false }),
  });

  const outboxItem = world.outbox.find((item) => (item.event as { type?: string } | undefined)?.type === 'booking.held') ?? world.outbox[0];
  if (outboxItem) {
    calls.set('shared/outbox-forwarder', {
      what: `DynamoDB stream INSERT of a real outbox item (${String((outboxItem.event as { type?: string }).type)})`,
      event: () => ({
        Records: [{
          eventID: randomUUID(), eventName: 'INSERT', eventVersion: '1.1', eventSource: 'aws:dynamodb', awsRegion: 'ap-southeast-3',
          dynamodb: { ApproximateCreationDateTime: Math.floor(Date.now() / 1000), Keys: marshall({ pk: outboxItem.pk, sk: outboxItem.sk }), NewImage: marshall(outboxItem, { removeUndefinedValues: true }), SequenceNumber: String(Date.now()), SizeBytes: 512, StreamViewType: 'NEW_IMAGE' },
          eventSourceARN: 'arn:aws:dynamodb:ap-southeast-3:000000000000:table/petpro/stream/2026-01-01T00:00:00.000',
        }],
      }),
    });
  }
  return calls;
}

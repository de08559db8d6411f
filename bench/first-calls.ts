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
 *   the world lives on for that, each step on bookings and checkouts of its own, paid on the payment
 *   sandbox's page and shipped through the shipping sandbox as a customer, shop or courier would: a
 *   paid booking cancelled (refund due), one left to expire, a visit completed and reviewed, one paid
 *   by bank transfer (manual refund tasks), a paid order cancelled before shipping, one shipped and
 *   picked up, one the courier refused (the shop moved away and back), sign-in codes by SMS and WhatsApp;
 * - schedules: the EventBridge Scheduler event;
 * - saga tasks: the payload the saga's ASL gives it, for the world's booking or checkout;
 * - Cognito triggers: the trigger event Cognito sends in the custom-auth flow;
 * - the outbox forwarder: a stream record of a real outbox item.
 *
 * Search handlers run as deployed (SEARCH_ENGINE=opensearch) against a stand-in OpenSearch in this
 * process that answers every request with an empty result: the handler's side (query building,
 * SigV4 signing, HTTP, parsing) is real, the engine's work is not the handler's CPU anyway.
 *
 * Calls that use up what they act on get one per sample (`pools`); a few follow another handler's
 * call of the same sample, as ids sort (check-in → complete → review of a visit, accept an
 * invitation → remove that staff member, issue → revoke a calendar link → suspend that clinic,
 * reinstated the round after): run those together. The daily reconciliation job runs once in the
 * world, as its schedule would, so the report route has a report to read.
 *
 * What each first call was and what it answered is printed per handler (bench/run.ts).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { marshall } from '@aws-sdk/util-dynamodb';
import { ENV } from '#shared/config/env.ts';
import { handlerPath, type LoadedManifest } from '#shared/manifest/registry.ts';
import type { RouteSpec } from '#shared/manifest/types.ts';
import { newId } from '#shared/lib/ids.ts';
import { DOCS_ASSETS } from '../functions/platform/docs-page.ts';
import { matchesPattern } from '../local/event-pattern.ts';
import { invoke } from '../local/lambda.ts';
import {
  approvedVendor,
  bootPlatform,
  eventually,
  signedUpUser,
  signInAgain,
  tableItems,
  waitForCode,
  withGroup,
  type TestPlatform,
  type TestUser,
} from '../test/support.ts';

/** A handler's first call: the event (for sample `n`: some calls use up what they act on) and what it is, in words. */
export interface FirstCall {
  what: string;
  event: (sample: number) => unknown;
  /** What a client did just before (not measured): e.g. the quote a checkout needs, since other calls of the round change the cart. */
  prepare?: (sample: number) => Promise<void>;
}

/** How many samples may use up a resource (deletes, cancels): one fresh resource each. */
export interface WorldOptions {
  samples: number;
}

/** An invitation to the clinic's staff, with the code its invitee received. */
interface StaffInvitation {
  user: TestUser;
  invitationId: string;
  code: string;
}

interface World {
  platform: TestPlatform;
  admin: TestUser;
  owner: TestUser;
  customer: TestUser;
  clinicId: string;
  shopId: string;
  serviceId: string;
  petId: string;
  addressId: string;
  recordId: string;
  productId: string;
  bookingId: string;
  /** The world's checkout's payment (awaiting payment, as its saga opened it). */
  paymentId: string;
  checkoutId: string;
  orderId: string;
  /** A booking's payment made by bank transfer (VA): refunding it is a manual task for the admins. */
  paidPaymentId: string;
  /** The shipment of an order that was shipped and picked up. */
  shipmentId: string;
  /** The token of the clinic's calendar feed link. */
  calendarToken: string;
  /** The day of the reconciliation report the daily job stored. */
  reportDate: string;
  /** National holidays the clinic's schedule was offered and has not closed for (months ahead). */
  holidays: string[];
  /**
   * One per sample, for calls that use them up: visits (confirmed bookings to check in, complete and
   * review), clinics (approved, of the owner: calendar link issued and revoked, then suspended),
   * unconfirmed (sign-ups waiting for their code), sessions (the customer's refresh tokens on other
   * devices), invitations, refundTasks (open manual refunds), phones (accounts without a sign-in code yet).
   */
  pools: {
    pets: string[];
    addresses: string[];
    services: string[];
    bookings: string[];
    cartProducts: string[];
    visits: string[];
    clinics: string[];
    unconfirmed: string[];
    sessions: string[];
    invitations: StaffInvitation[];
    refundTasks: string[];
    phones: string[];
  };
  outbox: Record<string, unknown>[];
  /** Phone accounts with an open passwordless sign-in and the code they received (verifyOtp's). */
  signInCodes: SignInCodes;
  env: Record<string, string>;
  stop(): Promise<void>;
}

const allDay = [{ open: '00:00', close: '24:00' }];
const OPEN_EVERY_DAY = {
  timeZone: 'Asia/Jakarta',
  weekly: { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay },
  exceptions: [],
};
const PET = { name: 'Mochi', species: 'cat', breed: 'Persia', sex: 'female', birthDate: '2022-03-14', weightKg: 3.8 };
const ADDRESS = {
  label: 'Rumah',
  recipientName: 'Sari Dewi',
  phone: '+6281298765432',
  line1: 'Jl. Kebon Jeruk No. 7',
  city: 'Jakarta Barat',
  province: 'DKI Jakarta',
  postalCode: '11530',
  lat: -6.1916,
  lon: 106.7703,
};
const SERVICE = {
  name: 'Konsultasi',
  category: 'vet_consultation',
  species: ['cat', 'dog'],
  durationMin: 30,
  bufferMin: 0,
  price: { amount: 90_000, currency: 'IDR' },
  capacity: 3,
};

function expect(what: string, response: { status: number; text?: string }, ...statuses: number[]): void {
  if (!statuses.includes(response.status))
    throw new Error(`bench world: ${what} answered ${response.status} ${response.text?.slice(0, 300) ?? ''}`);
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
      if (path.includes('_search'))
        return json(200, {
          took: 1,
          timed_out: false,
          hits: { total: { value: 0, relation: 'eq' }, max_score: null, hits: [] },
          aggregations: {},
        });
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

/** A sign-in code a phone account received for its open session, each taken once. */
interface SignInCodes {
  take(): { phone: string; code: string } | undefined;
  stop(): void;
}

/** A sign-in session lasts 3 minutes and a new code may be asked once a minute: a phone asks again after this. */
const SIGN_IN_REFRESH_MS = 75_000;

/**
 * Phone accounts that keep a passwordless sign-in open with the code they received (POST
 * /v1/auth/otp/start, the code read from the SMS), asking again one at a time as their session ages,
 * until the code is taken to sign in. At most one waits for its new code at any moment: with two
 * left, one is ready. (A code startOtp's first call asks for arrives after verifyOtp's event is made.)
 */
async function keepSignInCodes(t: TestPlatform, phones: readonly string[]): Promise<SignInCodes> {
  const state = phones.map((phone) => ({ phone, askedAt: 0, taken: false }));
  const ask = async (entry: (typeof state)[number]) => {
    entry.askedAt = Date.now();
    expect('sign-in code', await t.api.post('/v1/auth/otp/start', { phone: entry.phone }), 202);
  };
  // Only a code sent after the last ask belongs to the open session.
  const codeOf = (entry: (typeof state)[number]) => {
    const message = t.platform.messages().find((candidate) => candidate.to === entry.phone);
    return message && Date.parse(message.sentAt) >= entry.askedAt ? /\b(\d{6})\b/.exec(message.body)?.[1] : undefined;
  };
  for (const entry of state) await ask(entry);
  await eventually('the sign-in codes', async () => (state.every((entry) => codeOf(entry)) ? true : undefined));
  let asking = false;
  const timer = setInterval(() => {
    const due = state.filter((entry) => !entry.taken).sort((a, b) => a.askedAt - b.askedAt)[0];
    if (asking || !due || Date.now() - due.askedAt < SIGN_IN_REFRESH_MS) return;
    asking = true;
    ask(due)
      .catch(() => undefined)
      .finally(() => {
        asking = false;
      });
  }, 5_000);
  timer.unref();
  return {
    take() {
      const ready = state.find(
        (entry) => !entry.taken && Date.now() - entry.askedAt < 2 * SIGN_IN_REFRESH_MS && codeOf(entry),
      );
      if (!ready) return undefined;
      ready.taken = true;
      return { phone: ready.phone, code: codeOf(ready)! };
    },
    stop: () => clearInterval(timer),
  };
}

/** The platform and the world every first call acts on. */
export async function buildWorld({ samples }: WorldOptions): Promise<World> {
  // The platform's own handlers (in this process) log errors only; the children log as deployed.
  process.env.POWERTOOLS_LOG_LEVEL = 'ERROR';
  const t = await bootPlatform();
  const search = await startOpenSearchStandIn();
  let signInCodes: SignInCodes | undefined;
  try {
    const { api } = t;
    const auth = (user: TestUser) => ({ token: user.accessToken });
    const keyed = (user: TestUser) => ({ ...auth(user), headers: { 'Idempotency-Key': randomUUID() } });
    /** One per sample, made in turn (some limits count what is open at once). */
    const eachSample = async <T>(make: (i: number) => Promise<T>): Promise<T[]> => {
      const made: T[] = [];
      for (let i = 0; i <= samples; i += 1) made.push(await make(i));
      return made;
    };
    const [signedUpAdmin, signedUpOwner, customer, ...invitees] = await Promise.all([
      signedUpUser(api),
      signedUpUser(api),
      signedUpUser(api),
      ...Array.from({ length: samples + 1 }, () => signedUpUser(api)),
    ]);
    const admin = await withGroup(t, signedUpAdmin, 'platform_admin');
    let owner = signedUpOwner;
    const clinicId = await approvedVendor(t, owner, admin, 'Klinik Hewan Bench', 'clinic');
    const shopId = await approvedVendor(t, owner, admin, 'Toko Hewan Bench', 'shop');
    owner = await signInAgain(api, owner);
    expect('schedule', await api.put(`/v1/vendors/${clinicId}/schedule`, OPEN_EVERY_DAY, auth(owner)), 200);
    expect(
      'policy',
      await api.put(
        `/v1/vendors/${clinicId}/booking-policy`,
        { leadTimeMin: 60, horizonDays: 60, cancelCutoffHours: 1 },
        auth(owner),
      ),
      200,
    );
    const services: string[] = [];
    for (let i = 0; i <= samples; i += 1) {
      const added = await api.post<{ serviceId: string }>(
        `/v1/vendors/${clinicId}/services`,
        { ...SERVICE, name: `Konsultasi ${i + 1}` },
        auth(owner),
      );
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
    const record = await api.post<{ recordId: string }>(
      `/v1/me/pets/${petId}/records`,
      { kind: 'vaccination', date: '2026-01-10', vaccine: 'Felocell 3', notes: 'Tahunan' },
      keyed(customer),
    );
    expect('record', record, 201);
    const recordId = record.body.recordId;

    const product = await api.post<{ productId: string }>(
      `/v1/vendors/${shopId}/products`,
      {
        name: 'Royal Canin Kitten 2 kg',
        description: { id: 'Makanan anak kucing', en: null },
        category: 'food',
        subcategory: 'cat_food',
        price: { amount: 250_000, currency: 'IDR' },
        weightGrams: 2_000,
        sku: `SKU-${newId().slice(-8)}`,
        initialStock: 100,
      },
      auth(owner),
    );
    expect('product', product, 201);
    const productId = product.body.productId;
    const cartProducts: string[] = [];
    for (let i = 0; i <= samples; i += 1) {
      const extra = await api.post<{ productId: string }>(
        `/v1/vendors/${shopId}/products`,
        {
          name: `Pasir Kucing ${i + 1}`,
          description: { id: 'Pasir kucing wangi', en: null },
          category: 'food',
          subcategory: 'cat_food',
          price: { amount: 85_000, currency: 'IDR' },
          weightGrams: 1_000,
          sku: `SKU-${newId().slice(-8)}`,
          initialStock: 100,
        },
        auth(owner),
      );
      expect('product', extra, 201);
      cartProducts.push(extra.body.productId);
    }
    await t.platform.eventsIdle(60_000);

    // A booking two days ahead, one per sample for the calls that use one up, and one per sample for the clinic's day (visits).
    const from = new Date(Date.now() + 2 * 86_400_000);
    const slots = await api.get<{ items: { start: string }[] }>(
      `/v1/clinics/${clinicId}/services/${serviceId}/slots?from=${from.toISOString()}&to=${new Date(from.getTime() + 24 * 3_600_000).toISOString()}`,
    );
    expect('slots', slots, 200);
    const bookings: string[] = [];
    for (let i = 0; i <= 2 * samples + 2; i += 1) {
      const booked = await api.post<{ bookingId: string }>(
        '/v1/bookings',
        { vendorId: clinicId, serviceId, petId, start: slots.body.items[i]!.start },
        keyed(customer),
      );
      expect('booking', booked, 201);
      bookings.push(booked.body.bookingId);
    }
    const bookingId = bookings.shift()!;
    const visits = bookings.splice(samples + 1);

    // The app asks the shop's rates to the address (the quote charges the offer of the chosen service), then quotes and checks out.
    const askRates = async () =>
      expect(
        'rates',
        await api.post(
          '/v1/shipping/rates',
          { originVendorId: shopId, destinationAddressId: addressId, weightGrams: 2_000 },
          auth(customer),
        ),
        200,
      );
    expect('cart', await api.put(`/v1/me/cart/items/${productId}`, { quantity: 1 }, auth(customer)), 200);
    const shipping = { [shopId]: 'jne:reg' };
    await askRates();
    expect('quote', await api.post('/v1/checkout/quote', { addressId, shipping }, auth(customer)), 200);
    const checkout = await api.post<{
      checkoutId: string;
      orders: { orderId: string }[];
      payment: { paymentId: string } | null;
    }>('/v1/checkout', { addressId, shipping }, keyed(customer));
    expect('checkout', checkout, 201);
    const checkoutPayment = (checkoutId: string) =>
      eventually(
        "the checkout's payment page",
        async () =>
          (await api.get<{ payment: { paymentId: string } | null }>(`/v1/checkouts/${checkoutId}`, auth(customer))).body
            .payment?.paymentId,
        60_000,
      );
    const paymentId = checkout.body.payment?.paymentId ?? (await checkoutPayment(checkout.body.checkoutId));

    // Staff invitations, each with the code its invitee received by email.
    const invitations = await eachSample(async (i) => {
      const user = invitees[i]!;
      const since = new Date().toISOString();
      const invited = await api.post<{ invitationId: string }>(
        `/v1/vendors/${clinicId}/staff`,
        { email: user.username, role: 'clinic_staff' },
        auth(owner),
      );
      expect('invitation', invited, 201);
      return { user, invitationId: invited.body.invitationId, code: await waitForCode(api, user.username, since) };
    });
    // The clinic's calendar feed link; the calendar-token calls act on other clinics of the owner (a new link ends the old one).
    const feed = await api.post<{ url: string }>(`/v1/vendors/${clinicId}/calendar-token`, undefined, auth(owner));
    expect('calendar link', feed, 201);
    const clinics = await eachSample((i) => approvedVendor(t, owner, admin, `Klinik Hewan Cabang ${i + 1}`, 'clinic'));
    const suggested = await api.get<{ items: { date: string }[] }>(
      `/v1/vendors/${clinicId}/schedule/holidays?from=${day(90)}&to=${day(400)}`,
      auth(owner),
    );
    expect('holiday suggestions', suggested, 200);
    // Sign-ups still to confirm with the code each received, and the customer's sessions on other devices (signing out its own would end refresh's).
    const unconfirmed: string[] = [];
    for (let i = 0; i <= samples + 1; i += 1) {
      const email = `baru.${newId().toLowerCase()}@example.id`;
      expect(
        'sign-up',
        await api.post('/v1/auth/sign-up', {
          email,
          password: 'Rahasia2026',
          name: `Pengguna Baru ${i + 1}`,
          locale: 'id',
        }),
        201,
      );
      unconfirmed.push(email);
    }
    const sessions = await eachSample(async () => (await signInAgain(api, customer)).refreshToken);

    // The world's later life, each on bookings and checkouts of its own (the ids above stay as they
    // are), so that every subscription finds a real event of its type in the outbox.
    const payOnPage = async (what: string, id: string, outcome: 'pay' | 'expire', method: 'qris' | 'va' = 'qris') =>
      expect(
        what,
        await api.post(`/sandbox/pay/${encodeURIComponent(id)}/${outcome}`, outcome === 'pay' ? { method } : {}),
        200,
      );
    const bookingIn = (id: string, status: string) =>
      eventually(
        `booking ${status}`,
        async () =>
          (await api.get<{ status: string }>(`/v1/bookings/${id}`, auth(customer))).body.status === status
            ? true
            : undefined,
        60_000,
      );
    // A prepaid service (the first calls keep serviceId, paid at the clinic).
    const prepaid = await api.post<{ serviceId: string }>(
      `/v1/vendors/${clinicId}/services`,
      { ...SERVICE, name: 'Vaksinasi (bayar di muka)', prepay: true },
      auth(owner),
    );
    expect('prepaid service', prepaid, 201);
    await t.platform.eventsIdle(60_000);
    const later = new Date(Date.now() + 3 * 86_400_000);
    const laterSlots = await api.get<{ items: { start: string }[] }>(
      `/v1/clinics/${clinicId}/services/${prepaid.body.serviceId}/slots?from=${later.toISOString()}&to=${new Date(later.getTime() + 12 * 3_600_000).toISOString()}`,
    );
    expect('slots', laterSlots, 200);
    const book = async (what: string, service: string, slot: number) => {
      const booked = await api.post<{ bookingId: string; payment: { paymentId: string } | null }>(
        '/v1/bookings',
        { vendorId: clinicId, serviceId: service, petId, start: laterSlots.body.items[slot]!.start },
        keyed(customer),
      );
      expect(what, booked, 201);
      const { bookingId: id, payment } = booked.body;
      const pay = async () =>
        payment?.paymentId ??
        (await eventually(
          "the booking's payment page",
          async () =>
            (await api.get<{ payment: { paymentId: string } | null }>(`/v1/bookings/${id}`, auth(customer))).body
              .payment?.paymentId,
          60_000,
        ));
      return { id, pay };
    };
    // Paid on the sandbox page (QRIS: refundable by the provider), then cancelled before the cutoff: refund due.
    const paidBooking = await book('paid booking', prepaid.body.serviceId, 0);
    await payOnPage('pay the booking', await paidBooking.pay(), 'pay');
    await bookingIn(paidBooking.id, 'confirmed');
    expect(
      'cancel the paid booking',
      await api.post(`/v1/bookings/${paidBooking.id}/cancel`, { reason: 'Kucing sakit' }, auth(customer)),
      200,
    );
    // Its payment page expires unpaid: the booking expires.
    const unpaidBooking = await book('unpaid booking', prepaid.body.serviceId, 1);
    await payOnPage("let the booking's payment expire", await unpaidBooking.pay(), 'expire');
    await bookingIn(unpaidBooking.id, 'expired');
    // Seen at the clinic (check-in has no time rule, completing needs a check-in), then reviewed.
    const visit = await book('visit', serviceId, 2);
    await bookingIn(visit.id, 'confirmed');
    expect('check-in', await api.post(`/v1/bookings/${visit.id}/check-in`, undefined, auth(owner)), 200);
    expect('complete', await api.post(`/v1/bookings/${visit.id}/complete`, undefined, auth(owner)), 200);
    expect(
      'review',
      await api.post(
        `/v1/bookings/${visit.id}/review`,
        { rating: 5, comment: 'Dokternya ramah dan teliti' },
        auth(customer),
      ),
      201,
    );
    // Paid by bank transfer, which the provider cannot refund by API: goodwill refunds of it are manual tasks (and refundPayment's target).
    const transfer = await book('booking paid by transfer', prepaid.body.serviceId, 3);
    const paidPaymentId = await transfer.pay();
    await payOnPage('pay by bank transfer', paidPaymentId, 'pay', 'va');
    await bookingIn(transfer.id, 'confirmed');
    const refundTasks = await eachSample(async () => {
      const refund = await api.post<{ refundId: string }>(
        `/v1/payments/${paidPaymentId}/refund`,
        { amount: 5_000, reason: 'Kompensasi keterlambatan' },
        keyed(admin),
      );
      expect('manual refund', refund, 202);
      return refund.body.refundId;
    });

    // Three more checkouts, paid on the sandbox page: one cancelled before it ships (refund due), one
    // shipped and picked up, one the courier refuses (Grab Instant, and the shop moved out of its reach).
    const paidOrder = async (what: string, service = 'jne:reg') => {
      expect(`${what}: cart`, await api.put(`/v1/me/cart/items/${productId}`, { quantity: 1 }, auth(customer)), 200);
      await askRates();
      expect(
        `${what}: quote`,
        await api.post('/v1/checkout/quote', { addressId, shipping: { [shopId]: service } }, auth(customer)),
        200,
      );
      const placed = await api.post<{
        checkoutId: string;
        orders: { orderId: string }[];
        payment: { paymentId: string } | null;
      }>('/v1/checkout', { addressId, shipping: { [shopId]: service } }, keyed(customer));
      expect(`${what}: checkout`, placed, 201);
      await payOnPage(
        `${what}: pay`,
        placed.body.payment?.paymentId ?? (await checkoutPayment(placed.body.checkoutId)),
        'pay',
      );
      const id = placed.body.orders[0]!.orderId;
      await eventually(
        `${what}: paid`,
        async () =>
          (await api.get<{ status: string }>(`/v1/orders/${id}`, auth(customer))).body.status === 'paid'
            ? true
            : undefined,
        60_000,
      );
      return id;
    };
    const cancelledOrder = await paidOrder('order cancelled');
    expect(
      'cancel the paid order',
      await api.post(`/v1/orders/${cancelledOrder}/cancel`, { reason: 'Salah pesan' }, auth(customer)),
      200,
    );
    // The shop asks for the courier; shipping books it from order.ship_requested and the order shows the shipment.
    const shippedOrder = await paidOrder('order shipped');
    expect('ship', await api.post(`/v1/orders/${shippedOrder}/ship`, undefined, auth(owner)), 202);
    const shipped = await eventually(
      'the shipment booked',
      async () =>
        (
          await api.get<{ shipment: { shipmentId: string; trackingNumber: string | null } | null }>(
            `/v1/orders/${shippedOrder}`,
            auth(owner),
          )
        ).body.shipment ?? undefined,
      60_000,
    );
    // The courier picks it up: the shipping sandbox sends Biteship's signed webhook.
    expect(
      'picked up',
      await api.post(`/dev/shipping/${encodeURIComponent(shipped.trackingNumber!)}/advance`, {}),
      200,
    );
    const refusedOrder = await paidOrder('order refused', 'grab:instant');
    const moveShop = async (to: Record<string, unknown>) => {
      expect('move the shop', await api.patch(`/v1/vendors/${shopId}`, to, auth(owner)), 200);
      await t.platform.eventsIdle(60_000);
    };
    await moveShop({
      address: { line1: 'Jl. Tunjungan No. 10', city: 'Surabaya', province: 'Jawa Timur', postalCode: '60275' },
      lat: -7.2575,
      lon: 112.7381,
    });
    expect('ship out of reach', await api.post(`/v1/orders/${refusedOrder}/ship`, undefined, auth(owner)), 202);
    await eventually(
      'the refusal',
      async () =>
        (await api.get<{ shipFailure: unknown }>(`/v1/orders/${refusedOrder}`, auth(owner))).body.shipFailure
          ? true
          : undefined,
      60_000,
    );
    // Back where the shop applied from (test/support.ts).
    await moveShop({
      address: { line1: 'Jl. Kemang Raya No. 45', city: 'Jakarta', province: 'DKI Jakarta', postalCode: '12730' },
      lat: -6.2607,
      lon: 106.8137,
    });

    // Phone accounts (their sign-up codes go by SMS); one signs in with a code by WhatsApp; startOtp's,
    // one per sample (a sign-in code is sent at most once a minute per account); verifyOtp's keep a code.
    const phones: string[] = [];
    for (let i = 0; i <= 2 * samples + 3; i += 1)
      phones.push((await signedUpUser(api, { phone: true, name: `Pemilik Mochi ${i + 1}` })).username);
    const phone = phones.shift()!;
    const signingIn = phones.splice(samples + 1);
    const asked = new Date().toISOString();
    expect('code by WhatsApp', await api.post('/v1/auth/otp/start', { phone, channel: 'whatsapp' }), 202);
    expect(
      'sign in with the code',
      await api.post('/v1/auth/otp/verify', { phone, code: await waitForCode(api, phone, asked) }),
      200,
    );

    // The daily reconciliation job, as its schedule runs it (locally rate(1 day) first fires a day after start).
    const payments = t.platform.manifests.find((loaded) => loaded.manifest.domain === 'payments')!;
    const report = (await invoke(
      handlerPath(payments, payments.manifest.schedules!.dailyReport!.handler),
      scheduledEvent(),
      'payments-dailyReport',
    )) as { date: string };

    // The sagas and subscriptions have run by now (refund notifications too); the outbox holds an event of every type.
    await t.platform.paymentSandbox.idle();
    await t.platform.eventsIdle(60_000);
    const items = await tableItems(t.platform);
    signInCodes = await keepSignInCodes(t, signingIn);
    const codes = signInCodes;

    const env: Record<string, string> = {
      ...t.platform.env,
      [ENV.searchEngine]: 'opensearch',
      [ENV.searchEndpoint]: search.endpoint,
    };
    // Deployed functions log at Powertools' default level (the platform's quiet setting is for tests).
    delete env.POWERTOOLS_LOG_LEVEL;
    return {
      platform: t,
      admin,
      owner,
      customer,
      clinicId,
      shopId,
      serviceId,
      petId,
      addressId,
      recordId,
      productId,
      bookingId,
      paymentId,
      checkoutId: checkout.body.checkoutId,
      orderId: checkout.body.orders[0]!.orderId,
      paidPaymentId,
      shipmentId: shipped.shipmentId,
      calendarToken: new URL(feed.body.url).searchParams.get('token')!,
      reportDate: report.date,
      holidays: suggested.body.items.map((holiday) => holiday.date),
      pools: {
        pets,
        addresses,
        services,
        bookings,
        cartProducts,
        visits,
        clinics,
        unconfirmed,
        sessions,
        invitations,
        refundTasks,
        phones,
      },
      outbox: items.filter((item) => typeof item.pk === 'string' && item.pk.startsWith('OUTBOX#')),
      signInCodes: codes,
      env,
      async stop() {
        codes.stop();
        search.server.close();
        await t.stop();
      },
    };
  } catch (error) {
    signInCodes?.stop();
    search.server.close();
    await t.stop();
    throw error;
  }
}

// ---------------------------------------------------------------- events

/** The JWT payload of an access token, as API Gateway's JWT authorizer passes it (strings; arrays as "[a b]"). */
function claimsOf(user: TestUser): Record<string, string> {
  const payload = JSON.parse(Buffer.from(user.accessToken.split('.')[1]!, 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;
  return Object.fromEntries(
    Object.entries(payload).map(([key, value]) => [key, Array.isArray(value) ? `[${value.join(' ')}]` : String(value)]),
  );
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
    'host': 'api.petpro.id',
    'user-agent': 'PetPro/1.0 (Android 14)',
    'accept': 'application/json',
    'accept-language': 'id',
    ...(body === undefined
      ? {}
      : { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) }),
    ...(spec.auth === 'user' && request.user ? { authorization: `Bearer ${request.user.accessToken}` } : {}),
    ...request.headers,
  };
  const routeKey = `${spec.method} ${spec.path}`;
  const pathParameters = Object.fromEntries(
    [...spec.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => [name!, params[name!] ?? '']),
  );
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
      accountId: '000000000000',
      apiId: 'petpro',
      domainName: 'api.petpro.id',
      domainPrefix: 'api',
      http: {
        method: spec.method,
        path,
        protocol: 'HTTP/1.1',
        sourceIp: '182.253.1.10',
        userAgent: headers['user-agent'],
      },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
      ...(spec.auth === 'user' && request.user
        ? { authorizer: { jwt: { claims: claimsOf(request.user), scopes: null } } }
        : {}),
    },
  };
}

function sqsEvent(queue: string, envelope: Record<string, unknown>): unknown {
  const now = Date.now();
  const body = JSON.stringify({
    'version': '0',
    'id': randomUUID(),
    'detail-type': envelope.type,
    'source': envelope.source,
    'account': '000000000000',
    'time': new Date().toISOString(),
    'region': 'ap-southeast-3',
    'resources': [],
    'detail': envelope,
  });
  return {
    Records: [
      {
        messageId: randomUUID(),
        receiptHandle: randomUUID(),
        body,
        attributes: {
          ApproximateReceiveCount: '1',
          SentTimestamp: String(now),
          SenderId: 'AIDAEVENTBRIDGE',
          ApproximateFirstReceiveTimestamp: String(now),
        },
        messageAttributes: {},
        md5OfBody: '',
        eventSource: 'aws:sqs',
        eventSourceARN: `arn:aws:sqs:ap-southeast-3:000000000000:${queue}`,
        awsRegion: 'ap-southeast-3',
      },
    ],
  };
}

const scheduledEvent = () => ({
  'version': '0',
  'id': randomUUID(),
  'detail-type': 'Scheduled Event',
  'source': 'aws.scheduler',
  'account': '000000000000',
  'time': new Date().toISOString(),
  'region': 'ap-southeast-3',
  'resources': ['arn:aws:scheduler:ap-southeast-3:000000000000:schedule/default/petpro'],
  'detail': {},
});

function cognitoTrigger(
  triggerSource: string,
  world: World,
  request: Record<string, unknown>,
  response: Record<string, unknown>,
): unknown {
  return {
    version: '1',
    triggerSource,
    region: 'ap-southeast-3',
    userPoolId: world.env[ENV.userPoolId] ?? 'ap-southeast-3_bench',
    userName: world.customer.userId,
    callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: world.env[ENV.userPoolClientId] ?? 'bench' },
    request: {
      userAttributes: {
        'sub': world.customer.userId,
        'email': world.customer.username,
        'email_verified': 'true',
        'cognito:user_status': 'CONFIRMED',
      },
      ...request,
    },
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
  prepare?: (world: World, sample: number) => Promise<void>;
}

const day = (daysAhead: number) => new Date(Date.now() + daysAhead * 86_400_000).toISOString().slice(0, 10);
const idempotent = () => ({ 'idempotency-key': randomUUID() });
const pick = <T>(pool: readonly T[], sample: number, fallback: T): T => pool[sample] ?? fallback;

/** The shop's rates to the customer's address, heavy enough for the cart as it grows over the rounds. */
const shopRates = (w: World) => ({ originVendorId: w.shopId, destinationAddressId: w.addressId, weightGrams: 20_000 });
const askShopRates = async (w: World, what: string) =>
  expect(what, await w.platform.api.post('/v1/shipping/rates', shopRates(w), { token: w.customer.accessToken }), 200);
/** Quote and checkout of the cart, from the shop by JNE REG. */
const checkoutBody = (w: World) => ({ addressId: w.addressId, shipping: { [w.shopId]: 'jne:reg' } });

/** Routes by `<domain>/<name>`: who calls, and what they send beyond the ids the path names (filled from the world by name). */
const ROUTES: Record<string, RouteCall> = {
  'booking/slots': {
    who: 'public',
    query: () => ({ from: `${day(2)}T00:00:00+07:00`, to: `${day(3)}T00:00:00+07:00` }),
  },
  'booking/createBooking': {
    body: (w, n) => ({
      vendorId: w.clinicId,
      serviceId: w.serviceId,
      petId: w.petId,
      start: new Date(Math.ceil((Date.now() + (5 + n) * 86_400_000) / 1_800_000) * 1_800_000).toISOString(),
    }),
    headers: idempotent,
  },
  'booking/myBookings': {},
  'booking/getBooking': {},
  'booking/cancelBooking': {
    params: (w, n) => ({ bookingId: pick(w.pools.bookings, n, w.bookingId) }),
    body: () => ({ reason: 'Kucing sakit' }),
  },
  'booking/rescheduleBooking': {
    body: (_w, n) => ({
      start: new Date(Math.ceil((Date.now() + (9 + n) * 86_400_000) / 1_800_000) * 1_800_000).toISOString(),
    }),
  },
  'booking/vendorBookings': {
    who: 'owner',
    query: () => ({ from: `${day(0)}T00:00:00+07:00`, to: `${day(7)}T00:00:00+07:00` }),
  },
  // A visit per sample goes through the clinic's day in sorted order: checked in, completed, reviewed.
  'booking/checkIn': { who: 'owner', params: (w, n) => ({ bookingId: pick(w.pools.visits, n, w.bookingId) }) },
  'booking/completeBooking': { who: 'owner', params: (w, n) => ({ bookingId: pick(w.pools.visits, n, w.bookingId) }) },
  'booking/noShow': { who: 'owner' },
  'booking/reviewBooking': {
    params: (w, n) => ({ bookingId: pick(w.pools.visits, n, w.bookingId) }),
    body: () => ({ rating: 5, comment: 'Dokternya ramah' }),
  },
  'booking/bookingCalendar': {},
  'booking/vendorCalendarFeed': { who: 'public', query: (w) => ({ token: w.calendarToken }) },
  'booking/issueCalendarToken': {
    who: 'owner',
    params: (w, n) => ({ vendorId: pick(w.pools.clinics, n, w.pools.clinics.at(-1)!) }),
  },
  'booking/revokeCalendarToken': {
    who: 'owner',
    params: (w, n) => ({ vendorId: pick(w.pools.clinics, n, w.pools.clinics.at(-1)!) }),
  },
  'catalog/createProduct': {
    who: 'owner',
    body: () => ({
      name: 'Whiskas Tuna 1,2 kg',
      description: { id: 'Makanan kucing dewasa', en: null },
      category: 'food',
      subcategory: 'cat_food',
      price: { amount: 65_000, currency: 'IDR' },
      weightGrams: 1_200,
      sku: `SKU-${newId().slice(-8)}`,
      initialStock: 10,
    }),
  },
  'catalog/listProducts': { who: 'owner' },
  'catalog/getProduct': { who: 'owner' },
  'catalog/updateProduct': { who: 'owner', body: () => ({ price: { amount: 255_000, currency: 'IDR' } }) },
  'catalog/requestImageUpload': { who: 'owner', body: () => ({ contentType: 'image/jpeg', sizeBytes: 180_000 }) },
  'catalog/adjustStock': { who: 'owner', body: () => ({ delta: 5, reason: 'Restok dari distributor' }) },
  'catalog/stockHistory': { who: 'owner' },
  'identity/signUp': {
    who: 'public',
    body: () => ({
      email: `baru.${newId().toLowerCase()}@example.id`,
      password: 'Rahasia2026',
      name: 'Pengguna Baru',
      locale: 'id',
    }),
  },
  // A sign-up confirms with the newest code it received; resendConfirmation (sorted after) gets the next sample's account a fresh one.
  'identity/confirm': {
    who: 'public',
    body: (w, n) => {
      const username = pick(w.pools.unconfirmed, n, w.pools.unconfirmed.at(-1)!);
      return { username, code: newestCode(w, username) ?? '000000' };
    },
  },
  'identity/resendConfirmation': {
    who: 'public',
    body: (w, n) => ({ username: pick(w.pools.unconfirmed, n + 1, w.pools.unconfirmed.at(-1)!) }),
  },
  'identity/signIn': { who: 'public', body: (w) => ({ username: w.customer.username, password: w.customer.password }) },
  'identity/refresh': { who: 'public', body: (w) => ({ refreshToken: w.customer.refreshToken }) },
  'identity/signOut': { body: (w, n) => ({ refreshToken: pick(w.pools.sessions, n, w.pools.sessions.at(-1)!) }) },
  // A code by SMS to a phone account of its own per sample; verifyOtp signs in with the code a phone account received for its open session.
  'identity/startOtp': { who: 'public', body: (w, n) => ({ phone: pick(w.pools.phones, n, w.pools.phones[0]!) }) },
  'identity/verifyOtp': {
    who: 'public',
    body: (w) => w.signInCodes.take() ?? { phone: w.pools.phones[0]!, code: '000000' },
  },
  'orders/getCart': {},
  'orders/setCartItem': {
    params: (w, n) => ({ productId: pick(w.pools.cartProducts, n, w.productId) }),
    body: () => ({ quantity: 2 }),
  },
  'orders/removeCartItem': {},
  'orders/quote': {
    body: checkoutBody,
    // The app asks rates (shipping publishes the offers the quote prices from) right before.
    prepare: (w) => askShopRates(w, 'rates before quote'),
  },
  'orders/checkout': {
    body: checkoutBody,
    headers: idempotent,
    // As the app does right before paying: something in the cart (an earlier checkout emptied it),
    // rates for the cart as it is now, then the quote checkout charges.
    prepare: async (w) => {
      const token = { token: w.customer.accessToken };
      expect(
        'cart before checkout',
        await w.platform.api.put(`/v1/me/cart/items/${w.productId}`, { quantity: 1 }, token),
        200,
      );
      await askShopRates(w, 'rates before checkout');
      expect('quote before checkout', await w.platform.api.post('/v1/checkout/quote', checkoutBody(w), token), 200);
    },
  },

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
      transaction_time: new Date().toISOString().replace('T', ' ').slice(0, 19),
      transaction_status: 'settlement',
      transaction_id: randomUUID(),
      status_code: '200',
      signature_key: '0'.repeat(128),
      payment_type: 'qris',
      order_id: `PP-${newId()}`,
      merchant_id: 'G000000000',
      gross_amount: '90000.00',
      fraud_status: 'accept',
      currency: 'IDR',
    }),
  },
  'payments/xenditWebhook': {
    who: 'public',
    headers: () => ({ 'x-callback-token': 'not-the-token' }),
    body: () => ({
      id: newId(),
      external_id: `PP-${newId()}`,
      status: 'PAID',
      amount: 90_000,
      paid_amount: 90_000,
      currency: 'IDR',
      payment_method: 'QRIS',
      paid_at: new Date().toISOString(),
    }),
  },
  'payments/reconciliationReport': { who: 'admin', params: (w) => ({ date: w.reportDate }) },
  'payments/getPayment': {},
  // Goodwill from the payment by bank transfer (a manual task); with the world's tasks Rp 10.000 of its Rp 90.000 a sample (BENCH_RUNS <= 7).
  'payments/refundPayment': {
    who: 'admin',
    params: (w) => ({ paymentId: w.paidPaymentId }),
    body: () => ({ amount: 5_000, reason: 'Goodwill' }),
    headers: idempotent,
  },
  'payments/listRefundTasks': { who: 'admin' },
  'payments/completeRefundTask': {
    who: 'admin',
    params: (w, n) => ({ refundId: pick(w.pools.refundTasks, n, newId()) }),
    body: () => ({ note: 'Transferred manually' }),
  },
  'platform/health': { who: 'public' },
  'platform/docsAsset': { who: 'public', params: () => ({ file: DOCS_ASSETS[0] }) },
  'platform/openapi': { who: 'public' },
  'platform/docs': { who: 'public' },
  'search/searchClinics': {
    who: 'public',
    query: () => ({ q: 'vaksin', species: 'cat', lat: '-6.2607', lon: '106.8137', radiusKm: '5', sort: 'distance' }),
  },
  'search/getClinic': { who: 'public' },
  'search/searchProducts': { who: 'public', query: () => ({ q: 'kitten', category: 'food' }) },
  'search/getProduct': { who: 'public' },
  'search/listCategories': { who: 'public' },
  'search/reindex': { who: 'admin' },
  // Kept 30 minutes as the offer the next round's quote charges: as heavy as the cart grows (setCartItem adds 2 kg a sample).
  'shipping/rates': { body: shopRates },
  'shipping/carrierWebhook': {
    who: 'public',
    params: () => ({ carrier: 'biteship' }),
    headers: () => ({ 'x-petpro-signature': 'not-the-secret' }),
    body: () => ({
      event: 'order.status',
      order_id: newId(),
      courier_tracking_id: newId(),
      courier_waybill_id: 'JNE0000000000',
      status: 'picked',
      updated_at: new Date().toISOString(),
    }),
  },
  'shipping/getShipment': {},
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
  'users/addPetRecord': {
    body: () => ({
      kind: 'vaccination',
      date: day(-30),
      vaccine: 'Felocell 3',
      nextDueDate: day(335),
      vetName: 'drh. Ayu',
      notes: 'Tahunan',
    }),
    headers: idempotent,
  },
  'vendors/apply': {
    body: () => ({
      name: `Klinik Baru ${newId().slice(-6)}`,
      kind: 'clinic',
      description: 'Klinik hewan 24 jam',
      address: { line1: 'Jl. Kemang Raya No. 45', city: 'Jakarta', province: 'DKI Jakarta', postalCode: '12730' },
      lat: -6.2607,
      lon: 106.8137,
      phone: '+6281234567890',
      licenseNumbers: { nib: '1234567890123', sip: '503/1234/SIP-DH/2025' },
    }),
  },
  'vendors/myVendors': { who: 'owner' },
  'vendors/getVendor': { who: 'owner' },
  'vendors/updateVendor': {
    who: 'owner',
    body: () => ({ description: 'Klinik hewan 24 jam dengan dokter berpengalaman' }),
  },
  'vendors/submitVendor': { who: 'owner' },
  'vendors/vendorHistory': { who: 'owner' },
  'vendors/requestDocumentUpload': {
    who: 'owner',
    body: () => ({ type: 'nib', fileName: 'nib.pdf', contentType: 'application/pdf', sizeBytes: 120_000 }),
  },
  'vendors/listDocuments': { who: 'owner' },
  'vendors/reviewQueue': { who: 'admin' },
  // Reinstates the clinic the round before suspended (the world's clinic, approved, in the warm-up).
  'vendors/approveVendor': {
    who: 'admin',
    params: (w, n) => ({ vendorId: n > 0 ? pick(w.pools.clinics, n - 1, w.clinicId) : w.clinicId }),
  },
  'vendors/rejectVendor': { who: 'admin', body: () => ({ reason: 'Dokumen tidak lengkap' }) },
  // A clinic of its own: suspending the world's would close it to every later booking call.
  'vendors/suspendVendor': {
    who: 'admin',
    params: (w, n) => ({ vendorId: pick(w.pools.clinics, n, w.pools.clinics.at(-1)!) }),
    body: () => ({ reason: 'Keluhan pelanggan' }),
  },
  'vendors/listStaff': { who: 'owner' },
  'vendors/inviteStaff': {
    who: 'owner',
    body: () => ({ email: `staf.${newId().toLowerCase()}@example.id`, role: 'clinic_staff' }),
  },
  'vendors/acceptInvitation': {
    who: 'invitee',
    params: (w, n) => ({ invitationId: invitationOf(w, n).invitationId }),
    body: (w, n) => ({ code: invitationOf(w, n).code }),
  },
  // The staff member who joined in acceptInvitation's call of the same sample.
  'vendors/removeStaff': { who: 'owner', params: (w, n) => ({ userId: invitationOf(w, n).user.userId }) },
  'vendors/listServices': { who: 'owner' },
  'vendors/addService': { who: 'owner', body: () => ({ ...SERVICE, name: 'Grooming' }) },
  'vendors/updateService': { who: 'owner', body: () => ({ price: { amount: 95_000, currency: 'IDR' } }) },
  'vendors/deleteService': { who: 'owner', params: (w, n) => ({ serviceId: pick(w.pools.services, n, w.serviceId) }) },
  'vendors/getSchedule': { who: 'owner' },
  'vendors/putSchedule': { who: 'owner', body: () => OPEN_EVERY_DAY },
  'vendors/getBookingPolicy': { who: 'owner' },
  'vendors/putBookingPolicy': {
    who: 'owner',
    body: () => ({ leadTimeMin: 60, horizonDays: 60, cancelCutoffHours: 1 }),
  },
  'vendors/holidaySuggestions': { who: 'owner', query: () => ({ from: day(0), to: day(365) }) },
  'vendors/acceptHolidays': { who: 'owner', body: (w) => ({ dates: w.holidays.slice(0, 2) }) },
  'vendors/listReviews': { who: 'public' },
};

/** The world's id for a path parameter, by its name (vendor routes of catalog and orders are the shop's). */
function paramFor(world: World, domain: string, name: string): string {
  switch (name) {
    case 'vendorId':
      return domain === 'catalog' || domain === 'orders' ? world.shopId : world.clinicId;
    case 'serviceId':
      return world.serviceId;
    case 'bookingId':
      return world.bookingId;
    case 'petId':
      return world.petId;
    case 'addressId':
      return world.addressId;
    case 'productId':
      return world.productId;
    case 'orderId':
      return world.orderId;
    case 'checkoutId':
      return world.checkoutId;
    case 'paymentId':
      return world.paymentId;
    case 'recordId':
      return world.recordId;
    case 'shipmentId':
      return world.shipmentId;
    default:
      return newId();
  }
}

function personOf(world: World, who: Who, sample: number): TestUser | undefined {
  if (who === 'invitee') return invitationOf(world, sample).user;
  return who === 'public' ? undefined : world[who];
}

/** The code in the newest message sent to `to` (read as its owner would). */
function newestCode(world: World, to: string): string | undefined {
  const message = world.platform.platform.messages().find((candidate) => candidate.to === to);
  return message ? /\b(\d{6})\b/.exec(message.body)?.[1] : undefined;
}

const invitationOf = (world: World, sample: number) =>
  pick(world.pools.invitations, sample, world.pools.invitations.at(-1)!);

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
        ...(call.prepare ? { prepare: (sample: number) => call.prepare!(world, sample) } : {}),
        event: (sample) => {
          const defaults = Object.fromEntries(
            [...spec.path.matchAll(/\{(\w+)\}/g)].map(([, param]) => [param!, paramFor(world, domain, param!)]),
          );
          const user = personOf(world, who, sample);
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
      calls.set(`${domain}/${name}`, {
        what: `SQS message of a real ${String(envelope.type)} event`,
        event: () => sqsEvent(queue, envelope),
      });
    }
    for (const name of Object.keys(manifest.schedules ?? {})) {
      calls.set(`${domain}/${name}`, { what: 'EventBridge Scheduler event', event: () => scheduledEvent() });
    }
  }
  const correlationId = () => `bench-${randomUUID()}`;
  const booking = (extra: Record<string, unknown>) => () => ({
    bookingId: world.bookingId,
    correlationId: correlationId(),
    ...extra,
  });
  const checkout = (extra: Record<string, unknown>) => () => ({
    checkoutId: world.checkoutId,
    correlationId: correlationId(),
    ...extra,
  });
  const started = {
    paymentId: world.paymentId,
    redirectUrl: 'https://app.sandbox.midtrans.com/snap/v4/redirection/bench',
    expiresAt: new Date(Date.now() + 900_000).toISOString(),
  };
  const tasks: Record<string, FirstCall> = {
    'booking/recordPayment': {
      what: 'saga RecordPayment payload for the booking',
      event: booking({ payment: started }),
    },
    'booking/confirm': {
      what: 'saga ConfirmWithoutPayment payload for the booking',
      event: booking({ paymentId: null }),
    },
    'booking/release': {
      what: 'saga Release payload for a booking (one per sample)',
      event: (n) => ({
        bookingId: pick(world.pools.bookings, n, world.bookingId),
        reason: 'payment not completed in time',
        correlationId: correlationId(),
      }),
    },
    'orders/recordPayment': {
      what: 'saga RecordPayment payload for the checkout',
      event: checkout({ payment: started }),
    },
    'orders/markPaid': {
      what: 'saga MarkPaid payload for the checkout',
      event: checkout({ paymentId: started.paymentId }),
    },
    'orders/release': {
      what: 'saga Release payload for the checkout',
      event: checkout({ reason: 'payment not completed in time' }),
    },
    'payments/startPayment': {
      what: 'saga StartPayment payload (Midtrans sandbox) for a new booking reference',
      event: () => ({
        reference: `booking:${newId()}`,
        provider: 'midtrans',
        payerId: world.customer.userId,
        vendorId: world.clinicId,
        vendorKind: 'clinic',
        amount: 90_000,
        expiresAt: new Date(Date.now() + 900_000).toISOString(),
        customer: { name: 'Sari Dewi', email: world.customer.username },
        items: [{ id: world.serviceId, name: 'Konsultasi', price: 90_000, quantity: 1 }],
        correlationId: correlationId(),
      }),
    },
    'payments/awaitPayment': {
      what: "saga AwaitPayment payload for the checkout's payment",
      event: () => ({
        reference: `order:${world.checkoutId}`,
        taskToken: `bench-${randomUUID()}`,
        correlationId: correlationId(),
      }),
    },
    'payments/cancelPayment': {
      what: "saga CancelPayment payload for the checkout's payment",
      event: () => ({ reference: `order:${world.checkoutId}`, correlationId: correlationId() }),
    },
  };
  for (const [id, call] of Object.entries(tasks)) calls.set(id, call);

  const challenge = { challengeName: 'CUSTOM_CHALLENGE', challengeResult: false, challengeMetadata: 'OTP' };
  calls.set('identity/defineAuthChallenge', {
    what: 'DefineAuthChallenge at the start of the custom-auth flow',
    event: () =>
      cognitoTrigger(
        'DefineAuthChallenge_Authentication',
        world,
        { session: [] },
        { challengeName: '', issueTokens: false, failAuthentication: false },
      ),
  });
  calls.set('identity/createAuthChallenge', {
    what: 'CreateAuthChallenge for the first OTP (sends the code)',
    event: () =>
      cognitoTrigger(
        'CreateAuthChallenge_Authentication',
        world,
        { challengeName: 'CUSTOM_CHALLENGE', session: [] },
        { publicChallengeParameters: {}, privateChallengeParameters: {}, challengeMetadata: '' },
      ),
  });
  calls.set('identity/verifyAuthChallenge', {
    what: 'VerifyAuthChallengeResponse with a wrong code',
    event: () =>
      cognitoTrigger(
        'VerifyAuthChallengeResponse_Authentication',
        world,
        { privateChallengeParameters: { codeHash: 'x'.repeat(64) }, challengeAnswer: '000000', session: [challenge] },
        { answerCorrect: false },
      ),
  });

  const outboxItem =
    world.outbox.find((item) => (item.event as { type?: string } | undefined)?.type === 'booking.held') ??
    world.outbox[0];
  if (outboxItem) {
    calls.set('shared/outbox-forwarder', {
      what: `DynamoDB stream INSERT of a real outbox item (${String((outboxItem.event as { type?: string }).type)})`,
      event: () => ({
        Records: [
          {
            eventID: randomUUID(),
            eventName: 'INSERT',
            eventVersion: '1.1',
            eventSource: 'aws:dynamodb',
            awsRegion: 'ap-southeast-3',
            dynamodb: {
              ApproximateCreationDateTime: Math.floor(Date.now() / 1000),
              Keys: marshall({ pk: outboxItem.pk, sk: outboxItem.sk }),
              NewImage: marshall(outboxItem, { removeUndefinedValues: true }),
              SequenceNumber: String(Date.now()),
              SizeBytes: 512,
              StreamViewType: 'NEW_IMAGE',
            },
            eventSourceARN: 'arn:aws:dynamodb:ap-southeast-3:000000000000:table/petpro/stream/2026-01-01T00:00:00.000',
          },
        ],
      }),
    });
  }
  return calls;
}

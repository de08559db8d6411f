import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import { API_URL } from './ports';

/**
 * What the browser tests share: the API called as a client would (a bearer token, Bahasa Indonesia),
 * fresh customers made through it, signing in in the app, and the checks every main screen passes
 * (no serious axe violation, nothing wider than the 360-px phone).
 */

export const DAY = 24 * 60 * 60_000;
/** The demo data's centre (Kemang, Jakarta Selatan): the clinics and shops are around it. */
export const KEMANG = { lat: -6.26, lon: 106.81 };
/** Every test customer's password (the sign-up rules: length, upper and lower case, a digit). */
export const PASSWORD = 'RahasiaPetPro2026!';

export interface Answer<T> {
  status: number;
  data: T;
}

/** One API call; the answer's JSON (if any) typed as the caller expects it. */
export async function call<T = unknown>(
  method: string,
  path: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Answer<T>> {
  const response = await fetch(`${API_URL}${path}`, {
    method,
    headers: {
      'content-type': 'application/json',
      'accept-language': 'id',
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const text = await response.text();
  return { status: response.status, data: (text ? JSON.parse(text) : undefined) as T };
}

/** Asks again (every 250 ms) until `attempt` answers something, for what the platform does by events. */
export async function eventually<T>(
  what: string,
  attempt: () => Promise<T | undefined>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await attempt();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Signs in through the API: the access token. */
export async function apiSignIn(username: string, password: string): Promise<string> {
  const answer = await call<{ accessToken: string }>('POST', '/v1/auth/sign-in', { body: { username, password } });
  expect(answer.status, `sign-in of ${username}`).toBe(200);
  return answer.data.accessToken;
}

export interface Customer {
  email: string;
  name: string;
  password: string;
  token: string;
}

export interface PetSeed {
  name: string;
  species: 'dog' | 'cat' | 'rabbit' | 'bird' | 'hamster' | 'guinea_pig' | 'fish' | 'reptile' | 'other';
}

export interface NewCustomerOptions {
  /** The start of the e-mail address, saying which spec made the customer (`pets.owner…@example.id`). */
  tag: string;
  name?: string;
  /** A default delivery address near Kemang ("Rumah", Jl. Kemang Raya No. 8, the customer's name). */
  addressNearKemang?: boolean;
  /** A pet added through the API. */
  pet?: PetSeed;
}

/**
 * A new customer: signed up (unique e-mail), confirmed with the code from the dev outbox, signed in
 * through the API; with a delivery address near Kemang and a pet when asked.
 */
export async function newCustomer(
  options: NewCustomerOptions & { pet: PetSeed },
): Promise<Customer & { petId: string }>;
export async function newCustomer(options: NewCustomerOptions): Promise<Customer>;
export async function newCustomer(options: NewCustomerOptions): Promise<Customer & { petId?: string }> {
  const email = `${options.tag}.${Date.now()}.${Math.floor(Math.random() * 1e6)}@example.id`;
  const name = options.name ?? `Tes ${options.tag}`;
  const signUp = await call('POST', '/v1/auth/sign-up', { body: { email, password: PASSWORD, name, locale: 'id' } });
  expect(signUp.status, `sign-up of ${email}`).toBe(201);
  const code = await eventually('a verification code in the dev outbox', async () => {
    const outbox = await call<{ items: { body: string }[] }>('GET', `/dev/outbox?to=${encodeURIComponent(email)}`);
    return /\b(\d{6})\b/.exec(outbox.data.items[0]?.body ?? '')?.[1];
  });
  expect((await call('POST', '/v1/auth/confirm', { body: { username: email, code } })).status).toBe(204);
  const customer: Customer & { petId?: string } = {
    email,
    name,
    password: PASSWORD,
    token: await apiSignIn(email, PASSWORD),
  };
  if (options.addressNearKemang) {
    const address = await call('POST', '/v1/me/addresses', {
      token: customer.token,
      headers: { 'Idempotency-Key': crypto.randomUUID() },
      body: {
        label: 'Rumah',
        recipientName: name,
        phone: '+6281298001122',
        line1: 'Jl. Kemang Raya No. 8',
        city: 'Jakarta Selatan',
        province: 'DKI Jakarta',
        postalCode: '12730',
        lat: -6.2608,
        lon: 106.8135,
        isDefault: true,
      },
    });
    expect(address.status).toBe(201);
  }
  if (options.pet) {
    const pet = await call<{ petId: string }>('POST', '/v1/me/pets', {
      token: customer.token,
      body: options.pet,
      headers: { 'Idempotency-Key': crypto.randomUUID() },
    });
    expect(pet.status).toBe(201);
    customer.petId = pet.data.petId;
  }
  return customer;
}

/**
 * Signs in on the app's sign-in form, and waits until signed in (the header's "Keluar"). `goto: false`
 * when the form is already shown (asked for by a screen, which the app then goes on to).
 */
export async function signInInApp(page: Page, customer: Customer, options: { goto?: boolean } = {}): Promise<void> {
  if (options.goto ?? true) await page.goto('/');
  await page.getByLabel('Email atau nomor HP').fill(customer.email);
  await page.getByLabel('Kata sandi', { exact: true }).fill(customer.password);
  await page.getByRole('button', { name: 'Masuk', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Keluar' })).toBeVisible();
}

/** The critical and serious axe findings on the page as it is now, each with where it is. */
export async function seriousAxeViolations(page: Page): Promise<string[]> {
  const axe = await new AxeBuilder({ page }).analyze();
  return axe.violations
    .filter((v) => v.impact === 'critical' || v.impact === 'serious')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => `${n.target.join(' ')} ${n.html}`).join(', ')})`);
}

export async function expectNoSeriousAxeViolations(page: Page, screen = 'this screen'): Promise<void> {
  expect(await seriousAxeViolations(page), `${screen}: no serious accessibility violations`).toEqual([]);
}

/** Nothing wider than the phone (360 px): no sideways scrolling. */
export async function expectFitsPhone(page: Page, screen = 'this screen'): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `${screen} fits the phone's width`).toBeLessThanOrEqual(0);
}

/** Both checks every main screen passes. */
export async function expectAccessible(page: Page, screen = 'this screen'): Promise<void> {
  await expectFitsPhone(page, screen);
  await expectNoSeriousAxeViolations(page, screen);
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A clinic's bookable service, with what the booking tests look at. */
export interface ClinicService {
  vendorId: string;
  serviceId: string;
  clinicName: string;
  serviceName: string;
  price: number;
  prepay: boolean;
  capacity: number;
  durationMin: number;
  schedule: {
    timeZone: string;
    weekly: Record<string, { open: string; close: string }[]>;
    exceptions: { date: string; closed?: boolean }[];
  };
}

interface ServiceOffered {
  serviceId: string;
  name: string;
  prepay: boolean;
  capacity: number;
  species: string[];
  price: { amount: number };
  durationMin: number;
}

/** The nearest clinic around Kemang with a service that `fits` (the API's search, then each profile). */
export async function clinicServiceNearKemang(
  what: string,
  fits: (service: ServiceOffered) => boolean,
): Promise<ClinicService> {
  const search = await call<{ items: { vendorId: string }[] }>(
    'GET',
    `/v1/clinics?lat=${KEMANG.lat}&lon=${KEMANG.lon}&kind=clinic&sort=distance&limit=20`,
  );
  for (const { vendorId } of search.data.items) {
    const clinic = await call<{ name: string; schedule: ClinicService['schedule']; services: ServiceOffered[] }>(
      'GET',
      `/v1/clinics/${vendorId}`,
    );
    const service = clinic.data.services.find(fits);
    if (service)
      return {
        vendorId,
        serviceId: service.serviceId,
        clinicName: clinic.data.name,
        serviceName: service.name,
        price: service.price.amount,
        prepay: service.prepay,
        capacity: service.capacity,
        durationMin: service.durationMin,
        schedule: clinic.data.schedule,
      };
  }
  throw new Error(`no ${what} near Kemang`);
}

/** The first slot of the service with a free place, from `daysAhead` days on (four days looked at). */
export async function freeSlot(service: ClinicService, daysAhead: number): Promise<string> {
  const from = new Date(Date.now() + daysAhead * DAY);
  const to = new Date(from.getTime() + 4 * DAY);
  const slots = await call<{ items: { start: string; available: number }[] }>(
    'GET',
    `/v1/clinics/${service.vendorId}/services/${service.serviceId}/slots?from=${encodeURIComponent(from.toISOString())}&to=${encodeURIComponent(to.toISOString())}`,
  );
  const slot = slots.data.items.find((s) => s.available > 0);
  expect(slot, `a free slot ${daysAhead} days ahead`).toBeTruthy();
  return slot!.start;
}

/** Books the service's first free slot `daysAhead` days ahead for the customer's pet, through the API. */
export async function bookThroughApi(
  customer: Customer & { petId: string },
  service: ClinicService,
  daysAhead: number,
): Promise<string> {
  const start = await freeSlot(service, daysAhead);
  const booked = await call<{ bookingId: string }>('POST', '/v1/bookings', {
    token: customer.token,
    body: { vendorId: service.vendorId, serviceId: service.serviceId, petId: customer.petId, start },
    headers: { 'Idempotency-Key': crypto.randomUUID() },
  });
  expect(booked.status).toBe(201);
  return booked.data.bookingId;
}

/** Cancels what the customer still has active, so its slots are free for the next test or run. */
export async function cancelActiveBookings(customer: Customer): Promise<void> {
  const mine = await call<{ items: { bookingId: string; status: string }[] }>('GET', '/v1/me/bookings', {
    token: customer.token,
  });
  for (const booking of mine.data.items.filter((b) => ['held', 'pending_payment', 'confirmed'].includes(b.status)))
    await call('POST', `/v1/bookings/${booking.bookingId}/cancel`, { token: customer.token, body: { reason: 'e2e' } });
}

import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AdminAddUserToGroupCommand, CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { Group } from '#shared/auth/groups.ts';
import { Refusal } from '#shared/lib/refusal.ts';
import { newId } from '#shared/lib/ids.ts';
import { identityDeps } from '../functions/identity/deps.ts';
import { confirmSignUp, resendConfirmation, signUp } from '../functions/identity/identity.ts';
import { signUpBody } from '../functions/identity/manifest.ts';
import { markReady, markStarting } from '../functions/platform/readiness.ts';
import { addressInput, petInput } from '../functions/users/schemas.ts';
import type { Caller as UsersCaller } from '#shared/auth/caller.ts';
import { addresses as userAddresses, pets as userPets, profiles as userProfiles } from '../functions/users/wiring.ts';
import type { CapturedMessage } from './messaging.ts';
import { stockDemoShop } from './seed-products.ts';
import { demoVendors } from './fixtures/demo-vendors.ts';
import { seedDemoVendors, type ListedVendors, type SeedIdentity } from './seed-vendors.ts';

export interface DemoAccount {
  username: string;
  password: string;
  name: string;
  roles: Group[];
  vendorIds: string[];
  /** What the account is for and what it owns, in a few words (shown at /dev/accounts). */
  owns: string;
}

interface DemoUser extends Omit<DemoAccount, 'vendorIds' | 'owns'> {
  /** What it owns; `{clinic}`, `{shop}` and `{others}` name the demo vendors. */
  owns: string;
  locale: 'id' | 'en';
  pets: Record<string, unknown>[];
  addresses: Record<string, unknown>[];
}

/** Real-looking Indonesian demo users; the clinic and shop admins get their vendor in seedDemoVendors. */
const DEMO_USERS: DemoUser[] = [
  {
    username: 'admin@petpro.id',
    password: 'AdminPetPro2026',
    name: 'Admin PetPro',
    locale: 'id',
    roles: ['customer', 'platform_admin'],
    pets: [],
    addresses: [],
    owns: 'platform admin: approves vendors, sets commissions (/v1/admin/…); owns no vendor',
  },
  {
    username: 'dewi.vet@example.id',
    password: 'DewiPetPro2026',
    name: 'Drh. Dewi Anggraini',
    locale: 'id',
    roles: ['customer', 'clinic_admin'],
    pets: [],
    addresses: [],
    owns: 'admin of the vet clinic {clinic}',
  },
  {
    username: 'agus.petshop@example.id',
    password: 'AgusPetPro2026',
    name: 'Agus Hartono',
    locale: 'id',
    roles: ['customer', 'clinic_admin'],
    pets: [],
    addresses: [],
    owns: 'admin of the pet shop {shop} and its products: a shop admin, not a clinic admin (every vendor admin is in the clinic_admin group)',
  },
  {
    username: 'mitra@petpro.id',
    password: 'MitraPetPro2026',
    name: 'Mitra Demo PetPro',
    locale: 'id',
    roles: ['customer', 'clinic_admin'],
    pets: [],
    addresses: [],
    owns: "admin of the other {others} demo vendors (clinics, groomers and shops in Jakarta, Bandung, Surabaya, Denpasar and Medan) and the shops' products",
  },
  {
    username: 'budi.santoso@example.id',
    password: 'BudiPetPro2026',
    name: 'Budi Santoso',
    locale: 'id',
    roles: ['customer'],
    owns: 'customer in Jakarta: cat Mochi, dog Bruno, one address (Kemang)',
    pets: [
      {
        name: 'Mochi',
        species: 'cat',
        breed: 'Persia',
        sex: 'female',
        birthDate: '2022-03-14',
        weightKg: 3.8,
        notes: 'Suka makanan basah',
      },
      {
        name: 'Bruno',
        species: 'dog',
        breed: 'Golden Retriever',
        sex: 'male',
        birthDate: '2020-08-01',
        weightKg: 31.5,
      },
    ],
    addresses: [
      {
        label: 'Rumah',
        recipientName: 'Budi Santoso',
        phone: '+6281211112222',
        line1: 'Jl. Kemang Raya No. 12',
        city: 'Jakarta Selatan',
        province: 'DKI Jakarta',
        postalCode: '12730',
        lat: -6.2607,
        lon: 106.8137,
      },
    ],
  },
  {
    username: '+6281298765432',
    password: 'SitiPetPro2026',
    name: 'Siti Rahmawati',
    locale: 'id',
    roles: ['customer'],
    owns: 'customer in Bandung who signs in by phone (SMS codes at /dev/outbox): cat Luna, rabbit Choco, one address (Dago)',
    pets: [
      { name: 'Luna', species: 'cat', breed: 'Domestik', sex: 'female', birthDate: '2023-01-20', weightKg: 3.1 },
      { name: 'Choco', species: 'rabbit', breed: 'Holland Lop', sex: 'male', birthDate: '2024-05-05', weightKg: 1.6 },
    ],
    addresses: [
      {
        label: 'Kos',
        recipientName: 'Siti Rahmawati',
        phone: '+6281298765432',
        line1: 'Jl. Dago No. 45',
        city: 'Bandung',
        province: 'Jawa Barat',
        postalCode: '40135',
        lat: -6.8847,
        lon: 107.6134,
      },
    ],
  },
];

/** The demo vendors' owners (the rest of the 240 belong to the partner account). */
const CLINIC_ADMIN = 'dewi.vet@example.id';
const SHOP_ADMIN = 'agus.petshop@example.id';
const PARTNER = 'mitra@petpro.id';
const PLATFORM_ADMIN = 'admin@petpro.id';

/** What a first start has done so far, so that one interrupted at any moment picks up where it stopped. */
interface Progress {
  accounts: Record<string, string>;
  vendors: Record<string, string>;
  stocked: Record<string, number>;
}

/** The demo data's files in the data folder: the progress of an unfinished seeding, and the accounts once it is done. */
export const seedFiles = (dataDir: string) => ({
  progress: join(dataDir, 'seed-progress.json'),
  accounts: join(dataDir, 'accounts.json'),
});

/** Written whole or not at all: a kill -9 mid-write leaves the previous version. */
function writeAtomically(file: string, text: string): void {
  writeFileSync(`${file}.tmp`, text);
  renameSync(`${file}.tmp`, file);
}

export interface SeedOptions {
  dataDir: string;
  userPoolId: string;
  /** The messages the platform sent (the confirmation codes are there). */
  messages: () => CapturedMessage[];
  /** Resolves once every event so far has been delivered (search indexed, the catalog knows the shops). */
  eventsIdle: (timeoutMs: number) => Promise<void>;
  /** One line per step, with its time. */
  log: (line: string) => void;
  /** Aborted: stops between steps (everything done so far stays done; the next start continues). */
  signal?: AbortSignal;
  /** Demo vendors to list (240; tests may ask for fewer). */
  vendorCount?: number;
}

/** A pool of `size` workers over a queue that may grow while they run, until `finish()`. */
function workQueue<T>(size: number, work: (item: T) => Promise<void>, signal?: AbortSignal) {
  const items: T[] = [];
  const waiting: (() => void)[] = [];
  let closed = false;
  let failed = false;
  const wakeAll = () => waiting.splice(0).forEach((resolve) => resolve());
  const worker = async () => {
    for (;;) {
      if (failed) return;
      signal?.throwIfAborted();
      const item = items.shift();
      if (item === undefined) {
        if (closed) return;
        await new Promise<void>((resolve) => waiting.push(resolve));
        continue;
      }
      try {
        await work(item);
      } catch (error) {
        failed = true;
        wakeAll();
        throw error;
      }
    }
  };
  const done = Promise.all(Array.from({ length: size }, worker));
  // Without a listener until finish() is awaited, a failure would be an unhandled rejection.
  done.catch(() => undefined);
  signal?.addEventListener('abort', wakeAll);
  return {
    push(item: T) {
      items.push(item);
      wakeAll();
    },
    async finish() {
      closed = true;
      wakeAll();
      await done;
    },
  };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
/** A step done, as the dev command prints the platform's components: `  ✓ <what>  <time>`. */
const done = (what: string, ms: number) => `  ✓ ${what.padEnd(46)} ${seconds(ms)}`;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Seeds the demo data on a first start, through the domains' own use cases in-process (sign-up
 * and confirmation with the code the platform sent, profile by the `user.registered` event,
 * vendors applied for, reviewed and approved, products stocked) — real records on DynamoDB
 * Local, Cognito and the search index, quietly (no request log), several at a time.
 *
 * Resumable: progress goes to `seed-progress.json` after each account, vendor and shop, each step
 * first looks at what is there (an account that exists is confirmed and completed, a vendor left
 * as a draft is completed, a product whose SKU is taken exists), and `accounts.json`, the mark of a
 * finished seeding, is written last. While it runs `GET /v1/health` answers 503 `starting` with the
 * step; a seeded data folder returns the accounts at once.
 */
export async function seedDemoData(options: SeedOptions): Promise<DemoAccount[]> {
  const files = seedFiles(options.dataDir);
  if (existsSync(files.accounts)) {
    await markReady();
    return withOwnership(JSON.parse(readFileSync(files.accounts, 'utf8')) as DemoAccount[]);
  }
  const resume = existsSync(files.progress);
  const progress: Progress = resume
    ? (JSON.parse(readFileSync(files.progress, 'utf8')) as Progress)
    : { accounts: {}, vendors: {}, stocked: {} };
  const save = () => writeAtomically(files.progress, JSON.stringify(progress));
  const since = new Date().toISOString();
  const status = readinessReporter(since);
  const started = Date.now();
  if (resume)
    options.log(
      `  resuming the demo data of an interrupted first start (${Object.keys(progress.vendors).length} vendors were done)`,
    );

  // ------------------------------------------------------------ accounts
  status.set({ step: 'demo accounts', done: Object.keys(progress.accounts).length, total: DEMO_USERS.length });
  let at = Date.now();
  const cognito = new CognitoIdentityProviderClient({});
  const identities = new Map<string, SeedIdentity>();
  try {
    await Promise.all(
      DEMO_USERS.map(async (user) => {
        const userId = progress.accounts[user.username] ?? (await seedAccount(user, cognito, options));
        identities.set(user.username, { userId, username: user.username, groups: user.roles });
        if (!progress.accounts[user.username]) {
          progress.accounts[user.username] = userId;
          save();
        }
        status.set({ step: 'demo accounts', done: Object.keys(progress.accounts).length, total: DEMO_USERS.length });
      }),
    );
  } finally {
    cognito.destroy();
  }
  options.log(done(`demo accounts: ${DEMO_USERS.length}`, Date.now() - at));

  // ------------------------------------------------------------ vendors, and products as each shop is listed
  at = Date.now();
  const identity = (username: string) => identities.get(username)!;
  const total = options.vendorCount ?? 240;
  let productCount = 0;
  let shops = 0;
  const stockShop = async (shop: { vendorId: string; name: string; owner: SeedIdentity }) => {
    const count = progress.stocked[shop.vendorId] ?? (await stockDemoShop(shop, options.signal));
    if (progress.stocked[shop.vendorId] === undefined) {
      progress.stocked[shop.vendorId] = count;
      save();
    }
    productCount += count;
    shops += 1;
  };
  const products = workQueue(3, stockShop, options.signal);
  const fixture = demoVendors(total);
  const firstShop = fixture.findIndex((vendor) => vendor.kind === 'shop');
  const shopOwner = (index: number) => identity(index === firstShop ? SHOP_ADMIN : PARTNER);
  const listedIds = new Map(Object.entries(progress.vendors).map(([index, vendorId]) => [Number(index), vendorId]));
  // Shops an interrupted run listed but did not stock yet (stockShop skips those it did).
  for (const [index, vendorId] of listedIds) {
    if (fixture[index]!.kind === 'shop')
      products.push({ vendorId, name: fixture[index]!.name, owner: shopOwner(index) });
  }
  let nextReport = Math.ceil((listedIds.size + 1) / 60) * 60;
  let listed: ListedVendors;
  try {
    listed = await seedDemoVendors({
      count: total,
      clinicAdmin: identity(CLINIC_ADMIN),
      shopAdmin: identity(SHOP_ADMIN),
      partner: identity(PARTNER),
      admin: identity(PLATFORM_ADMIN),
      listed: listedIds,
      signal: options.signal,
      onListed(index, vendorId, vendor) {
        progress.vendors[index] = vendorId;
        save();
        const count = Object.keys(progress.vendors).length;
        status.set({ step: 'demo vendors', done: count, total });
        if (count >= nextReport && count < total) {
          options.log(`    ${`demo vendors: ${count}/${total}`.padEnd(46)} ${seconds(Date.now() - at)}`);
          nextReport += 60;
        }
        if (vendor.kind === 'shop') products.push({ vendorId, name: vendor.name, owner: shopOwner(index) });
      },
    });
  } catch (error) {
    await products.finish().catch(() => undefined);
    throw error;
  }
  options.log(done(`demo vendors: ${listed.total} clinics, groomers, shops`, Date.now() - at));
  status.set({ step: 'demo products', done: shops, total: fixture.filter((vendor) => vendor.kind === 'shop').length });
  await products.finish();
  options.log(done(`demo products: ${productCount} in ${shops} shops (with them)`, Date.now() - at));

  // ------------------------------------------------------------ events: search has every listing
  at = Date.now();
  status.set({ step: 'search index' });
  await options.eventsIdle(180_000);
  options.log(done('events delivered (search index, catalog)', Date.now() - at));

  const accounts: DemoAccount[] = DEMO_USERS.map(({ username, password, name, roles }) => ({
    username,
    password,
    name,
    roles,
    owns: ownsOf(username, total),
    vendorIds:
      username === CLINIC_ADMIN
        ? [listed.clinicAdminVendorId]
        : username === SHOP_ADMIN
          ? [listed.shopAdminVendorId]
          : [],
  }));
  await status.stop();
  writeAtomically(files.accounts, JSON.stringify(accounts, null, 2));
  await markReady();
  options.log(`  demo data seeded in ${seconds(Date.now() - started)}`);
  return accounts;
}

/** What a demo account owns, in words, with the names of its demo vendors. */
function ownsOf(username: string, total = 240): string {
  const fixture = demoVendors(total);
  const names: Record<string, string> = {
    clinic: `"${fixture.find((vendor) => vendor.kind === 'clinic')!.name}"`,
    shop: `"${fixture.find((vendor) => vendor.kind === 'shop')!.name}"`,
    others: String(total - 2),
  };
  return (DEMO_USERS.find((user) => user.username === username)?.owns ?? '').replace(
    /\{(\w+)\}/g,
    (_, key: string) => names[key] ?? key,
  );
}

/** Said afresh on every start (an older seeding wrote none, or other words). */
function withOwnership(accounts: DemoAccount[]): DemoAccount[] {
  return accounts.map((account) => ({ ...account, owns: ownsOf(account.username) }));
}

/** The newest 6-digit code sent to `to`. */
function newestCode(messages: CapturedMessage[], to: string): string | undefined {
  const sent = messages.filter((message) => message.to === to).sort((a, b) => b.sentAt.localeCompare(a.sentAt));
  for (const message of sent) {
    const code = /\b(\d{6})\b/.exec(message.body)?.[1];
    if (code) return code;
  }
  return undefined;
}

/**
 * One demo account, the way a person gets one — sign up, the code from the message the platform
 * sent, confirm — through the identity use cases; then the profile (made by the users domain on
 * `user.registered`), pets and addresses through the users use cases. Each step first looks at what
 * is there, so an account an interrupted run left at any point is completed.
 */
async function seedAccount(
  user: DemoUser,
  cognito: CognitoIdentityProviderClient,
  options: SeedOptions,
): Promise<string> {
  const deps = identityDeps(`seed-${newId()}`);
  const isEmail = user.username.includes('@');
  let account = await deps.provider.getAccount(user.username);
  if (!account) {
    const body = signUpBody.parse({
      ...(isEmail ? { email: user.username } : { phone: user.username }),
      password: user.password,
      name: user.name,
      locale: user.locale,
    });
    try {
      await signUp(deps, body);
    } catch (error) {
      // Signed up a moment ago by the run this one replaces.
      if (!(error instanceof Refusal && error.code === 'account-exists')) throw error;
    }
    account = await deps.provider.getAccount(user.username);
    if (!account) throw new Error(`seeding ${user.username}: the account is missing after sign-up`);
  }
  const caller: UsersCaller = {
    auth: { userId: account.userId, username: user.username, groups: user.roles },
    correlationId: deps.correlationId,
  };
  const profile = async () =>
    userProfiles()
      .getMe(caller)
      .then(
        () => true,
        (error: unknown) => {
          if (error instanceof Refusal && error.kind === 'not-found') return false;
          throw error;
        },
      );
  if (!(await profile())) await confirmAccount(user.username, deps, options);
  for (const group of user.roles.filter((role) => role === 'platform_admin')) {
    await cognito.send(
      new AdminAddUserToGroupCommand({ UserPoolId: options.userPoolId, Username: user.username, GroupName: group }),
    );
  }
  const deadline = Date.now() + 120_000;
  while (!(await profile())) {
    if (Date.now() > deadline) throw new Error(`seeding ${user.username}: no profile (user.registered not delivered)`);
    options.signal?.throwIfAborted();
    await pause(50);
  }
  const page = { limit: 50 };
  const pets = new Set((await userPets().listPets(caller, page)).items.map((pet) => pet.name));
  for (const pet of user.pets.filter((pet) => !pets.has(pet.name as string)))
    await userPets().addPet(caller, petInput.parse(pet));
  const addresses = new Set((await userAddresses().listAddresses(caller, page)).items.map((address) => address.label));
  for (const address of user.addresses.filter((address) => !addresses.has(address.label as string)))
    await userAddresses().addAddress(caller, addressInput.parse(address));
  return account.userId;
}

/**
 * Confirms with the newest code sent. A code already used means an earlier run confirmed (Cognito
 * says so); no usable code means its message never went out — ask for a new one (at most once a
 * minute, as for anyone) and wait.
 */
async function confirmAccount(
  username: string,
  deps: ReturnType<typeof identityDeps>,
  options: SeedOptions,
): Promise<void> {
  const tried = new Set<string>();
  const deadline = Date.now() + 150_000;
  let resendAt = Date.now() + 3_000;
  for (;;) {
    const code = newestCode(options.messages(), username);
    if (code && !tried.has(code)) {
      tried.add(code);
      try {
        await confirmSignUp(deps, { username, code });
        return;
      } catch (error) {
        if (!(error instanceof Refusal && error.code === 'invalid-code')) throw error;
        if ((await deps.provider.getAccount(username))?.confirmed) return;
      }
    }
    if (Date.now() > deadline) throw new Error(`seeding ${username}: no confirmation code arrived`);
    if (Date.now() >= resendAt) {
      await resendConfirmation(deps, username);
      resendAt = Date.now() + 5_000;
    }
    options.signal?.throwIfAborted();
    await pause(50);
  }
}

/** Keeps the readiness item (what `GET /v1/health` reports) on the current step, writing at most once a second. */
function readinessReporter(since: string) {
  let latest: { step: string; done?: number; total?: number } | undefined;
  let written: typeof latest;
  let writing: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    timer = undefined;
    if (!latest || latest === written) return;
    const state = latest;
    writing = writing
      .then(() => markStarting({ ...state, since }))
      .then(
        () => {
          written = state;
        },
        () => undefined,
      );
  };
  return {
    set(state: { step: string; done?: number; total?: number }) {
      const stepChanged = latest?.step !== state.step;
      latest = state;
      if (stepChanged) flush();
      else timer ??= setTimeout(flush, 1_000);
    },
    async stop() {
      if (timer) clearTimeout(timer);
      await writing;
    },
  };
}

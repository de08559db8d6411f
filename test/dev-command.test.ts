import { afterAll, describe, expect, it } from 'vitest';
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '#local/ports.ts';
import { apiClient } from '#local/api-client.ts';
import { demoVendors } from '#local/fixtures/demo-vendors.ts';

/**
 * `npm run dev` as a person uses it: the first start seeds the demo data and survives being
 * stopped at any moment (kill -9 or Ctrl-C: the next start completes it), `/v1/health` tells
 * "starting" from "ready", data persists across a restart, and Ctrl-C stops every process it started.
 */
const dataDir = mkdtempSync(join(tmpdir(), 'petpro-dev-'));
/** Every process the dev command started, so none outlives the tests even when one fails. */
const seen = new Set<number>();
afterAll(() => {
  for (const pid of seen) if (alive(pid)) process.kill(pid, 'SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

type Api = ReturnType<typeof apiClient>;
interface Health {
  status: string;
  starting?: { step: string; done?: number; total?: number };
}

/** Every listed vendor, page by page. */
async function allListed(
  api: Api,
): Promise<{ vendorId: string; name: string; city: string; kind: string; reviewCount: number }[]> {
  const items: { vendorId: string; name: string; city: string; kind: string; reviewCount: number }[] = [];
  let cursor: string | null = null;
  do {
    const page: { body: { items: typeof items; nextCursor: string | null } } = await api.get(
      `/v1/clinics?limit=100${cursor ? `&cursor=${cursor}` : ''}`,
    );
    items.push(...page.body.items);
    cursor = page.body.nextCursor;
  } while (cursor);
  return items;
}

async function allProducts(api: Api): Promise<{ productId: string; vendorId: string; name: string }[]> {
  const items: { productId: string; vendorId: string; name: string }[] = [];
  let cursor: string | null = null;
  do {
    const page: { body: { items: typeof items; nextCursor: string | null } } = await api.get(
      `/v1/products?limit=100${cursor ? `&cursor=${cursor}` : ''}`,
    );
    items.push(...page.body.items);
    cursor = page.body.nextCursor;
  } while (cursor);
  return items;
}

function descendants(pid: number): number[] {
  const out = execFileSync('ps', ['-e', '-o', 'pid=,ppid=']).toString();
  const pairs = out
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number) as [number, number]);
  const found: number[] = [];
  const walk = (parent: number) => {
    for (const [child, ppid] of pairs)
      if (ppid === parent) {
        found.push(child);
        walk(child);
      }
  };
  walk(pid);
  for (const child of found) seen.add(child);
  return found;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Dev {
  child: ChildProcess;
  output: () => string;
}

function launch(port: number, args: string[] = []): Dev {
  const child = spawn(process.execPath, ['local/main.ts', ...args], {
    env: { ...process.env, PORT: String(port), PETPRO_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  seen.add(child.pid!);
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output };
}

async function until(
  dev: Dev,
  what: string,
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 330_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (dev.child.exitCode !== null) throw new Error(`npm run dev exited before ${what}: ${dev.output()}`);
    if (Date.now() > deadline) throw new Error(`npm run dev: no ${what}: ${dev.output()}`);
    await pause(100);
  }
}

/** Waits for "PetPro is running" (a first start seeds 240 vendors through every domain's events: a minute or two on 2 cores). */
async function startDev(port: number, args: string[] = []): Promise<Dev> {
  const dev = launch(port, args);
  await until(dev, '"PetPro is running"', () => dev.output().includes('PetPro is running'));
  return dev;
}

/** What GET /v1/health says (undefined: nothing answers yet). */
async function health(api: Api): Promise<{ status: number; body: Health } | undefined> {
  return api.get<Health>('/v1/health').catch(() => undefined);
}

/** Once the first start has listed at least `vendors` demo vendors (as /v1/health reports it). */
async function seededAtLeast(dev: Dev, api: Api, vendors: number): Promise<void> {
  await until(dev, `${vendors} vendors listed`, async () => {
    const answer = await health(api);
    return answer?.body.starting?.step === 'demo vendors' && (answer.body.starting.done ?? 0) >= vendors;
  });
}

async function interrupt(child: ChildProcess): Promise<number[]> {
  const family = descendants(child.pid!);
  expect(family.length).toBeGreaterThan(0); // DynamoDB Local (java) and the Cognito server
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill('SIGINT');
  expect(await exited).toBe(0);
  return family;
}

/** kill -9: nothing runs its shutdown; DynamoDB Local is left behind (the Cognito server follows its parent). */
async function kill9(child: ChildProcess): Promise<number[]> {
  const family = descendants(child.pid!);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
  return family;
}

describe('npm run dev', () => {
  const demo = demoVendors();

  it('completes the demo data after being killed or stopped at several points of the first start, and says "starting" until it is ready', async () => {
    const port = await freePort();
    const api = apiClient(`http://localhost:${port}`);

    // Killed while the demo accounts are being signed up and confirmed.
    const first = launch(port);
    await until(first, 'API', () => first.output().includes('API answers'));
    expect(first.output()).toMatch(/✓ DynamoDB Local +\d+\.\d s/);
    expect(first.output()).toMatch(/✓ Cognito +\d+\.\d s/);
    await pause(400);
    await kill9(first.child);

    // Up but not ready: 503 "starting" with the step. Stopped with Ctrl-C among the vendors.
    const second = launch(port);
    await until(second, 'a health answer', async () => (await health(api)) !== undefined);
    const starting = (await health(api))!;
    expect(starting.status).toBe(503);
    expect(starting.body).toMatchObject({ status: 'starting', starting: { step: expect.any(String) } });
    await seededAtLeast(second, api, 30);
    const family = await interrupt(second.child);
    await pause(500);
    expect(family.filter(alive)).toEqual([]);

    // Killed halfway: DynamoDB Local stays behind, holding the data folder.
    const third = launch(port);
    await seededAtLeast(third, api, 120);
    const left = (await kill9(third.child)).filter(alive);
    expect(left.length).toBeGreaterThan(0);

    // The next start stops it and completes the demo data.
    const fourth = await startDev(port);
    expect(left.filter(alive)).toEqual([]);
    expect(fourth.output()).toContain('resuming the demo data');
    expect(fourth.output()).not.toMatch(/ → \d{3} /); // no request log of the seeding
    expect(await health(api)).toMatchObject({ status: 200, body: { status: 'ok' } });

    // Everything once: 240 vendors (no duplicate), their reviews once, the products of every shop, the accounts.
    const listed = await allListed(api);
    expect(listed).toHaveLength(demo.length);
    expect(new Set(listed.map((vendor) => vendor.name))).toEqual(new Set(demo.map((vendor) => vendor.name)));
    expect(Math.max(...listed.map((vendor) => vendor.reviewCount))).toBeLessThanOrEqual(5);
    expect(new Set(listed.map((vendor) => vendor.city))).toEqual(
      new Set(['Jakarta', 'Bandung', 'Surabaya', 'Denpasar', 'Medan']),
    );
    expect(new Set(listed.map((vendor) => vendor.kind))).toEqual(new Set(['clinic', 'groomer', 'shop']));
    const products = await allProducts(api);
    const shops = new Set(listed.filter((vendor) => vendor.kind === 'shop').map((vendor) => vendor.vendorId));
    expect(new Set(products.map((product) => product.vendorId))).toEqual(shops);
    expect(Number(/✓ demo products: (\d+)/.exec(fourth.output())?.[1])).toBe(products.length);
    const perShop = new Map<string, string[]>();
    for (const product of products)
      perShop.set(product.vendorId, [...(perShop.get(product.vendorId) ?? []), product.name]);
    for (const names of perShop.values()) expect(new Set(names).size).toBe(names.length);

    const accounts =
      await api.get<{ username: string; password: string; owns: string; vendorIds: string[] }[]>('/dev/accounts');
    expect(accounts.body).toHaveLength(6);
    for (const account of accounts.body) {
      expect(account.owns).not.toBe('');
      const signIn = await api.post<{ accessToken: string }>('/v1/auth/sign-in', {
        username: account.username,
        password: account.password,
      });
      expect(signIn.status, account.username).toBe(200);
    }
    expect(accounts.body.find((a) => a.username === 'mitra@petpro.id')!.owns).toContain('238 demo vendors');
    expect(accounts.body.find((a) => a.username === 'agus.petshop@example.id')!.owns).toContain('not a clinic admin');
    const budi = accounts.body.find((a) => a.username === 'budi.santoso@example.id')!;
    const token = (
      await api.post<{ accessToken: string }>('/v1/auth/sign-in', { username: budi.username, password: budi.password })
    ).body.accessToken;
    const pets = await api.get<{ items: { name: string }[] }>('/v1/me/pets', { token });
    expect(pets.body.items.map((pet) => pet.name).sort()).toEqual(['Bruno', 'Mochi']);
    expect((await api.get<{ items: unknown[] }>('/v1/me/addresses', { token })).body.items).toHaveLength(1);

    await interrupt(fourth.child);
  }, 900_000);

  it('keeps data across a restart, resets on --reset, and leaves no process behind', async () => {
    const port = await freePort();
    const api = apiClient(`http://localhost:${port}`);
    const first = await startDev(port);
    expect(first.output()).not.toContain('seeded in');
    const accounts =
      await api.get<{ username: string; password: string; roles: string[]; vendorIds: string[] }[]>('/dev/accounts');
    expect(accounts.body.map((a) => a.roles)).toContainEqual(expect.arrayContaining(['platform_admin']));
    expect(accounts.body.filter((a) => a.roles.includes('customer')).length).toBeGreaterThanOrEqual(2);
    expect(first.output()).toContain('budi.santoso@example.id');

    const vendorAccounts = accounts.body.filter((a) => a.vendorIds.length > 0);
    const kinds: string[] = [];
    for (const account of vendorAccounts) {
      const vendorToken = (
        await api.post<{ accessToken: string }>('/v1/auth/sign-in', {
          username: account.username,
          password: account.password,
        })
      ).body.accessToken;
      const vendor = await api.get<{ status: string; kind: string; yourRole: string }>(
        `/v1/vendors/${account.vendorIds[0]}`,
        { token: vendorToken },
      );
      expect(vendor.body).toMatchObject({ status: 'approved', yourRole: 'clinic_admin' });
      kinds.push(vendor.body.kind);
    }
    expect(kinds).toEqual(expect.arrayContaining(['clinic', 'shop']));

    const admin = accounts.body.find((a) => a.roles.includes('platform_admin'))!;
    const adminToken = (
      await api.post<{ accessToken: string }>('/v1/auth/sign-in', {
        username: admin.username,
        password: admin.password,
      })
    ).body.accessToken;
    expect((await api.get<{ roles: string[] }>('/v1/me', { token: adminToken })).body.roles).toContain(
      'platform_admin',
    );

    const budi = accounts.body.find((a) => a.username === 'budi.santoso@example.id')!;
    let token = (
      await api.post<{ accessToken: string }>('/v1/auth/sign-in', { username: budi.username, password: budi.password })
    ).body.accessToken;
    const added = await api.post<{ petId: string }>('/v1/me/pets', { name: 'Tetap', species: 'hamster' }, { token });
    expect(added.status).toBe(201);
    const listed = await allListed(api);

    const family = await interrupt(first.child);
    await pause(500);
    expect(family.filter(alive)).toEqual([]);

    const second = await startDev(port);
    expect(second.output()).not.toContain('seeded in');
    token = (
      await api.post<{ accessToken: string }>('/v1/auth/sign-in', { username: budi.username, password: budi.password })
    ).body.accessToken;
    const pets = await api.get<{ items: { name: string }[] }>('/v1/me/pets', { token });
    expect(pets.body.items.map((pet) => pet.name)).toEqual(expect.arrayContaining(['Mochi', 'Bruno', 'Tetap']));
    // The embedded index lives in memory: a restart rebuilds it from the table.
    expect((await allListed(api)).length).toBe(listed.length);
    const secondFamily = await interrupt(second.child);
    await pause(500);
    expect(secondFamily.filter(alive)).toEqual([]);

    // --reset starts from scratch: seeded anew (the accounts come first), the added pet is gone.
    const third = launch(port, ['--reset']);
    await seededAtLeast(third, api, 1);
    expect(third.output()).toContain('reset: removed');
    token = (
      await api.post<{ accessToken: string }>('/v1/auth/sign-in', { username: budi.username, password: budi.password })
    ).body.accessToken;
    const fresh = await api.get<{ items: { name: string }[] }>('/v1/me/pets', { token });
    expect(fresh.body.items.map((pet) => pet.name).sort()).toEqual(['Bruno', 'Mochi']);
    const thirdFamily = await interrupt(third.child);
    await pause(500);
    expect(thirdFamily.filter(alive)).toEqual([]);
  }, 600_000);
});

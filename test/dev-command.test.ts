import { afterAll, describe, expect, it } from 'vitest';
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '#local/ports.ts';
import { apiClient } from '#local/api-client.ts';

/**
 * `npm run dev` as a person uses it: it seeds demo accounts, keeps data across a restart, and
 * Ctrl-C stops every process it started.
 */
const dataDir = mkdtempSync(join(tmpdir(), 'petpro-dev-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

type Api = ReturnType<typeof apiClient>;

/** Every listed vendor, page by page. */
async function allListed(api: Api): Promise<{ vendorId: string; city: string; kind: string }[]> {
  const items: { vendorId: string; city: string; kind: string }[] = [];
  let cursor: string | null = null;
  do {
    const page: { body: { items: typeof items; nextCursor: string | null } } = await api.get(`/v1/clinics?limit=100${cursor ? `&cursor=${cursor}` : ''}`);
    items.push(...page.body.items);
    cursor = page.body.nextCursor;
  } while (cursor);
  return items;
}

function descendants(pid: number): number[] {
  const out = execFileSync('ps', ['-e', '-o', 'pid=,ppid=']).toString();
  const pairs = out.trim().split('\n').map((line) => line.trim().split(/\s+/).map(Number) as [number, number]);
  const found: number[] = [];
  const walk = (parent: number) => {
    for (const [child, ppid] of pairs) if (ppid === parent) {
      found.push(child);
      walk(child);
    }
  };
  walk(pid);
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

async function startDev(port: number, args: string[] = []): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn(process.execPath, ['local/main.ts', ...args], { env: { ...process.env, PORT: String(port), PETPRO_DATA_DIR: dataDir }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  // Seeding 240 vendors through the use cases and every domain's events takes a few minutes on 2 cores.
  const deadline = Date.now() + 330_000;
  while (!output.includes('PetPro is running')) {
    if (child.exitCode !== null) throw new Error(`npm run dev exited: ${output}`);
    if (Date.now() > deadline) throw new Error(`npm run dev did not start: ${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { child, output: () => output };
}

async function interrupt(child: ChildProcess): Promise<number[]> {
  const family = descendants(child.pid!);
  expect(family.length).toBeGreaterThan(0); // DynamoDB Local (java) and the Cognito server
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill('SIGINT');
  expect(await exited).toBe(0);
  return family;
}

describe('npm run dev', () => {
  it('seeds demo accounts and vendors, persists data across a restart, resets on --reset, and leaves no process behind', async () => {
    const port = await freePort();
    const first = await startDev(port);
    const api = apiClient(`http://localhost:${port}`);
    const accounts = await api.get<{ username: string; password: string; roles: string[]; vendorIds: string[] }[]>('/dev/accounts');
    expect(accounts.body.map((a) => a.roles)).toContainEqual(expect.arrayContaining(['platform_admin']));
    expect(accounts.body.filter((a) => a.roles.includes('customer')).length).toBeGreaterThanOrEqual(2);
    expect(first.output()).toContain('budi.santoso@example.id');

    // Demo vendors: at least 200 listed, over the five cities, with a clinic admin and a shop admin.
    const listed = await allListed(api);
    expect(listed.length).toBeGreaterThanOrEqual(200);
    expect(new Set(listed.map((vendor) => vendor.city))).toEqual(new Set(['Jakarta', 'Bandung', 'Surabaya', 'Denpasar', 'Medan']));
    expect(new Set(listed.map((vendor) => vendor.kind))).toEqual(new Set(['clinic', 'groomer', 'shop']));
    const vendorAccounts = accounts.body.filter((a) => a.vendorIds.length > 0);
    const kinds: string[] = [];
    for (const account of vendorAccounts) {
      const vendorToken = (await api.post<{ accessToken: string }>('/v1/auth/sign-in', { username: account.username, password: account.password })).body.accessToken;
      const vendor = await api.get<{ status: string; kind: string; yourRole: string }>(`/v1/vendors/${account.vendorIds[0]}`, { token: vendorToken });
      expect(vendor.body).toMatchObject({ status: 'approved', yourRole: 'clinic_admin' });
      kinds.push(vendor.body.kind);
    }
    expect(kinds).toEqual(expect.arrayContaining(['clinic', 'shop']));

    const admin = accounts.body.find((a) => a.roles.includes('platform_admin'))!;
    const adminToken = (await api.post<{ accessToken: string }>('/v1/auth/sign-in', { username: admin.username, password: admin.password })).body.accessToken;
    expect((await api.get<{ roles: string[] }>('/v1/me', { token: adminToken })).body.roles).toContain('platform_admin');

    const budi = accounts.body.find((a) => a.username === 'budi.santoso@example.id')!;
    let token = (await api.post<{ accessToken: string }>('/v1/auth/sign-in', { username: budi.username, password: budi.password })).body.accessToken;
    const added = await api.post<{ petId: string }>('/v1/me/pets', { name: 'Tetap', species: 'hamster' }, { token });
    expect(added.status).toBe(201);

    const family = await interrupt(first.child);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(family.filter(alive)).toEqual([]);

    const second = await startDev(port);
    expect(second.output()).not.toContain('seeded');
    token = (await api.post<{ accessToken: string }>('/v1/auth/sign-in', { username: budi.username, password: budi.password })).body.accessToken;
    const pets = await api.get<{ items: { name: string }[] }>('/v1/me/pets', { token });
    expect(pets.body.items.map((pet) => pet.name)).toEqual(expect.arrayContaining(['Mochi', 'Bruno', 'Tetap']));
    // The embedded index lives in memory: a restart rebuilds it from the table.
    expect((await allListed(api)).length).toBe(listed.length);
    const secondFamily = await interrupt(second.child);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(secondFamily.filter(alive)).toEqual([]);

    // --reset starts from scratch: seeded anew, the added pet is gone.
    const third = await startDev(port, ['--reset']);
    expect(third.output()).toContain('seeded budi.santoso@example.id');
    token = (await api.post<{ accessToken: string }>('/v1/auth/sign-in', { username: budi.username, password: budi.password })).body.accessToken;
    const fresh = await api.get<{ items: { name: string }[] }>('/v1/me/pets', { token });
    expect(fresh.body.items.map((pet) => pet.name).sort()).toEqual(['Bruno', 'Mochi']);
    await interrupt(third.child);
  }, 900_000);
});

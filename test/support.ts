import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { startPlatform, type Platform } from '#local/platform.ts';
import { apiClient, eventually, waitForCode, type ApiClient } from '#local/api-client.ts';

export interface TestPlatform {
  platform: Platform;
  api: ApiClient;
  stop(): Promise<void>;
}

/** Boots the real local platform (DynamoDB Local, Cognito, S3, bus, gateway) in a temp folder. */
export async function bootPlatform(options: { sagaTimeScale?: number } = {}): Promise<TestPlatform> {
  const dataDir = mkdtempSync(join(tmpdir(), 'petpro-test-'));
  const platform = await startPlatform({ dataDir, port: 0, quiet: true, log: () => undefined, ...options });
  return {
    platform,
    api: apiClient(platform.url),
    async stop() {
      await platform.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface TestUser {
  username: string;
  password: string;
  userId: string;
  accessToken: string;
  refreshToken: string;
}

let counter = 0;

/** A confirmed, signed-in customer whose profile exists, made through the public API. */
export async function signedUpUser(
  api: ApiClient,
  options: { phone?: boolean; name?: string } = {},
): Promise<TestUser> {
  counter += 1;
  const unique = `${Date.now().toString(36)}${counter}`;
  const username = options.phone ? `+62812${String(Date.now()).slice(-7)}${counter % 10}` : `user.${unique}@example.id`;
  const password = 'Rahasia2026';
  const since = new Date().toISOString();
  const signUp = await api.post<{ userId: string }>('/v1/auth/sign-up', {
    ...(options.phone ? { phone: username } : { email: username }),
    password,
    name: options.name ?? 'Pengguna Uji',
  });
  if (signUp.status !== 201) throw new Error(`sign-up: ${signUp.status} ${signUp.text}`);
  const code = await waitForCode(api, username, since);
  const confirm = await api.post('/v1/auth/confirm', { username, code });
  if (confirm.status !== 204) throw new Error(`confirm: ${confirm.status} ${confirm.text}`);
  const signIn = await api.post<{ accessToken: string; refreshToken: string }>('/v1/auth/sign-in', {
    username,
    password,
  });
  if (signIn.status !== 200) throw new Error(`sign-in: ${signIn.status} ${signIn.text}`);
  const token = signIn.body.accessToken;
  await eventually('profile', async () => ((await api.get('/v1/me', { token })).status === 200 ? true : undefined));
  return { username, password, userId: signUp.body.userId, accessToken: token, refreshToken: signIn.body.refreshToken };
}

/** Every item in the table (tests only: a Scan never runs on a request path). */
export async function tableItems(platform: Platform): Promise<Record<string, unknown>[]> {
  const client = new DynamoDBClient({ endpoint: platform.endpoints.dynamodb });
  const items: Record<string, unknown>[] = [];
  let start: Record<string, never> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({
        TableName: platform.env.TABLE_NAME,
        ConsistentRead: true,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    items.push(...(page.Items ?? []).map((item) => unmarshall(item)));
    start = page.LastEvaluatedKey as Record<string, never> | undefined;
  } while (start);
  client.destroy();
  return items;
}

export { waitForCode, eventually };

/** Adds the user to a Cognito group and signs in again, so the new token carries the group. */
export async function withGroup(
  t: TestPlatform,
  user: TestUser,
  group: 'platform_admin' | 'clinic_admin' | 'clinic_staff',
): Promise<TestUser> {
  const { CognitoIdentityProviderClient, AdminAddUserToGroupCommand } =
    await import('@aws-sdk/client-cognito-identity-provider');
  const cognito = new CognitoIdentityProviderClient({ endpoint: t.platform.endpoints.cognito });
  await cognito.send(
    new AdminAddUserToGroupCommand({ UserPoolId: t.platform.userPoolId, Username: user.username, GroupName: group }),
  );
  cognito.destroy();
  return signInAgain(t.api, user);
}

/** A fresh token (e.g. after a group change). */
export async function signInAgain(api: ApiClient, user: TestUser): Promise<TestUser> {
  const signIn = await api.post<{ accessToken: string; refreshToken: string }>('/v1/auth/sign-in', {
    username: user.username,
    password: user.password,
  });
  if (signIn.status !== 200) throw new Error(`sign-in: ${signIn.status} ${signIn.text}`);
  return { ...user, accessToken: signIn.body.accessToken, refreshToken: signIn.body.refreshToken };
}

/** A clinic's application body (API.md "Vendors"), Jakarta by default. */
export function vendorApplication(name: string, overrides: Record<string, unknown> = {}) {
  return {
    name,
    kind: 'clinic',
    description: 'Klinik hewan 24 jam dengan dokter berpengalaman',
    address: { line1: 'Jl. Kemang Raya No. 45', city: 'Jakarta', province: 'DKI Jakarta', postalCode: '12730' },
    lat: -6.2607,
    lon: 106.8137,
    phone: '+6281234567890',
    licenseNumbers: { nib: '1234567890123', sip: '503/1234/SIP-DH/2025' },
    ...overrides,
  };
}

/** Applies, uploads a licence, submits and has a platform admin approve: the owner becomes the vendor's clinic_admin. */
export async function approvedVendor(
  t: TestPlatform,
  owner: TestUser,
  admin: TestUser,
  name: string,
  kind: 'clinic' | 'groomer' | 'shop' = 'clinic',
): Promise<string> {
  const expectStatus = (what: string, actual: number, expected: number) => {
    if (actual !== expected) throw new Error(`${what}: ${actual}, expected ${expected}`);
  };
  const applied = await t.api.post<{ vendorId: string }>('/v1/vendors', vendorApplication(name, { kind }), {
    token: owner.accessToken,
  });
  expectStatus('apply', applied.status, 201);
  const id = applied.body.vendorId;
  const doc = await t.api.post<{ uploadUrl: string; uploadHeaders: Record<string, string> }>(
    `/v1/vendors/${id}/documents`,
    { type: 'nib', fileName: 'nib.pdf', contentType: 'application/pdf', sizeBytes: 5 },
    { token: owner.accessToken },
  );
  await fetch(doc.body.uploadUrl, { method: 'PUT', headers: doc.body.uploadHeaders, body: 'hello' });
  expectStatus(
    'submit',
    (await t.api.post(`/v1/vendors/${id}/submit`, undefined, { token: owner.accessToken })).status,
    200,
  );
  expectStatus(
    'approve',
    (await t.api.post(`/v1/admin/vendors/${id}/approve`, undefined, { token: admin.accessToken })).status,
    200,
  );
  return id;
}

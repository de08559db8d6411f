import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { AdminAddUserToGroupCommand, CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { Group } from '#shared/auth/groups.ts';
import { apiClient, eventually, waitForCode } from './api-client.ts';
import { seedDemoProducts } from './seed-products.ts';
import { seedDemoVendors, type SeedIdentity } from './seed-vendors.ts';

export interface DemoAccount {
  username: string;
  password: string;
  name: string;
  roles: Group[];
  vendorIds: string[];
}

interface DemoUser extends DemoAccount {
  locale: 'id' | 'en';
  pets: Record<string, unknown>[];
  addresses: Record<string, unknown>[];
}

/** Real-looking Indonesian demo users; the clinic and shop admins get their vendor in seedDemoVendors. */
const DEMO_USERS: DemoUser[] = [
  {
    username: 'admin@petpro.id', password: 'AdminPetPro2026', name: 'Admin PetPro', locale: 'id',
    roles: ['customer', 'platform_admin'], vendorIds: [], pets: [], addresses: [],
  },
  {
    username: 'dewi.vet@example.id', password: 'DewiPetPro2026', name: 'Drh. Dewi Anggraini', locale: 'id',
    roles: ['customer', 'clinic_admin'], vendorIds: [], pets: [], addresses: [],
  },
  {
    username: 'agus.petshop@example.id', password: 'AgusPetPro2026', name: 'Agus Hartono', locale: 'id',
    roles: ['customer', 'clinic_admin'], vendorIds: [], pets: [], addresses: [],
  },
  {
    username: 'mitra@petpro.id', password: 'MitraPetPro2026', name: 'Mitra Demo PetPro', locale: 'id',
    roles: ['customer', 'clinic_admin'], vendorIds: [], pets: [], addresses: [],
  },
  {
    username: 'budi.santoso@example.id', password: 'BudiPetPro2026', name: 'Budi Santoso', locale: 'id',
    roles: ['customer'], vendorIds: [],
    pets: [
      { name: 'Mochi', species: 'cat', breed: 'Persia', sex: 'female', birthDate: '2022-03-14', weightKg: 3.8, notes: 'Suka makanan basah' },
      { name: 'Bruno', species: 'dog', breed: 'Golden Retriever', sex: 'male', birthDate: '2020-08-01', weightKg: 31.5 },
    ],
    addresses: [
      { label: 'Rumah', recipientName: 'Budi Santoso', phone: '+6281211112222', line1: 'Jl. Kemang Raya No. 12', city: 'Jakarta Selatan', province: 'DKI Jakarta', postalCode: '12730', lat: -6.2607, lon: 106.8137 },
    ],
  },
  {
    username: '+6281298765432', password: 'SitiPetPro2026', name: 'Siti Rahmawati', locale: 'id',
    roles: ['customer'], vendorIds: [],
    pets: [
      { name: 'Luna', species: 'cat', breed: 'Domestik', sex: 'female', birthDate: '2023-01-20', weightKg: 3.1 },
      { name: 'Choco', species: 'rabbit', breed: 'Holland Lop', sex: 'male', birthDate: '2024-05-05', weightKg: 1.6 },
    ],
    addresses: [
      { label: 'Kos', recipientName: 'Siti Rahmawati', phone: '+6281298765432', line1: 'Jl. Dago No. 45', city: 'Bandung', province: 'Jawa Barat', postalCode: '40135', lat: -6.8847, lon: 107.6134 },
    ],
  },
];

/**
 * Seeds the demo accounts through the public API, the way a person would (sign up, read the code
 * from the outbox, confirm), then adds the extra Cognito groups. Runs once per data folder.
 */
export async function seedDemoData(options: { apiUrl: string; accountsFile: string; userPoolId: string; log: (line: string) => void }): Promise<DemoAccount[]> {
  if (existsSync(options.accountsFile)) return JSON.parse(readFileSync(options.accountsFile, 'utf8')) as DemoAccount[];
  const api = apiClient(options.apiUrl);
  const cognito = new CognitoIdentityProviderClient({});
  const identities = new Map<string, SeedIdentity>();
  for (const user of DEMO_USERS) {
    const isEmail = user.username.includes('@');
    const since = new Date().toISOString();
    const signUp = await api.post('/v1/auth/sign-up', { ...(isEmail ? { email: user.username } : { phone: user.username }), password: user.password, name: user.name, locale: user.locale });
    if (signUp.status !== 201) throw new Error(`seeding ${user.username}: sign-up answered ${signUp.status} ${signUp.text}`);
    const code = await waitForCode(api, user.username, since);
    const confirm = await api.post('/v1/auth/confirm', { username: user.username, code });
    if (confirm.status !== 204) throw new Error(`seeding ${user.username}: confirm answered ${confirm.status} ${confirm.text}`);
    identities.set(user.username, { userId: (signUp.body as { userId: string }).userId, username: user.username, groups: user.roles });
    for (const role of user.roles.filter((r) => r === 'platform_admin')) {
      await cognito.send(new AdminAddUserToGroupCommand({ UserPoolId: options.userPoolId, Username: user.username, GroupName: role }));
    }
    const signIn = await api.post<{ accessToken: string }>('/v1/auth/sign-in', { username: user.username, password: user.password });
    const token = signIn.body.accessToken;
    await eventually(`profile of ${user.username}`, async () => ((await api.get('/v1/me', { token })).status === 200 ? true : undefined));
    for (const pet of user.pets) await api.post('/v1/me/pets', pet, { token });
    for (const address of user.addresses) await api.post('/v1/me/addresses', address, { token });
    options.log(`  seeded ${user.username}`);
  }
  cognito.destroy();
  options.log('  listing demo clinics, groomers and shops…');
  const listed = await seedDemoVendors({
    clinicAdmin: identities.get('dewi.vet@example.id')!, shopAdmin: identities.get('agus.petshop@example.id')!,
    partner: identities.get('mitra@petpro.id')!, admin: identities.get('admin@petpro.id')!, log: options.log,
  });
  DEMO_USERS.find((user) => user.username === 'dewi.vet@example.id')!.vendorIds.push(listed.clinicAdminVendorId);
  DEMO_USERS.find((user) => user.username === 'agus.petshop@example.id')!.vendorIds.push(listed.shopAdminVendorId);
  options.log(`  listed ${listed.total} demo vendors`);
  options.log(`  added ${await seedDemoProducts({ apiUrl: options.apiUrl, listed, shopAdmin: identities.get('agus.petshop@example.id')!, partner: identities.get('mitra@petpro.id')!, log: options.log })} demo products`);
  const accounts: DemoAccount[] = DEMO_USERS.map(({ username, password, name, roles, vendorIds }) => ({ username, password, name, roles, vendorIds }));
  writeFileSync(options.accountsFile, JSON.stringify(accounts, null, 2));
  return accounts;
}

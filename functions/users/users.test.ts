import { beforeEach, describe, expect, it } from 'vitest';
import type { AuthContext } from '#shared/auth/access.ts';
import { domainEvent } from '#shared/events/envelope.ts';
import { newId } from '#shared/lib/ids.ts';
import { fakePhotoStorage, MemoryUsersStore } from './memory-store.ts';
import type { Address, Pet } from './model.ts';
import type { AddressInput, PetInput } from './schemas.ts';
import type { Caller } from '#shared/auth/caller.ts';
import { MAX_ADDRESSES } from './addresses.ts';
import { allAreas } from './all-areas.ts';
import { MAX_PETS } from './pets.ts';
import { parseIfMatch } from './user-rules.ts';

const alice: AuthContext = { userId: newId(), username: 'alice', groups: ['customer'] };
const bob: AuthContext = { userId: newId(), username: 'bob', groups: ['customer', 'clinic_staff'] };
const as = (auth: AuthContext): Caller => ({ auth, correlationId: `test-${auth.username}` });

const addressInput = (label: string, extra: Partial<AddressInput> = {}): AddressInput => ({
  label,
  recipientName: 'Alice',
  phone: '+6281234567890',
  line1: 'Jl. Sudirman 1',
  city: 'Jakarta Selatan',
  province: 'DKI Jakarta',
  postalCode: '12190',
  lat: -6.2,
  lon: 106.8,
  ...extra,
});
const petInput = (name: string, extra: Partial<PetInput> = {}): PetInput => ({
  name,
  species: 'cat',
  sex: 'female',
  ...extra,
});

const registered = (auth: AuthContext, name = 'Alice') =>
  domainEvent(
    'user.registered',
    { userId: auth.userId, email: `${auth.username}@example.id`, name, locale: 'id', groups: ['customer'] },
    'corr-1',
  );

let store: MemoryUsersStore;
let users: ReturnType<typeof allAreas>;

beforeEach(() => {
  store = new MemoryUsersStore();
  users = allAreas({ store, photos: fakePhotoStorage });
});

async function defaults(auth: AuthContext): Promise<Address[]> {
  return (await store.allAddresses(auth.userId)).filter((address) => address.isDefault);
}

describe('profile', () => {
  it('is created from user.registered, once: a second delivery changes nothing', async () => {
    const event = registered(alice);
    expect(await users.createProfile(event)).toBe('created');
    const first = await store.getProfile(alice.userId);
    expect(first).toMatchObject({
      name: 'Alice',
      email: 'alice@example.id',
      phone: null,
      locale: 'id',
      version: 1,
      sourceEventId: event.id,
    });

    expect(await users.createProfile(event)).toBe('exists');
    expect(await users.createProfile(registered(alice, 'Someone else'))).toBe('exists');
    expect(await store.getProfile(alice.userId)).toEqual(first);
    expect(store.events).toEqual([]);
  });

  it('answers with roles from the caller token, 404 before the profile exists', async () => {
    await expect(users.getMe(as(bob))).rejects.toMatchObject({ kind: 'not-found', code: 'profile-pending' });
    await users.createProfile(registered(bob, 'Bob'));
    expect(await users.getMe(as(bob))).toMatchObject({
      userId: bob.userId,
      name: 'Bob',
      roles: ['customer', 'clinic_staff'],
      version: 1,
    });
  });

  it('PATCH bumps the version and emits profile.updated with the changed fields', async () => {
    await users.createProfile(registered(alice));
    const updated = await users.updateMe(as(alice), { name: 'Alice W.', locale: 'id' }, 1);
    expect(updated).toMatchObject({ name: 'Alice W.', locale: 'id', version: 2 });
    expect(store.events.map((event) => [event.type, event.data, event.correlationId])).toEqual([
      ['profile.updated', { userId: alice.userId, fields: ['name'] }, 'test-alice'],
    ]);
  });

  it('PATCH with a stale If-Match is a 409 version-mismatch and writes nothing', async () => {
    await users.createProfile(registered(alice));
    await users.updateMe(as(alice), { name: 'One' }, undefined);
    await expect(users.updateMe(as(alice), { name: 'Two' }, 1)).rejects.toMatchObject({
      kind: 'conflict',
      code: 'version-mismatch',
    });
    expect((await store.getProfile(alice.userId))?.name).toBe('One');
  });

  it('a PATCH that changes nothing writes nothing', async () => {
    await users.createProfile(registered(alice));
    const commits = store.commits;
    expect(await users.updateMe(as(alice), { name: 'Alice' }, 1)).toMatchObject({ version: 1 });
    expect(store.commits).toBe(commits);
  });
});

describe('If-Match', () => {
  it('reads plain, quoted and weak versions; * and none mean any', () => {
    expect(parseIfMatch('3')).toBe(3);
    expect(parseIfMatch('"3"')).toBe(3);
    expect(parseIfMatch('W/"12"')).toBe(12);
    expect(parseIfMatch('*')).toBeUndefined();
    expect(parseIfMatch(undefined)).toBeUndefined();
  });

  it('anything else is a 400', () => {
    expect(() => parseIfMatch('abc')).toThrow(expect.objectContaining({ status: 400 }));
    expect(() => parseIfMatch('"1", "2"')).toThrow(expect.objectContaining({ status: 400 }));
  });
});

describe('addresses', () => {
  it('the first address is the default, later ones are not unless asked', async () => {
    const home = await users.addAddress(as(alice), addressInput('Rumah'));
    const office = await users.addAddress(as(alice), addressInput('Kantor', { isDefault: false }));
    expect(home.isDefault).toBe(true);
    expect(office.isDefault).toBe(false);
    expect(await store.getMeta(alice.userId)).toMatchObject({ addressCount: 2, defaultAddressId: home.addressId });
  });

  it('adding with isDefault moves the default in the same transaction', async () => {
    const home = await users.addAddress(as(alice), addressInput('Rumah'));
    const office = await users.addAddress(as(alice), addressInput('Kantor', { isDefault: true }));
    expect(office.isDefault).toBe(true);
    expect(await store.getAddress(alice.userId, home.addressId)).toMatchObject({ isDefault: false, version: 2 });
    expect((await defaults(alice)).map((address) => address.addressId)).toEqual([office.addressId]);
  });

  it('PATCH isDefault moves the default; unsetting the default is refused', async () => {
    const home = await users.addAddress(as(alice), addressInput('Rumah'));
    const office = await users.addAddress(as(alice), addressInput('Kantor'));
    const moved = await users.updateAddress(as(alice), office.addressId, { isDefault: true }, office.version);
    expect(moved).toMatchObject({ isDefault: true, version: 2 });
    expect((await defaults(alice)).map((address) => address.addressId)).toEqual([office.addressId]);
    expect((await store.getMeta(alice.userId))?.defaultAddressId).toBe(office.addressId);

    await expect(
      users.updateAddress(as(alice), office.addressId, { isDefault: false }, undefined),
    ).rejects.toMatchObject({ kind: 'unprocessable', code: 'default-address-required' });
    // Not default already: nothing to do.
    expect(await users.updateAddress(as(alice), home.addressId, { isDefault: false }, undefined)).toMatchObject({
      version: 2,
    });
  });

  it('PATCH changes fields, clears line2 with null, and honours If-Match', async () => {
    const home = await users.addAddress(as(alice), addressInput('Rumah', { line2: 'Lantai 2' }));
    const changed = await users.updateAddress(as(alice), home.addressId, { city: 'Bandung', line2: null }, 1);
    expect(changed).toMatchObject({ city: 'Bandung', line2: null, version: 2, isDefault: true });
    await expect(users.updateAddress(as(alice), home.addressId, { city: 'Bogor' }, 1)).rejects.toMatchObject({
      kind: 'conflict',
      code: 'version-mismatch',
    });
  });

  it('deleting the default makes the most recently added other address the default, or none', async () => {
    const first = await users.addAddress(as(alice), addressInput('Satu'));
    const second = await users.addAddress(as(alice), addressInput('Dua'));
    const third = await users.addAddress(as(alice), addressInput('Tiga'));

    await users.deleteAddress(as(alice), first.addressId);
    expect((await defaults(alice)).map((address) => address.addressId)).toEqual([third.addressId]);

    await users.deleteAddress(as(alice), second.addressId);
    expect((await defaults(alice)).map((address) => address.addressId)).toEqual([third.addressId]);

    await users.deleteAddress(as(alice), third.addressId);
    expect(await store.allAddresses(alice.userId)).toEqual([]);
    expect(await store.getMeta(alice.userId)).toMatchObject({ addressCount: 0, defaultAddressId: null });

    const again = await users.addAddress(as(alice), addressInput('Baru'));
    expect(again.isDefault).toBe(true);
  });

  it(`allows at most ${MAX_ADDRESSES} addresses`, async () => {
    for (let i = 0; i < MAX_ADDRESSES; i++) await users.addAddress(as(alice), addressInput(`A${i}`));
    await expect(users.addAddress(as(alice), addressInput('too many'))).rejects.toMatchObject({
      kind: 'unprocessable',
      code: 'address-limit',
    });
    const [one] = await store.allAddresses(alice.userId);
    await users.deleteAddress(as(alice), one!.addressId);
    await expect(users.addAddress(as(alice), addressInput('fits again'))).resolves.toMatchObject({
      label: 'fits again',
    });
  });

  it("another user's address is a 404", async () => {
    const home = await users.addAddress(as(alice), addressInput('Rumah'));
    await expect(users.updateAddress(as(bob), home.addressId, { city: 'X' }, undefined)).rejects.toMatchObject({
      kind: 'not-found',
    });
    await expect(users.deleteAddress(as(bob), home.addressId)).rejects.toMatchObject({ kind: 'not-found' });
  });

  it('a garbage cursor is a 400', async () => {
    await expect(users.listAddresses(as(alice), { limit: 5, cursor: 'nonsense' })).rejects.toMatchObject({
      kind: 'invalid',
    });
  });

  it('lists a page at a time', async () => {
    for (const label of ['a', 'b', 'c']) await users.addAddress(as(alice), addressInput(label));
    const first = await users.listAddresses(as(alice), { limit: 2 });
    expect(first.items.map((address) => address.label)).toEqual(['a', 'b']);
    expect(first.items[0]).not.toHaveProperty('userId');
    const second = await users.listAddresses(as(alice), { limit: 2, cursor: first.nextCursor! });
    expect(second).toMatchObject({ items: [{ label: 'c' }], nextCursor: null });
  });
});

describe('pets', () => {
  it('adds a pet with pet.added and answers with photoUrl null', async () => {
    const pet = await users.addPet(as(alice), petInput('Mochi', { weightKg: 4.2 }));
    expect(pet).toMatchObject({
      name: 'Mochi',
      species: 'cat',
      breed: null,
      weightKg: 4.2,
      photoUrl: null,
      version: 1,
    });
    expect(pet).not.toHaveProperty('photoKey');
    expect(store.events.map((event) => [event.type, event.data])).toEqual([
      ['pet.added', { userId: alice.userId, petId: pet.petId, species: 'cat' }],
    ]);
  });

  it(`allows at most ${MAX_PETS} pets`, async () => {
    for (let i = 0; i < MAX_PETS; i++) await users.addPet(as(alice), petInput(`Pet ${i}`));
    await expect(users.addPet(as(alice), petInput('one too many'))).rejects.toMatchObject({
      kind: 'unprocessable',
      code: 'pet-limit',
    });
    expect((await store.getMeta(alice.userId))?.petCount).toBe(MAX_PETS);
  });

  it('PATCH with a stale If-Match is a 409; a matching one wins and emits pet.updated', async () => {
    const pet = await users.addPet(as(alice), petInput('Mochi'));
    const updated = await users.updatePet(as(alice), pet.petId, { name: 'Mochi Putih', breed: 'Persia' }, 1);
    expect(updated).toMatchObject({ name: 'Mochi Putih', breed: 'Persia', version: 2 });
    expect(store.events.at(-1)).toMatchObject({ type: 'pet.updated', data: { fields: ['name', 'breed'] } });
    await expect(users.updatePet(as(alice), pet.petId, { name: 'Late' }, 1)).rejects.toMatchObject({
      kind: 'conflict',
      code: 'version-mismatch',
    });
  });

  it('without If-Match a lost race is retried once and nothing is lost', async () => {
    const pet = await users.addPet(as(alice), petInput('Mochi'));
    let raced = false;
    store.beforeCommit = async () => {
      if (raced) return;
      raced = true;
      // Someone else's PATCH lands between our read and our write.
      const current = (await store.getPet(alice.userId, pet.petId))!;
      store.items.set(`pet|${alice.userId}|${pet.petId}`, {
        ...current,
        notes: 'from the other request',
        version: current.version + 1,
      });
    };
    const updated = await users.updatePet(as(alice), pet.petId, { name: 'Mochi 2' }, undefined);
    expect(updated).toMatchObject({ name: 'Mochi 2', notes: 'from the other request', version: 3 });
  });

  it('with If-Match a lost race is a 409 version-mismatch', async () => {
    const pet = await users.addPet(as(alice), petInput('Mochi'));
    store.beforeCommit = async () => {
      store.beforeCommit = undefined;
      const current = (await store.getPet(alice.userId, pet.petId))!;
      store.items.set(`pet|${alice.userId}|${pet.petId}`, { ...current, version: current.version + 1 });
    };
    await expect(users.updatePet(as(alice), pet.petId, { name: 'Mine' }, 1)).rejects.toMatchObject({
      kind: 'conflict',
      code: 'version-mismatch',
    });
  });

  it('a race lost on every attempt ends as a 409 conflict', async () => {
    const pet = await users.addPet(as(alice), petInput('Mochi'));
    store.beforeCommit = async () => {
      const current = (await store.getPet(alice.userId, pet.petId))!;
      store.items.set(`pet|${alice.userId}|${pet.petId}`, { ...current, version: current.version + 1 });
    };
    await expect(users.updatePet(as(alice), pet.petId, { name: 'Mine' }, undefined)).rejects.toMatchObject({
      kind: 'conflict',
      code: 'conflict',
    });
  });

  it("another user's pet is a 404 everywhere", async () => {
    const pet = await users.addPet(as(alice), petInput('Mochi'));
    const other = as(bob);
    await expect(users.getPet(other, pet.petId)).rejects.toMatchObject({ kind: 'not-found' });
    await expect(users.updatePet(other, pet.petId, { name: 'x' }, undefined)).rejects.toMatchObject({
      kind: 'not-found',
    });
    await expect(users.deletePet(other, pet.petId)).rejects.toMatchObject({ kind: 'not-found' });
    await expect(users.listPetRecords(other, pet.petId, { limit: 10 })).rejects.toMatchObject({ kind: 'not-found' });
    await expect(
      users.addPetRecord(other, pet.petId, { kind: 'weight', date: '2026-01-01', weightKg: 3 }),
    ).rejects.toMatchObject({ kind: 'not-found' });
    await expect(
      users.requestPetPhotoUpload(other, pet.petId, { contentType: 'image/png', sizeBytes: 10 }),
    ).rejects.toMatchObject({ kind: 'not-found' });
  });

  it('deleting a pet removes it and its records, frees a slot and emits pet.removed', async () => {
    const pet = await users.addPet(as(alice), petInput('Mochi'));
    await users.addPetRecord(as(alice), pet.petId, { kind: 'treatment', date: '2026-01-01', title: 'Obat cacing' });
    await users.deletePet(as(alice), pet.petId);
    expect(await store.getPet(alice.userId, pet.petId)).toBeNull();
    expect([...store.items.keys()].filter((key) => key.startsWith('record|'))).toEqual([]);
    expect((await store.getMeta(alice.userId))?.petCount).toBe(0);
    expect(store.events.at(-1)).toMatchObject({
      type: 'pet.removed',
      data: { userId: alice.userId, petId: pet.petId },
    });
  });
});

describe('pet photo', () => {
  it('presigns a PUT for pets/<userId>/<petId>/<ulid>.<ext>, records the key and bumps the version', async () => {
    const pet = await users.addPet(as(alice), petInput('Mochi'));
    const upload = await users.requestPetPhotoUpload(as(alice), pet.petId, {
      contentType: 'image/webp',
      sizeBytes: 123_456,
    });
    const key = new RegExp(`^pets/${alice.userId}/${pet.petId}/[0-9A-HJKMNP-TV-Z]{26}\\.webp$`);
    const stored = (await store.getPet(alice.userId, pet.petId))!;
    expect(stored.photoKey).toMatch(key);
    expect(stored.version).toBe(2);
    expect(upload.uploadUrl).toContain(`${stored.photoKey}?method=PUT&expires=600`);
    expect(upload.headers).toEqual({ 'content-type': 'image/webp', 'content-length': '123456' });
    expect(upload.photoUrl).toContain('expires=3600');
    expect(store.events.at(-1)).toMatchObject({ type: 'pet.updated', data: { fields: ['photoUrl'] } });

    const shown = await users.getPet(as(alice), pet.petId);
    expect(shown.photoUrl).toBe(`https://uploads.test/${stored.photoKey}?expires=3600`);
  });

  it('refuses other content types', async () => {
    const pet = await users.addPet(as(alice), petInput('Mochi'));
    await expect(
      users.requestPetPhotoUpload(as(alice), pet.petId, { contentType: 'image/gif', sizeBytes: 10 }),
    ).rejects.toMatchObject({ kind: 'invalid', code: 'photo-type' });
  });
});

describe('pet records', () => {
  let pet: Pet;
  const stored = async () => (await store.getPet(alice.userId, pet.petId))!;

  beforeEach(async () => {
    const view = await users.addPet(as(alice), petInput('Mochi', { weightKg: 4 }));
    pet = (await store.getPet(alice.userId, view.petId))!;
  });

  it('a weight record sets the weight when it is the newest, in the same commit', async () => {
    const commits = store.commits;
    await users.addPetRecord(as(alice), pet.petId, { kind: 'weight', date: '2026-03-01', weightKg: 4.5 });
    expect(store.commits).toBe(commits + 1);
    expect(await stored()).toMatchObject({ weightKg: 4.5, weightDate: '2026-03-01', version: 2 });
    expect(store.events.slice(-2).map((event) => event.type)).toEqual(['pet.record_added', 'pet.updated']);

    // Older: history only.
    await users.addPetRecord(as(alice), pet.petId, { kind: 'weight', date: '2026-02-01', weightKg: 3.9 });
    expect(await stored()).toMatchObject({ weightKg: 4.5, weightDate: '2026-03-01', version: 2 });

    // Same day as the newest: the later entry wins.
    await users.addPetRecord(as(alice), pet.petId, { kind: 'weight', date: '2026-03-01', weightKg: 4.6 });
    expect(await stored()).toMatchObject({ weightKg: 4.6, version: 3 });
  });

  it('other records leave the pet as it is', async () => {
    await users.addPetRecord(as(alice), pet.petId, {
      kind: 'vaccination',
      date: '2026-01-10',
      vaccine: 'Rabies',
      nextDueDate: '2027-01-10',
    });
    expect(await stored()).toMatchObject({ weightKg: 4, version: 1 });
  });

  it('a record for a pet deleted meanwhile fails (the pet is checked in the same commit)', async () => {
    store.beforeCommit = () => {
      store.items.delete(`pet|${alice.userId}|${pet.petId}`);
    };
    await expect(
      users.addPetRecord(as(alice), pet.petId, { kind: 'treatment', date: '2026-01-01', title: 'x' }),
    ).rejects.toMatchObject({ kind: 'not-found' });
    expect([...store.items.keys()].filter((key) => key.startsWith('record|'))).toEqual([]);
  });

  it('lists newest first, optionally by kind', async () => {
    const a = await users.addPetRecord(as(alice), pet.petId, {
      kind: 'vaccination',
      date: '2026-01-10',
      vaccine: 'Rabies',
    });
    const b = await users.addPetRecord(as(alice), pet.petId, { kind: 'weight', date: '2026-01-11', weightKg: 4.1 });
    const c = await users.addPetRecord(as(alice), pet.petId, {
      kind: 'vaccination',
      date: '2026-01-12',
      vaccine: 'Tricat',
    });
    expect(a).toMatchObject({ kind: 'vaccination', vaccine: 'Rabies', version: 1 });
    expect(a).not.toHaveProperty('title');

    const all = await users.listPetRecords(as(alice), pet.petId, { limit: 10 });
    expect(all.items.map((record) => record.recordId)).toEqual([c.recordId, b.recordId, a.recordId]);
    const vaccinations = await users.listPetRecords(as(alice), pet.petId, { limit: 1, kind: 'vaccination' });
    expect(vaccinations.items.map((record) => record.recordId)).toEqual([c.recordId]);
    const next = await users.listPetRecords(as(alice), pet.petId, {
      limit: 1,
      kind: 'vaccination',
      cursor: vaccinations.nextCursor!,
    });
    expect(next).toMatchObject({ items: [{ recordId: a.recordId }], nextCursor: null });
  });
});

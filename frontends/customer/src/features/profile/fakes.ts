import { ApiProblem, OfflineError } from '@petpro/api-client';
import type { Cached } from '../../data/offline-cache';
import { LocationError, type LocationProvider } from './location';
import type {
  Address,
  AddressInput,
  AddressPatch,
  Profile,
  ProfilePatch,
  ProfileRepository,
} from './profile-repository';

function problem(status: number, code: string, title: string): ApiProblem {
  return new ApiProblem({ status, type: `https://petpro.id/problems/${code}`, title, detail: title });
}

export const budi: Profile = {
  userId: 'u-budi',
  name: 'Budi Santoso',
  email: 'budi.santoso@example.id',
  phone: null,
  locale: 'id',
  roles: ['customer'],
  version: 1,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  _links: {},
};

export const kemangHome: Address = {
  addressId: 'a-home',
  label: 'Rumah',
  recipientName: 'Budi Santoso',
  phone: '+6281211112222',
  line1: 'Jl. Kemang Raya No. 12',
  line2: null,
  city: 'Jakarta Selatan',
  province: 'DKI Jakarta',
  postalCode: '12730',
  lat: -6.2607,
  lon: 106.8137,
  isDefault: true,
  version: 1,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  _links: {},
};

/**
 * A ProfileRepository kept in memory that answers as the API does: versions (409 on a stale one),
 * 404 for an address that is gone, the first address the default. `offline` makes every call fail as
 * with no network; `fail` makes the next call of a method throw. Every call is recorded.
 */
export class FakeProfileRepository implements ProfileRepository {
  profile: Profile;
  addresses: Address[];
  offline = false;
  readonly calls: { method: keyof ProfileRepository; args: unknown[] }[] = [];
  readonly fail: Partial<Record<keyof ProfileRepository, Error>> = {};
  #next = 1;

  constructor(profile: Profile = budi, addresses: Address[] = [kemangHome]) {
    this.profile = structuredClone(profile);
    this.addresses = structuredClone(addresses);
  }

  #take(method: keyof ProfileRepository, args: unknown[]): void {
    this.calls.push({ method, args });
    if (this.offline) throw new OfflineError('id');
    const failure = this.fail[method];
    if (failure) {
      delete this.fail[method];
      throw failure;
    }
  }

  #cached<T>(value: T): Cached<T> {
    return { value: structuredClone(value), updatedAt: '2026-12-07T10:00:00.000Z', fromCache: false };
  }

  async getMe(): Promise<Cached<Profile>> {
    this.#take('getMe', []);
    return this.#cached(this.profile);
  }

  async updateMe(patch: ProfilePatch, version: number): Promise<Profile> {
    this.#take('updateMe', [patch, version]);
    if (version !== this.profile.version) throw problem(409, 'version-mismatch', 'Data sudah diubah di tempat lain.');
    this.profile = { ...this.profile, ...patch, version: this.profile.version + 1 };
    return structuredClone(this.profile);
  }

  async listAddresses(): Promise<Cached<Address[]>> {
    this.#take('listAddresses', []);
    return this.#cached(this.addresses);
  }

  async addAddress(input: AddressInput, idempotencyKey: string): Promise<Address> {
    this.#take('addAddress', [input, idempotencyKey]);
    const makeDefault = this.addresses.length === 0 || input.isDefault === true;
    if (makeDefault) this.addresses = this.addresses.map((a) => ({ ...a, isDefault: false }));
    const address: Address = {
      ...input,
      line2: input.line2 ?? null,
      isDefault: makeDefault,
      addressId: `a-${this.#next++}`,
      version: 1,
      createdAt: '2026-12-07T10:00:00.000Z',
      updatedAt: '2026-12-07T10:00:00.000Z',
      _links: {},
    };
    this.addresses.push(address);
    return structuredClone(address);
  }

  async updateAddress(addressId: string, patch: AddressPatch, version: number): Promise<Address> {
    this.#take('updateAddress', [addressId, patch, version]);
    const index = this.addresses.findIndex((a) => a.addressId === addressId);
    const address = this.addresses[index];
    if (!address) throw problem(404, 'not-found', 'Tidak ditemukan.');
    if (address.version !== version) throw problem(409, 'version-mismatch', 'Data sudah diubah di tempat lain.');
    const updated: Address = {
      ...address,
      ...patch,
      line2: patch.line2 === undefined ? address.line2 : patch.line2,
      version: version + 1,
    };
    this.addresses[index] = updated;
    return structuredClone(updated);
  }

  async deleteAddress(addressId: string): Promise<void> {
    this.#take('deleteAddress', [addressId]);
    if (!this.addresses.some((a) => a.addressId === addressId)) throw problem(404, 'not-found', 'Tidak ditemukan.');
    this.addresses = this.addresses.filter((a) => a.addressId !== addressId);
  }
}

/** A device whose location is `position`, or refuses (`denied`). */
export class FakeLocation implements LocationProvider {
  constructor(public position: { lat: number; lon: number } | 'denied' | 'unavailable') {}

  async current(): Promise<{ lat: number; lon: number }> {
    if (typeof this.position === 'string') throw new LocationError(this.position);
    return this.position;
  }
}

import type { ApiClient, Locale, operations } from '@petpro/api-client';
import type { Cached, OfflineCache } from '../../data/offline-cache';

/** The customer as `GET /v1/me` answers. */
export type Profile = operations['getMe']['responses'][200]['content']['application/json'];
/** What `PATCH /v1/me` lets the customer change. */
export type ProfilePatch = { name?: string; locale?: Locale };

export type Address = operations['listAddresses']['responses'][200]['content']['application/json']['items'][number];
export type AddressInput = operations['addAddress']['requestBody']['content']['application/json'];
export type AddressPatch = NonNullable<operations['updateAddress']['requestBody']>['content']['application/json'];

/** The API keeps at most this many addresses per customer (422 address-limit beyond). */
export const MAX_ADDRESSES = 20;

/**
 * The customer's profile and addresses. Reads go through the offline cache (still readable with no
 * network, marked `fromCache`); writes go to the API only. Changes carry the version read (If-Match),
 * so one made meanwhile elsewhere is refused (409) rather than overwritten. Throws ApiProblem or OfflineError.
 */
export interface ProfileRepository {
  getMe(): Promise<Cached<Profile>>;
  updateMe(patch: ProfilePatch, version: number): Promise<Profile>;
  listAddresses(): Promise<Cached<Address[]>>;
  addAddress(input: AddressInput, idempotencyKey: string): Promise<Address>;
  updateAddress(addressId: string, patch: AddressPatch, version: number): Promise<Address>;
  deleteAddress(addressId: string): Promise<void>;
}

export class ApiProfileRepository implements ProfileRepository {
  readonly #api: ApiClient;
  readonly #cache: OfflineCache;

  constructor(api: ApiClient, cache: OfflineCache) {
    this.#api = api;
    this.#cache = cache;
  }

  getMe(): Promise<Cached<Profile>> {
    return this.#cache.read('profile.me', () => this.#api.unwrap(this.#api.GET('/v1/me')));
  }

  async updateMe(patch: ProfilePatch, version: number): Promise<Profile> {
    const profile = await this.#api.unwrap(
      this.#api.PATCH('/v1/me', { body: patch, params: { header: { 'If-Match': `"${version}"` } } }),
    );
    return profile;
  }

  listAddresses(): Promise<Cached<Address[]>> {
    return this.#cache.read('profile.addresses', async () => {
      // At most MAX_ADDRESSES exist, so one page holds them all.
      const page = await this.#api.unwrap(this.#api.GET('/v1/me/addresses', { params: { query: { limit: 50 } } }));
      return page.items;
    });
  }

  addAddress(input: AddressInput, idempotencyKey: string): Promise<Address> {
    return this.#api.unwrap(
      this.#api.POST('/v1/me/addresses', { body: input, params: { header: { 'Idempotency-Key': idempotencyKey } } }),
    );
  }

  updateAddress(addressId: string, patch: AddressPatch, version: number): Promise<Address> {
    return this.#api.unwrap(
      this.#api.PATCH('/v1/me/addresses/{addressId}', {
        body: patch,
        params: { path: { addressId }, header: { 'If-Match': `"${version}"` } },
      }),
    );
  }

  async deleteAddress(addressId: string): Promise<void> {
    await this.#api.unwrap(this.#api.DELETE('/v1/me/addresses/{addressId}', { params: { path: { addressId } } }));
  }
}

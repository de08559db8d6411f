import type { Caller } from '#shared/auth/caller.ts';
import { refuse } from '#shared/lib/refusal.ts';
import { newId } from '#shared/lib/ids.ts';
import { retryOnConflict } from '#shared/lib/retry-on-conflict.ts';
import type { Address, Page, PageRequest, Write } from './model.ts';
import type { AddressInput, AddressPatch } from './schemas.ts';
import {
  bump,
  changedFields,
  checkVersion,
  COLLECTION_RETRY,
  countAfterRemoval,
  countWithRoom,
  links,
  metaWrite,
  paged,
  PATCH_RETRY,
  userRules,
  type Links,
  type RecordPorts,
} from './user-rules.ts';

/**
 * The user's addresses: listed by page → added (at most MAX_ADDRESSES; the first, or one asked to be,
 * becomes the default) → changed (moving the default atomically) → deleted (the most recently added
 * other one becomes the default). The meta item keeps their count and the default's id.
 */

export const MAX_ADDRESSES = 20;

export type AddressView = Omit<Address, 'userId'> & { _links: Links };

function toAddressView({ userId: _userId, ...address }: Address): AddressView {
  return { ...address, _links: links.address(address.addressId) };
}

export function addressesService(ports: RecordPorts) {
  const { store, nowIso, ownedAddress } = userRules(ports);

  /** The writes that take the default flag off `addressId` (none if it is gone or not default). */
  async function demote(userId: string, addressId: string, at: string): Promise<Write[]> {
    const previous = await store.getAddress(userId, addressId);
    if (!previous?.isDefault) return [];
    return [
      {
        op: 'replace',
        entity: 'address',
        value: bump(previous, { isDefault: false }, at),
        expectedVersion: previous.version,
      },
    ];
  }

  return {
    async listAddresses(caller: Caller, page: PageRequest): Promise<Page<AddressView>> {
      return paged(() => store.listAddresses(caller.auth.userId, page), toAddressView);
    },

    /** The first address becomes the default; `isDefault: true` moves the default to the new one. */
    async addAddress(caller: Caller, input: AddressInput): Promise<AddressView> {
      const userId = caller.auth.userId;
      const addressId = newId();
      return retryOnConflict(COLLECTION_RETRY, async () => {
        const meta = await store.getMeta(userId);
        const count = countWithRoom(meta, 'addressCount', MAX_ADDRESSES, 'address-limit');
        const currentDefault = meta?.defaultAddressId ?? null;
        const makeDefault = currentDefault === null || input.isDefault === true;
        const at = nowIso();
        const address: Address = {
          userId,
          addressId,
          label: input.label,
          recipientName: input.recipientName,
          phone: input.phone,
          line1: input.line1,
          line2: input.line2 ?? null,
          city: input.city,
          province: input.province,
          postalCode: input.postalCode,
          lat: input.lat,
          lon: input.lon,
          isDefault: makeDefault,
          version: 1,
          createdAt: at,
          updatedAt: at,
        };
        const writes: Write[] = [{ op: 'create', entity: 'address', value: address }];
        if (makeDefault && currentDefault !== null) writes.push(...(await demote(userId, currentDefault, at)));
        writes.push(
          metaWrite(
            userId,
            meta,
            {
              addressCount: count + 1,
              defaultAddressId: makeDefault ? addressId : currentDefault,
            },
            at,
          ),
        );
        await store.commit(writes, []);
        return toAddressView(address);
      });
    },

    /** `isDefault: true` moves the default here atomically; unsetting the default is refused (pick another). */
    async updateAddress(
      caller: Caller,
      addressId: string,
      patch: AddressPatch,
      ifMatch: number | undefined,
    ): Promise<AddressView> {
      const userId = caller.auth.userId;
      return retryOnConflict(PATCH_RETRY, async () => {
        const address = await ownedAddress(caller, addressId);
        checkVersion(ifMatch, address.version);
        const { isDefault, ...fields } = patch;
        if (isDefault === false && address.isDefault) throw refuse.unprocessable('default-address-required');
        const changes: Partial<Address> = changedFields(address, fields as Partial<Address>);
        const becomesDefault = isDefault === true && !address.isDefault;
        if (becomesDefault) changes.isDefault = true;
        if (Object.keys(changes).length === 0) return toAddressView(address);

        const at = nowIso();
        const next = bump(address, changes, at);
        const writes: Write[] = [{ op: 'replace', entity: 'address', value: next, expectedVersion: address.version }];
        if (becomesDefault) {
          const meta = await store.getMeta(userId);
          const previous = meta?.defaultAddressId ?? null;
          if (previous !== null && previous !== addressId) writes.push(...(await demote(userId, previous, at)));
          writes.push(metaWrite(userId, meta, { defaultAddressId: addressId }, at));
        }
        await store.commit(writes, []);
        return toAddressView(next);
      });
    },

    /** Deleting the default makes the most recently added other address the default (or none). */
    async deleteAddress(caller: Caller, addressId: string): Promise<void> {
      const userId = caller.auth.userId;
      await retryOnConflict(COLLECTION_RETRY, async () => {
        const address = await ownedAddress(caller, addressId);
        const meta = await store.getMeta(userId);
        const at = nowIso();
        const writes: Write[] = [
          { op: 'delete', ref: { entity: 'address', userId, id: addressId }, expectedVersion: address.version },
        ];
        let defaultAddressId = meta?.defaultAddressId ?? null;
        if (address.isDefault || defaultAddressId === addressId) {
          const others = (await store.allAddresses(userId)).filter((other) => other.addressId !== addressId);
          // ULIDs sort by creation time: the greatest id is the most recently added address.
          const successor = others.reduce<Address | null>(
            (best, other) => (best === null || other.addressId > best.addressId ? other : best),
            null,
          );
          if (successor) {
            writes.push({
              op: 'replace',
              entity: 'address',
              value: bump(successor, { isDefault: true }, at),
              expectedVersion: successor.version,
            });
          }
          defaultAddressId = successor?.addressId ?? null;
        }
        writes.push(
          metaWrite(userId, meta, { addressCount: countAfterRemoval(meta, 'addressCount'), defaultAddressId }, at),
        );
        await store.commit(writes, []);
      });
    },
  };
}

export type AddressesService = ReturnType<typeof addressesService>;

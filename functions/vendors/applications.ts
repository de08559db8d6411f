import type { Caller } from '#shared/auth/caller.ts';
import { refuse } from '#shared/lib/refusal.ts';
import { newId } from '#shared/lib/ids.ts';
import { retryOnConflict } from '#shared/lib/retry-on-conflict.ts';
import type { HistoryEntry, Page, PageRequest, Vendor, VendorStatus } from './model.ts';
import type { ApplyInput, VendorPatch } from './schemas.ts';
import { RETRY, vendorRules, type RecordPorts, type VendorView } from './vendors.ts';

export const MAX_OPEN_APPLICATIONS = 5;

/**
 * A vendor's life: apply (draft) → submit → a platform admin approves, rejects or later suspends;
 * its profile, its history, and the vendors one belongs to. On approval the applicant becomes the
 * vendor's first clinic_admin, and identity adds them to that Cognito group on `vendor.staff_added`.
 */
export function applicationsService(ports: RecordPorts) {
  const { store, now, isPlatformAdmin, access, view, event, historyEntry, bump } = vendorRules(ports);

  async function changeStatus(
    caller: Caller,
    vendorId: string,
    to: VendorStatus,
    allowedFrom: VendorStatus[],
    reason: string | null,
  ) {
    return retryOnConflict(RETRY, async () => {
      const vendor = await store.getVendor(vendorId);
      if (!vendor) throw refuse.notFound();
      if (!allowedFrom.includes(vendor.status)) throw refuse.conflict('vendor-state', { state: vendor.status });
      const { vendor: after, writes, events } = await bump(vendor, { status: to, statusReason: reason }, caller);
      const action =
        to === 'approved'
          ? 'approved'
          : to === 'rejected'
            ? 'rejected'
            : to === 'suspended'
              ? 'suspended'
              : 'submitted';
      writes.push(historyEntry(after, caller.auth.userId, action, vendor.status, reason));
      const statusEvent = { vendorId, by: caller.auth.userId, ...(reason ? { reason } : {}) };
      events.unshift(event(`vendor.${action}` as 'vendor.approved', statusEvent, caller));
      if (to === 'approved' && !(await store.getMember(vendorId, vendor.applicantId))) {
        after.adminCount += 1;
        writes.push({
          type: 'member',
          item: {
            vendorId,
            userId: vendor.applicantId,
            username: vendor.applicantUsername,
            role: 'clinic_admin',
            addedBy: caller.auth.userId,
            createdAt: after.updatedAt,
          },
        });
        events.push(
          event(
            'vendor.staff_added',
            {
              vendorId,
              userId: vendor.applicantId,
              username: vendor.applicantUsername,
              role: 'clinic_admin',
              by: caller.auth.userId,
            },
            caller,
          ),
        );
      }
      await store.commit(writes, events);
      return view(after, 'platform_admin');
    });
  }

  return {
    async apply(caller: Caller, input: ApplyInput): Promise<VendorView> {
      const open = await store.countOpenApplications(caller.auth.userId);
      if (open >= MAX_OPEN_APPLICATIONS) throw refuse.unprocessable('vendor-limit');
      const at = now().toISOString();
      const vendor: Vendor = {
        vendorId: newId(),
        name: input.name,
        kind: input.kind,
        description: input.description ?? null,
        address: input.address,
        lat: input.lat,
        lon: input.lon,
        phone: input.phone,
        email: input.email ?? null,
        licenseNumbers: input.licenseNumbers,
        status: 'draft',
        statusReason: null,
        applicantId: caller.auth.userId,
        applicantUsername: caller.auth.username,
        adminCount: 0,
        ratingSum: 0,
        reviewCount: 0,
        listingVersion: 0,
        version: 1,
        createdAt: at,
        updatedAt: at,
      };
      await store.commit(
        [
          { type: 'vendor', item: vendor, expectedVersion: null },
          historyEntry(vendor, caller.auth.userId, 'applied', null),
        ],
        [
          event(
            'vendor.registered',
            { vendorId: vendor.vendorId, name: vendor.name, kind: vendor.kind, applicantId: vendor.applicantId },
            caller,
          ),
        ],
      );
      return view(vendor, 'applicant');
    },

    async get(caller: Caller, vendorId: string): Promise<VendorView> {
      const { vendor, role } = await access(caller, vendorId, 'view');
      return view(vendor, role);
    },

    async update(
      caller: Caller,
      vendorId: string,
      patch: VendorPatch,
      ifMatch: number | undefined,
    ): Promise<VendorView> {
      return retryOnConflict(RETRY, async () => {
        const { vendor, role } = await access(caller, vendorId, 'manage');
        if (ifMatch !== undefined && ifMatch !== vendor.version) throw refuse.conflict('version-mismatch');
        if (vendor.status === 'submitted') throw refuse.conflict('vendor-state', { state: vendor.status });
        const { address, ...rest } = patch;
        const changes: Partial<Vendor> = {
          ...rest,
          ...(address ? { address: { ...vendor.address, ...address } } : {}),
        };
        const { vendor: after, writes, events } = await bump(vendor, changes, caller);
        writes.push(historyEntry(after, caller.auth.userId, 'updated', vendor.status));
        await store.commit(writes, events);
        return view(after, role);
      });
    },

    async submit(caller: Caller, vendorId: string): Promise<VendorView> {
      const { vendor } = await access(caller, vendorId, 'manage');
      if (vendor.status !== 'draft' && vendor.status !== 'rejected')
        throw refuse.conflict('vendor-state', { state: vendor.status });
      if ((await store.documents(vendorId)).length === 0) throw refuse.unprocessable('documents-required');
      if (vendor.kind === 'clinic' && !vendor.licenseNumbers.sip) {
        throw refuse.unprocessable('validation', [
          { path: 'licenseNumbers.sip', message: 'a clinic needs the SIP of its vet' },
        ]);
      }
      return retryOnConflict(RETRY, async () => {
        const current = (await store.getVendor(vendorId))!;
        if (current.status !== 'draft' && current.status !== 'rejected')
          throw refuse.conflict('vendor-state', { state: current.status });
        const { vendor: after, writes } = await bump(current, { status: 'submitted', statusReason: null }, caller);
        writes.push(historyEntry(after, caller.auth.userId, 'submitted', current.status));
        await store.commit(writes, [event('vendor.submitted', { vendorId, by: caller.auth.userId }, caller)]);
        return view(after, 'applicant');
      });
    },

    async reviewQueue(status: VendorStatus, page: PageRequest): Promise<Page<VendorView>> {
      const found = await store.vendorsByStatus(status, page);
      return { items: found.items.map((vendor) => view(vendor, 'platform_admin')), nextCursor: found.nextCursor };
    },

    approve: (caller: Caller, vendorId: string) =>
      changeStatus(caller, vendorId, 'approved', ['submitted', 'suspended'], null),
    reject: (caller: Caller, vendorId: string, reason: string) =>
      changeStatus(caller, vendorId, 'rejected', ['submitted'], reason),
    suspend: (caller: Caller, vendorId: string, reason: string) =>
      changeStatus(caller, vendorId, 'suspended', ['approved'], reason),

    async history(caller: Caller, vendorId: string, page: PageRequest): Promise<Page<Omit<HistoryEntry, 'vendorId'>>> {
      await access(caller, vendorId, 'manage').catch(async (error: unknown) => {
        if (!isPlatformAdmin(caller)) throw error;
      });
      const found = await store.history(vendorId, page);
      return { items: found.items.map(({ vendorId: _v, ...entry }) => entry), nextCursor: found.nextCursor };
    },

    async myVendors(caller: Caller): Promise<{ vendorId: string; name: string; status: VendorStatus; role: string }[]> {
      const memberships = await store.membershipsOf(caller.auth.userId);
      const result = [];
      for (const member of memberships) {
        const vendor = await store.getVendor(member.vendorId);
        if (vendor)
          result.push({ vendorId: vendor.vendorId, name: vendor.name, status: vendor.status, role: member.role });
      }
      return result;
    },
  };
}

export type ApplicationsService = ReturnType<typeof applicationsService>;

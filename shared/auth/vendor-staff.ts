/**
 * A user's membership of a vendor: written by the vendors domain (approval, invitations), read by
 * every domain that serves a vendor's staff (payments, booking, shop) to check "staff of *this*
 * vendor", not just the Cognito group. One key shape for the writer and the readers
 * (the reader: shared/table/vendor-staff.ts).
 */
export const STAFF_ROLES = ['clinic_staff', 'clinic_admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** A vendor's partition: the vendor and everything it owns, its members among them. */
export const vendorPartition = ({ vendorId }: { vendorId: string }) => `VENDOR#${vendorId}`;
export const MEMBER_PREFIX = 'MEMBER#';

export const vendorMemberKey = (vendorId: string, userId: string) => ({
  pk: vendorPartition({ vendorId }),
  sk: `${MEMBER_PREFIX}${userId}`,
});

import type { VendorKind } from '../lib/pet-care.ts';

/**
 * Platform commission by vendor kind, until admins can set rates per vendor: services of clinics
 * and groomers carry more of the platform's work (booking, reminders) than shop orders.
 * Payments (bookings) and checkout pricing (orders) read the same table.
 */
export const DEFAULT_COMMISSION_RATES: Readonly<Record<VendorKind, number>> = { clinic: 0.1, groomer: 0.1, shop: 0.08 };

import { ownedPet } from '#shared/table/pets.ts';
import { chosenName } from '#shared/table/user-profile.ts';
import { vendorStaffRole } from '#shared/table/vendor-staff.ts';
import type { AccessPorts, RecordPorts } from './booking-rules.ts';
import { bookingsService, type BookingsService } from './bookings.ts';
import { calendarsService, type CalendarsService } from './calendars.ts';
import { listingsService, type ListingsService } from './listings.ts';
import { sagaService, type SagaService } from './saga.ts';
import { dynamoBookingStore } from './store.ts';
import { vendorDayService, type VendorDayService } from './vendor-day.ts';

/**
 * The use cases of each area on the table, built at first use: a handler builds (and bundles) only
 * its own area. The caller's role at a vendor (vendors' staff, through the shared key) comes only to
 * the areas that check it; pets and reviewers' chosen names only to the customer's bookings. The
 * reminders, with EventBridge Scheduler, are wired apart (reminders-wiring.ts).
 */
let table: RecordPorts | undefined;
const onTable = (): RecordPorts => (table ??= { store: dynamoBookingStore() });
const withStaff = (): AccessPorts => ({ ...onTable(), staffRole: vendorStaffRole });

const built: {
  listings?: ListingsService;
  bookings?: BookingsService;
  vendorDay?: VendorDayService;
  saga?: SagaService;
  calendars?: CalendarsService;
} = {};

export const listings = () => (built.listings ??= listingsService(onTable()));
export const bookings = () =>
  (built.bookings ??= bookingsService({ ...withStaff(), pet: ownedPet, reviewerName: chosenName }));
export const vendorDay = () => (built.vendorDay ??= vendorDayService(withStaff()));
export const saga = () => (built.saga ??= sagaService(onTable()));
export const calendars = () => (built.calendars ??= calendarsService(withStaff()));

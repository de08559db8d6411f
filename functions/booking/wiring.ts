import { once } from '#shared/lib/once.ts';
import { ownedPet } from '#shared/table/pets.ts';
import { chosenName } from '#shared/table/user-profile.ts';
import { vendorStaffRole } from '#shared/table/vendor-staff.ts';
import type { AccessPorts, RecordPorts } from './booking-rules.ts';
import { bookingsService } from './bookings.ts';
import { calendarsService } from './calendars.ts';
import { listingsService } from './listings.ts';
import { sagaService } from './saga.ts';
import { dynamoBookingStore } from './store.ts';
import { vendorDayService } from './vendor-day.ts';

/**
 * The use cases of each area on the table, built at first use: a handler builds (and bundles) only
 * its own area. The caller's role at a vendor (vendors' staff, through the shared key) comes only to
 * the areas that check it; pets and reviewers' chosen names only to the customer's bookings. The
 * reminders, with EventBridge Scheduler, are wired apart (reminders-wiring.ts).
 */
const onTable = /* @__PURE__ */ once((): RecordPorts => ({ store: dynamoBookingStore() }));
const withStaff = (): AccessPorts => ({ ...onTable(), staffRole: vendorStaffRole });

export const listings = /* @__PURE__ */ once(() => listingsService(onTable()));
export const bookings = /* @__PURE__ */ once(() =>
  bookingsService({ ...withStaff(), pet: ownedPet, reviewerName: chosenName }),
);
export const vendorDay = /* @__PURE__ */ once(() => vendorDayService(withStaff()));
export const saga = /* @__PURE__ */ once(() => sagaService(onTable()));
export const calendars = /* @__PURE__ */ once(() => calendarsService(withStaff()));

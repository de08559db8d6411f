import { ownedPet } from '#shared/table/pets.ts';
import { chosenName } from '#shared/table/user-profile.ts';
import { vendorStaffRole } from '#shared/table/vendor-staff.ts';
import { bookingService, type BookingService } from './bookings.ts';
import { dynamoBookingStore } from './store.ts';

/** The booking use cases on the table (pets, staff and reviewers' names through the shared keys), built at first use. */
let service: BookingService | undefined;

export function bookings(): BookingService {
  service ??= bookingService({
    store: dynamoBookingStore(),
    pet: ownedPet,
    staffRole: vendorStaffRole,
    reviewerName: chosenName,
  });
  return service;
}

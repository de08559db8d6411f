import type { AuthContext } from '#shared/auth/access.ts';
import { ownedPet } from '#shared/table/pets.ts';
import { chosenName } from '#shared/table/user-profile.ts';
import { vendorStaffRole } from '#shared/table/vendor-staff.ts';
import { bookingService, type BookingService, type Caller } from './bookings.ts';
import { dynamoBookingStore } from './store.ts';

/** The booking use cases on the table (pets, staff and reviewers' names through the shared keys), built at first use. */
let service: BookingService | undefined;

export function bookings(): BookingService {
  service ??= bookingService({ store: dynamoBookingStore(), pet: ownedPet, staffRole: vendorStaffRole, reviewerName: chosenName });
  return service;
}

export function caller(request: { auth: AuthContext; correlationId: string }): Caller {
  return { auth: request.auth, correlationId: request.correlationId };
}

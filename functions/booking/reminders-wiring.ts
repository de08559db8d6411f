import { eventBridgeSchedules } from '#shared/scheduling/eventbridge-scheduler.ts';
import { ownedPet } from '#shared/table/pets.ts';
import { vendorStaffRole } from '#shared/table/vendor-staff.ts';
import { bookingService, type BookingService } from './bookings.ts';
import { dynamoBookingStore } from './store.ts';

/** The booking use cases with EventBridge Scheduler (only the reminder handlers carry the Scheduler client). */
let service: BookingService | undefined;

export function bookingsWithReminders(): BookingService {
  service ??= bookingService({
    store: dynamoBookingStore(),
    pet: ownedPet,
    staffRole: vendorStaffRole,
    schedules: eventBridgeSchedules(),
  });
  return service;
}

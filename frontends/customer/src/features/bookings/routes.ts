/**
 * The customer's bookings: the list (upcoming/past), one booking (which follows its payment), and
 * booking a clinic's service (slot picker, pet, book; `serviceId` preselected when the clinic's profile chose one).
 */
export type BookingsRoute =
  | { area: 'bookings'; screen: 'list' }
  | { area: 'bookings'; screen: 'detail'; bookingId: string }
  | { area: 'bookings'; screen: 'book'; vendorId: string; serviceId?: string }
  | { area: 'bookings'; screen: 'reschedule'; bookingId: string };

/** The customer's bookings: the list (upcoming/past) and one booking. */
export type BookingsRoute =
  { area: 'bookings'; screen: 'list' } | { area: 'bookings'; screen: 'detail'; bookingId: string };

/** My bookings, booking, paying, cancelling, rescheduling, reviewing. */
export const bookingsMessages = {
  id: {},
  en: {},
} as const;

import { idr } from '#shared/lib/money.ts';
import type { Booking } from './model.ts';

/** A booking as its customer and the vendor's staff see it. */
export function toBookingView(booking: Booking) {
  const {
    bookingId,
    status,
    vendorId,
    vendorName,
    serviceId,
    serviceName,
    petId,
    petName,
    start,
    end,
    timeZone,
    prepay,
    holdExpiresAt,
    payment,
    notes,
    cancelledBy,
    endReason,
    reviewed,
    createdAt,
    updatedAt,
  } = booking;
  return {
    bookingId,
    status,
    vendorId,
    vendorName,
    serviceId,
    serviceName,
    petId,
    petName,
    start,
    end,
    timeZone,
    amount: idr(booking.amount),
    prepay,
    holdExpiresAt: status === 'held' || status === 'pending_payment' ? holdExpiresAt : null,
    payment,
    notes,
    cancelledBy,
    endReason,
    refundAmount: idr(booking.refundAmount),
    reviewed,
    createdAt,
    updatedAt,
    _links: {
      self: { href: `/v1/bookings/${bookingId}` },
      calendar: { href: `/v1/bookings/${bookingId}/calendar.ics` },
      ...(payment ? { payment: { href: `/v1/payments/${payment.paymentId}` } } : {}),
    },
  };
}

import { idr } from '#shared/lib/money.ts';
import type { Booking } from './model.ts';

/** A booking as its customer and the vendor's staff see it. */
export function toBookingView(booking: Booking) {
  return {
    bookingId: booking.bookingId,
    status: booking.status,
    vendorId: booking.vendorId,
    vendorName: booking.vendorName,
    serviceId: booking.serviceId,
    serviceName: booking.serviceName,
    petId: booking.petId,
    petName: booking.petName,
    start: booking.start,
    end: booking.end,
    timeZone: booking.timeZone,
    amount: idr(booking.amount),
    prepay: booking.prepay,
    holdExpiresAt: booking.status === 'held' || booking.status === 'pending_payment' ? booking.holdExpiresAt : null,
    payment: booking.payment,
    notes: booking.notes,
    cancelledBy: booking.cancelledBy,
    endReason: booking.endReason,
    refundAmount: idr(booking.refundAmount),
    reviewed: booking.reviewed,
    createdAt: booking.createdAt,
    updatedAt: booking.updatedAt,
    _links: {
      self: { href: `/v1/bookings/${booking.bookingId}` },
      calendar: { href: `/v1/bookings/${booking.bookingId}/calendar.ics` },
      ...(booking.payment ? { payment: { href: `/v1/payments/${booking.payment.paymentId}` } } : {}),
    },
  };
}

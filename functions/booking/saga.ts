import { UNPAID_STATUSES, type BookingStatus } from './model.ts';
import { bookingRules, minutes, ref, type RecordPorts } from './booking-rules.ts';

/**
 * The booking saga's steps (booking-saga.asl.json): what it runs on, the payment page recorded,
 * confirm (or refund a payment that came too late), release; and the sweeper behind it that
 * releases holds the saga left long past their expiry.
 */
export function sagaService(ports: RecordPorts) {
  const { store, now, event, releaseWrites, unpaidRemoval, transition } = bookingRules(ports);

  return {
    /** What the saga runs on (built when booking.held arrives): whether to take a payment and its request. */
    async sagaInput(bookingId: string) {
      const booking = await store.getBooking(bookingId);
      if (!booking) return undefined;
      // The sign-in name when it is an email or a +62 number (Cognito may give its own id instead).
      const email = /^[^@\s]+@[^@\s]+$/.test(booking.customerContact) ? booking.customerContact : undefined;
      const phone = /^\+62\d{8,13}$/.test(booking.customerContact) ? booking.customerContact : undefined;
      return {
        bookingId,
        prepay: booking.prepay,
        payment: {
          reference: `booking:${bookingId}`,
          provider: booking.provider,
          payerId: booking.customerId,
          vendorId: booking.vendorId,
          vendorKind: booking.vendorKind,
          amount: booking.amount,
          expiresAt: booking.holdExpiresAt ?? booking.start,
          customer: {
            name: booking.petName ? `Pemilik ${booking.petName}` : 'Pelanggan PetPro',
            ...(email ? { email } : {}),
            ...(phone ? { phone } : {}),
          },
          items: [
            {
              id: booking.serviceId,
              name: `${booking.serviceName} (${booking.petName})`.slice(0, 100),
              price: booking.amount,
              quantity: 1,
            },
          ],
        },
      };
    },

    /** The payment page is open: the customer sees it on their booking. */
    async recordPayment(
      bookingId: string,
      payment: { paymentId: string; redirectUrl: string | null; expiresAt: string },
      correlationId: string,
    ): Promise<{ status: BookingStatus }> {
      const result = await transition(bookingId, ['held'], async (booking) => ({
        changes: { status: 'pending_payment', payment },
        events: [event('booking.payment_pending', { ...ref(booking), ...payment }, correlationId)],
      }));
      return { status: result.booking.status };
    },

    /**
     * Confirms a held booking (paid, or needing no payment). A booking that ended meanwhile (cancelled,
     * or released) cannot take a payment that arrived anyway: the money goes back (booking.refund_due).
     */
    async confirm(
      bookingId: string,
      paymentId: string | null,
      correlationId: string,
    ): Promise<{ confirmed: boolean; status: BookingStatus }> {
      const result = await transition(bookingId, ['held', 'pending_payment'], async (booking) => ({
        changes: { status: 'confirmed', holdExpiresAt: booking.holdExpiresAt },
        writes: await unpaidRemoval(booking),
        events: [event('booking.confirmed', { ...ref(booking), paymentId }, correlationId)],
      }));
      if (
        result.changed ||
        result.booking.status === 'confirmed' ||
        result.booking.status === 'checked_in' ||
        result.booking.status === 'completed'
      ) {
        return { confirmed: true, status: result.booking.status };
      }
      if (paymentId) {
        // Ended before the money came: record the refund once (the event id would differ on a retry, so the booking remembers it).
        await transition(bookingId, ['cancelled', 'expired'], async (booking) =>
          booking.refundAmount > 0
            ? 'skip'
            : {
                changes: { refundAmount: booking.amount },
                events: [
                  event(
                    'booking.refund_due',
                    { bookingId, paymentId, amount: booking.amount, reason: 'Payment arrived after the booking ended' },
                    correlationId,
                  ),
                ],
              },
        );
      }
      return { confirmed: false, status: result.booking.status };
    },

    /**
     * The saga gave up (payment failed, expired, the hold timed out, or a step kept failing), or the
     * sweeper found the hold long expired: the slot is free again. booking.expired is all payments
     * needs: it closes the payment attempt, and refunds the payment once if money came (or comes) in
     * for this booking (decision 0020) — so no refund is asked here, not even with `paidWith` (the
     * saga knows the money was taken: the booking shows it as its refund).
     */
    async release(
      bookingId: string,
      reason: string,
      correlationId: string,
      paidWith?: string,
    ): Promise<{ status: BookingStatus }> {
      const result = await transition(bookingId, ['held', 'pending_payment'], async (booking) => ({
        changes: {
          status: 'expired',
          cancelledBy: 'system',
          endReason: reason,
          refundAmount: paidWith ? booking.amount : 0,
        },
        writes: await releaseWrites(booking),
        events: [event('booking.expired', { ...ref(booking), reason }, correlationId)],
      }));
      return { status: result.booking.status };
    },

    /** Safety net: holds past their expiry (plus a margin for the saga) that are still unpaid are released. */
    async sweepHolds(marginMinutes = 10): Promise<string[]> {
      const before = new Date(now().getTime() - minutes(marginMinutes)).toISOString();
      const released: string[] = [];
      for (const booking of await store.staleHolds(before, 100)) {
        if (!UNPAID_STATUSES.has(booking.status)) continue;
        // No payment id: whether money exists is payments' to find out (from booking.expired), not a refund to ask for blindly.
        const { status } = await this.release(booking.bookingId, 'hold expired (swept)', `sweep-${booking.bookingId}`);
        if (status === 'expired') released.push(booking.bookingId);
      }
      return released;
    },
  };
}

export type SagaService = ReturnType<typeof sagaService>;

import * as z from 'zod';
import { defineDomain } from '#shared/manifest/types.ts';
import { commonProblems, conflictProblem, forbiddenProblem, page, problemResponse, ruleProblem } from '#shared/http/schemas.ts';
import * as s from './schemas.ts';

const read = { table: 'read' } as const;
const write = { table: 'readwrite' } as const;
const booking = { 200: { description: 'Booking', body: s.bookingView } } as const;
const stateConflict = conflictProblem('The booking is not in a state that allows this');

/** Booking: slots, holds, the booking saga, the customer's and the clinic's side, reviews and calendars. */
export const manifest = defineDomain({
  domain: 'booking',
  description: 'Slots, bookings that never over-book, the booking saga, cancel/reschedule policy, check-in, reviews, calendars',
  routes: {
    slots: {
      method: 'GET', path: '/v1/clinics/{vendorId}/services/{serviceId}/slots', handler: 'handlers/slots.ts', useCase: 'bookings.slots', emits: [], auth: 'public', access: read,
      summary: 'Bookable slots of a service in [from, to) (at most 31 days), each with what remains of its capacity',
      request: { params: s.slotParams, query: s.slotQuery },
      responses: { 200: { description: 'Slots', body: z.object({ items: z.array(s.slot) }) }, ...commonProblems, ...conflictProblem('The clinic is not taking bookings') },
    },
    createBooking: {
      method: 'POST', path: '/v1/bookings', handler: 'handlers/create-booking.ts', useCase: 'bookings.book', emits: ['booking.held'], auth: 'user', access: write, headers: ['Idempotency-Key'],
      summary: 'Book a slot for your pet. Prepaid services answer with the payment page (pay within the hold) when it is ready',
      request: { body: s.bookInput },
      responses: {
        201: { description: 'Held (prepaid: pay to confirm) or confirmed shortly', body: s.bookingView },
        ...commonProblems,
        ...conflictProblem('The slot is full, the pet has another booking then, too many unpaid bookings, or the clinic is not taking bookings'),
        ...ruleProblem('Not a slot this service offers (hours, lead time, horizon), or not for this species'),
      },
    },
    myBookings: {
      method: 'GET', path: '/v1/me/bookings', handler: 'handlers/my-bookings.ts', useCase: 'bookings.mine', emits: [], auth: 'user', access: read,
      summary: 'Your bookings, latest appointment first',
      request: { query: s.mineQuery },
      responses: { 200: { description: 'Bookings', body: page(s.bookingView) }, ...commonProblems },
    },
    getBooking: {
      method: 'GET', path: '/v1/bookings/{bookingId}', handler: 'handlers/get-booking.ts', useCase: 'bookings.get', emits: [], auth: 'user', access: read,
      summary: 'A booking (its customer, the vendor\'s staff)',
      request: { params: s.bookingParams },
      responses: { ...booking, ...commonProblems },
    },
    cancelBooking: {
      method: 'POST', path: '/v1/bookings/{bookingId}/cancel', handler: 'handlers/cancel-booking.ts', useCase: 'bookings.cancel', emits: ['booking.cancelled', 'booking.refund_due'], auth: 'user', access: write,
      summary: 'Cancel: the customer until the clinic\'s cutoff (full refund of a paid booking), the clinic any time (full refund)',
      request: { params: s.bookingParams, body: s.cancelInput.optional() },
      responses: { ...booking, ...commonProblems, ...conflictProblem('Past the cutoff, or already ended') },
    },
    rescheduleBooking: {
      method: 'POST', path: '/v1/bookings/{bookingId}/reschedule', handler: 'handlers/reschedule-booking.ts', useCase: 'bookings.reschedule', emits: ['booking.rescheduled'], auth: 'user', access: write,
      summary: 'Move to another slot of the same service: the new slot is taken before the old is freed (a full slot changes nothing)',
      request: { params: s.bookingParams, body: s.rescheduleInput },
      responses: { ...booking, ...commonProblems, ...conflictProblem('The new slot is full, past the cutoff, or the booking already ended'), ...ruleProblem('Not a slot this service offers') },
    },
    vendorBookings: {
      method: 'GET', path: '/v1/vendors/{vendorId}/bookings', handler: 'handlers/vendor-bookings.ts', useCase: 'bookings.vendorCalendar', emits: [], auth: 'user', access: read,
      summary: 'The clinic\'s calendar: bookings starting in [from, to) (at most 62 days), for its staff',
      request: { params: s.vendorParams, query: s.calendarQuery },
      responses: { 200: { description: 'Bookings', body: z.object({ items: z.array(s.bookingView.extend({ customer: z.string() })) }) }, ...commonProblems },
    },
    checkIn: {
      method: 'POST', path: '/v1/bookings/{bookingId}/check-in', handler: 'handlers/check-in.ts', useCase: 'bookings.checkIn', emits: ['booking.checked_in'], auth: 'user', access: write,
      summary: 'The pet arrived (vendor staff; confirmed bookings)',
      request: { params: s.bookingParams },
      responses: { ...booking, ...commonProblems, ...forbiddenProblem('Only the clinic\'s staff'), ...stateConflict },
    },
    completeBooking: {
      method: 'POST', path: '/v1/bookings/{bookingId}/complete', handler: 'handlers/complete.ts', useCase: 'bookings.complete', emits: ['booking.completed'], auth: 'user', access: write,
      summary: 'Done (vendor staff; checked-in bookings); the customer may then review it',
      request: { params: s.bookingParams },
      responses: { ...booking, ...commonProblems, ...forbiddenProblem('Only the clinic\'s staff'), ...stateConflict },
    },
    noShow: {
      method: 'POST', path: '/v1/bookings/{bookingId}/no-show', handler: 'handlers/no-show.ts', useCase: 'bookings.noShow', emits: ['booking.no_show'], auth: 'user', access: write,
      summary: 'Nobody came (vendor staff; only after the start time)',
      request: { params: s.bookingParams },
      responses: { ...booking, ...commonProblems, ...forbiddenProblem('Only the clinic\'s staff'), ...conflictProblem('Before the start time, or not confirmed') },
    },
    reviewBooking: {
      method: 'POST', path: '/v1/bookings/{bookingId}/review', handler: 'handlers/review-booking.ts', useCase: 'bookings.review', emits: ['review.submitted'], auth: 'user', access: write,
      summary: 'Rate a completed booking 1–5 with a comment, once (the clinic\'s rating and search follow)',
      request: { params: s.bookingParams, body: s.reviewInput },
      responses: { 201: { description: 'Review', body: s.reviewView }, ...commonProblems, ...conflictProblem('Not completed yet, or already reviewed') },
    },
    bookingCalendar: {
      method: 'GET', path: '/v1/bookings/{bookingId}/calendar.ics', handler: 'handlers/booking-ics.ts', useCase: 'bookings.bookingIcs', emits: [], auth: 'user', access: read,
      summary: 'The booking as an iCalendar file for your own calendar',
      request: { params: s.bookingParams },
      responses: { 200: { description: 'iCalendar', contentType: 'text/calendar' }, ...commonProblems },
    },
    vendorCalendarFeed: {
      method: 'GET', path: '/v1/vendors/{vendorId}/calendar.ics', handler: 'handlers/vendor-feed.ts', useCase: 'bookings.vendorFeed', emits: [], auth: 'public', access: read,
      summary: 'The clinic\'s iCalendar feed (secret link from calendar-token; a wrong or revoked token is 404)',
      request: { params: s.vendorParams, query: s.feedQuery },
      responses: { 200: { description: 'iCalendar', contentType: 'text/calendar' }, ...commonProblems },
    },
    issueCalendarToken: {
      method: 'POST', path: '/v1/vendors/{vendorId}/calendar-token', handler: 'handlers/issue-calendar-token.ts', useCase: 'bookings.issueCalendarToken', emits: [], auth: 'user', access: write,
      summary: 'A new secret calendar feed link (vendor admin); the previous link stops working',
      request: { params: s.vendorParams },
      responses: { 201: { description: 'Feed link, shown once', body: z.object({ url: z.string() }) }, ...commonProblems },
    },
    revokeCalendarToken: {
      method: 'DELETE', path: '/v1/vendors/{vendorId}/calendar-token', handler: 'handlers/revoke-calendar-token.ts', useCase: 'bookings.revokeCalendarToken', emits: [], auth: 'user', access: write,
      summary: 'Turn the calendar feed link off (vendor admin)',
      request: { params: s.vendorParams },
      responses: { 204: { description: 'Revoked' }, ...commonProblems, 404: problemResponse('Not a vendor admin here') },
    },
  },
  subscriptions: {
    saveListing: {
      description: 'Keeps booking\'s copy of each vendor\'s listing (services, hours, policy); the newest listing wins',
      events: ['vendor.listing_updated'],
      handler: 'handlers/on-listing-updated.ts', useCase: 'bookings.saveListing', emits: [],
      access: write,
    },
    startSaga: {
      description: 'A held booking starts its saga (execution named by the booking: once)',
      events: ['booking.held'],
      handler: 'handlers/start-saga.ts', useCase: 'bookings.sagaInput', emits: [],
      access: { table: 'read', sagas: ['booking.booking'] },
    },
    scheduleReminders: {
      description: 'Reminders at H-1 day and 2 hours before a confirmed booking (one-time schedules putting booking.reminder_due on the bus)',
      events: ['booking.confirmed', 'booking.rescheduled'],
      handler: 'handlers/schedule-reminders.ts', useCase: 'bookingsWithReminders.scheduleReminders', emits: ['booking.reminder_due'],
      access: { table: 'read', oneTimeSchedules: true },
    },
    cancelReminders: {
      description: 'Deletes the reminders of a booking that will not happen',
      events: ['booking.cancelled', 'booking.expired', 'booking.no_show'],
      handler: 'handlers/cancel-reminders.ts', useCase: 'bookingsWithReminders.cancelReminders', emits: [],
      access: { oneTimeSchedules: true },
    },
  },
  schedules: {
    sweepHolds: {
      description: 'Releases unpaid holds long past their expiry (a safety net behind the saga)',
      schedule: 'rate(5 minutes)',
      handler: 'handlers/sweep-holds.ts', useCase: 'bookings.sweepHolds', emits: ['booking.expired'],
      access: write,
    },
  },
  tasks: {
    recordPayment: { description: 'Shows the opened payment page on the booking (pending_payment)', handler: 'tasks/record-payment.ts', useCase: 'bookings.recordPayment', emits: ['booking.payment_pending'], access: write },
    confirm: { description: 'Confirms a held booking; one that ended meanwhile gets the payment refunded', handler: 'tasks/confirm.ts', useCase: 'bookings.confirm', emits: ['booking.confirmed', 'booking.refund_due'], access: write },
    release: { description: 'Expires an unpaid booking and frees its slot', handler: 'tasks/release.ts', useCase: 'bookings.release', emits: ['booking.expired'], access: write },
  },
  sagas: {
    booking: {
      description: 'Held booking → (prepaid) payment page → wait for the payment within the hold → confirmed; else the attempt is closed and the slot released',
      definition: 'booking-saga.asl.json',
      tasks: {
        StartPayment: 'payments.startPayment',
        RecordPayment: 'booking.recordPayment',
        AwaitPayment: 'payments.awaitPayment',
        Confirm: 'booking.confirm',
        CancelPayment: 'payments.cancelPayment',
        Release: 'booking.release',
      },
    },
  },
});

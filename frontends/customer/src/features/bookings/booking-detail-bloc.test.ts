import { OfflineError } from '@petpro/api-client';
import { describe, expect, it } from 'vitest';
import { BookingDetailBloc, POLL_MS, type Timers } from './booking-detail-bloc';
import { booking, FakeBookingsRepository, fresh, kept, problem } from './fake-bookings-repository';

/** Timers run by hand: `fire()` runs what is due, as the clock would. */
class ManualTimers implements Timers {
  pending = new Map<number, { run: () => Promise<void>; ms: number }>();
  #next = 0;
  set(run: () => Promise<void>, ms: number) {
    this.#next += 1;
    this.pending.set(this.#next, { run, ms });
    return this.#next;
  }
  clear(handle: unknown) {
    this.pending.delete(handle as number);
  }
  async fire() {
    const due = [...this.pending.values()];
    this.pending.clear();
    await Promise.all(due.map((timer) => timer.run()));
  }
}

const awaiting = booking({ status: 'pending_payment', holdExpiresAt: '2026-12-07T03:45:00.000Z' });

function setUp() {
  const repository = new FakeBookingsRepository();
  const timers = new ManualTimers();
  const saved: { fileName: string; text: string }[] = [];
  const bloc = new BookingDetailBloc(
    repository,
    'b-1',
    async (fileName, text) => {
      saved.push({ fileName, text });
    },
    timers,
  );
  return { repository, timers, saved, bloc };
}

describe('BookingDetailBloc', () => {
  it('follows a booking awaiting payment until it is confirmed, then says so and stops', async () => {
    const { repository, timers, bloc } = setUp();
    repository.bookingAnswers.push(fresh(awaiting), fresh(awaiting), fresh(booking({ status: 'confirmed' })));
    await bloc.add({ type: 'load-requested' });
    expect(bloc.state).toMatchObject({ status: 'loaded', outcome: null, booking: { status: 'pending_payment' } });
    expect([...timers.pending.values()].map((t) => t.ms)).toEqual([POLL_MS]);

    await timers.fire();
    expect(bloc.state.booking?.status).toBe('pending_payment');
    await timers.fire();
    expect(bloc.state).toMatchObject({ outcome: 'confirmed', booking: { status: 'confirmed' } });
    expect(repository.callsOf('booking')).toHaveLength(3);
    expect(timers.pending.size).toBe(0);
  });

  it('says so when the hold ends without payment (failed or expired)', async () => {
    const { repository, timers, bloc } = setUp();
    repository.bookingAnswers.push(
      fresh(awaiting),
      fresh(booking({ status: 'expired', cancelledBy: 'system', endReason: 'payment not completed in time' })),
    );
    await bloc.add({ type: 'load-requested' });
    await timers.fire();
    expect(bloc.state).toMatchObject({ outcome: 'ended', booking: { status: 'expired' } });
    expect(timers.pending.size).toBe(0);
  });

  it('does not poll a settled booking, nor claim it just changed', async () => {
    const { repository, timers, bloc } = setUp();
    repository.bookingAnswers.push(fresh(booking({ status: 'confirmed' })));
    await bloc.add({ type: 'load-requested' });
    expect(bloc.state.outcome).toBeNull();
    expect(timers.pending.size).toBe(0);
  });

  it('keeps polling through a failed poll, and stops when closed', async () => {
    const { repository, timers, bloc } = setUp();
    repository.bookingAnswers.push(fresh(awaiting), new OfflineError('id'));
    await bloc.add({ type: 'load-requested' });
    await timers.fire();
    expect(bloc.state).toMatchObject({ status: 'loaded', error: null, booking: { status: 'pending_payment' } });
    expect(timers.pending.size).toBe(1);
    bloc.close();
    expect(timers.pending.size).toBe(0);
  });

  it('shows the copy kept on the device when offline, with when it was read', async () => {
    const { repository, bloc } = setUp();
    repository.bookingAnswers.push(kept(booking(), '2026-12-06T10:00:00.000Z'));
    await bloc.add({ type: 'load-requested' });
    expect(bloc.state.cached).toEqual({ updatedAt: '2026-12-06T10:00:00.000Z', fromCache: true });
  });

  it('shows the problem when the booking cannot be read', async () => {
    const { repository, bloc } = setUp();
    repository.bookingAnswers.push(problem(404, 'not-found', 'Pemesanan tidak ditemukan'));
    await bloc.add({ type: 'load-requested' });
    expect(bloc.state).toMatchObject({ status: 'error', error: { kind: 'problem', status: 404 } });
  });

  it('cancels with a reason only, and shows what the API refunded', async () => {
    const { repository, bloc } = setUp();
    repository.cancelAnswers.push(
      booking({ status: 'cancelled', cancelledBy: 'customer', refundAmount: { amount: 855_000, currency: 'IDR' } }),
    );
    await bloc.add({ type: 'load-requested' });
    await bloc.add({ type: 'cancel-opened' });
    await bloc.add({ type: 'cancel-confirmed' });
    expect(bloc.state.cancel).toMatchObject({ open: true, reasonMissing: true });
    expect(repository.callsOf('cancel')).toEqual([]);

    await bloc.add({ type: 'cancel-reason-changed', reason: '  Jadwal bentrok  ' });
    await bloc.add({ type: 'cancel-confirmed' });
    expect(repository.callsOf('cancel')).toEqual([['b-1', 'Jadwal bentrok']]);
    expect(bloc.state.cancel).toMatchObject({ open: false, step: 'done' });
    expect(bloc.state.booking).toMatchObject({ status: 'cancelled', refundAmount: { amount: 855_000 } });
  });

  it("shows the API's refusal past the clinic's cutoff, leaving the booking as it was", async () => {
    const { repository, bloc } = setUp();
    repository.cancelAnswers.push(
      problem(409, 'past-cutoff', 'Sudah terlambat untuk mengubah pemesanan ini sendiri.', { cancelCutoffHours: 24 }),
    );
    await bloc.add({ type: 'load-requested' });
    await bloc.add({ type: 'cancel-opened' });
    await bloc.add({ type: 'cancel-reason-changed', reason: 'Sakit' });
    await bloc.add({ type: 'cancel-confirmed' });
    expect(bloc.state.cancel).toMatchObject({ open: true, step: 'failed', error: { kind: 'problem', status: 409 } });
    expect(bloc.state.booking?.status).toBe('confirmed');
  });

  it('reviews a completed visit once, with a rating of 1 to 5', async () => {
    const { repository, bloc } = setUp();
    repository.bookingAnswers.push(fresh(booking({ status: 'completed' })));
    await bloc.add({ type: 'load-requested' });
    await bloc.add({ type: 'review-submitted' });
    expect(bloc.state.review.ratingMissing).toBe(true);
    await bloc.add({ type: 'rating-changed', rating: 6 });
    expect(bloc.state.review.rating).toBeNull();
    await bloc.add({ type: 'rating-changed', rating: 5 });
    await bloc.add({ type: 'comment-changed', comment: ' Dokternya ramah ' });
    await bloc.add({ type: 'review-submitted' });
    await bloc.add({ type: 'review-submitted' });
    expect(repository.callsOf('review')).toEqual([['b-1', 5, 'Dokternya ramah']]);
    expect(bloc.state.review.step).toBe('done');
    expect(bloc.state.booking?.reviewed).toBe(true);
  });

  it('saves the booking to the calendar as an .ics file', async () => {
    const { repository, saved, bloc } = setUp();
    repository.calendarAnswers.push('BEGIN:VCALENDAR\r\nSUMMARY:Sterilisasi\r\nEND:VCALENDAR\r\n');
    await bloc.add({ type: 'load-requested' });
    await bloc.add({ type: 'calendar-requested' });
    expect(saved).toEqual([
      { fileName: 'petpro-b-1.ics', text: 'BEGIN:VCALENDAR\r\nSUMMARY:Sterilisasi\r\nEND:VCALENDAR\r\n' },
    ]);
    expect(bloc.state.calendar.step).toBe('done');
  });
});

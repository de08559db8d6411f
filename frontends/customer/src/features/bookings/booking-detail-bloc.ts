import { Bloc, type Emit } from '../../bloc/bloc';
import { toErrorView, type ErrorView } from '../../data/errors';
import { isAwaitingPayment, type Booking } from './booking-model';
import type { BookingsRepository } from './bookings-repository';

/** How often a booking waiting for its payment is asked for again. */
export const POLL_MS = 3_000;

/** Saves (web: downloads; native: shares) an iCalendar file. */
export type SaveCalendar = (fileName: string, text: string) => Promise<void>;

/** setTimeout/clearTimeout, replaceable in tests. */
export interface Timers {
  /** `run` answers once the refresh it asked for was handled (tests await it). */
  set(run: () => Promise<void>, ms: number): unknown;
  clear(handle: unknown): void;
}

const realTimers: Timers = {
  set: (run, ms) => setTimeout(() => void run(), ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export type BookingDetailEvent =
  | { type: 'load-requested' }
  /** Asked again: on a timer while the payment is awaited, or when the customer comes back from paying. */
  | { type: 'refresh-requested' }
  | { type: 'cancel-opened' }
  | { type: 'cancel-dismissed' }
  | { type: 'cancel-reason-changed'; reason: string }
  | { type: 'cancel-confirmed' }
  | { type: 'rating-changed'; rating: number }
  | { type: 'comment-changed'; comment: string }
  | { type: 'review-submitted' }
  | { type: 'calendar-requested' };

type Step = 'idle' | 'submitting' | 'done' | 'failed';

export interface BookingDetailState {
  status: 'loading' | 'loaded' | 'error';
  booking: Booking | null;
  /** When it was last read from the API, and whether this copy came from the device. */
  cached: { updatedAt: string; fromCache: boolean } | null;
  error: ErrorView | null;
  /**
   * What happened while this screen watched a booking awaiting payment: paid and confirmed, or
   * ended without payment (failed, expired). Null when nothing changed under the customer's eyes.
   */
  outcome: 'confirmed' | 'ended' | null;
  cancel: { open: boolean; reason: string; reasonMissing: boolean; step: Step; error: ErrorView | null };
  review: { rating: number | null; comment: string; ratingMissing: boolean; step: Step; error: ErrorView | null };
  calendar: { step: Step; error: ErrorView | null };
}

const initial: BookingDetailState = {
  status: 'loading',
  booking: null,
  cached: null,
  error: null,
  outcome: null,
  cancel: { open: false, reason: '', reasonMissing: false, step: 'idle', error: null },
  review: { rating: null, comment: '', ratingMissing: false, step: 'idle', error: null },
  calendar: { step: 'idle', error: null },
};

/**
 * One booking: read through the offline cache, followed every few seconds while it waits for its
 * payment (held → confirmed, or expired), cancelled with a reason after seeing what is refunded,
 * reviewed once completed, and saved to the customer's calendar.
 */
export class BookingDetailBloc extends Bloc<BookingDetailEvent, BookingDetailState> {
  readonly #repository: BookingsRepository;
  readonly #bookingId: string;
  readonly #saveCalendar: SaveCalendar;
  readonly #timers: Timers;
  #timer: unknown = null;
  /** Seen waiting for its payment while on this screen. */
  #watched = false;

  constructor(
    repository: BookingsRepository,
    bookingId: string,
    saveCalendar: SaveCalendar,
    timers: Timers = realTimers,
  ) {
    super(initial);
    this.#repository = repository;
    this.#bookingId = bookingId;
    this.#saveCalendar = saveCalendar;
    this.#timers = timers;
  }

  override close(): void {
    this.#stopPolling();
    super.close();
  }

  protected override async handle(event: BookingDetailEvent, emit: Emit<BookingDetailState>): Promise<void> {
    const state = this.state;
    switch (event.type) {
      case 'load-requested':
        emit({ ...state, status: state.booking ? 'loaded' : 'loading', error: null });
        return this.#read(emit, false);
      case 'refresh-requested':
        return this.#read(emit, true);
      case 'cancel-opened':
        emit({ ...state, cancel: { ...initial.cancel, open: true } });
        return;
      case 'cancel-dismissed':
        if (state.cancel.step === 'submitting') return;
        emit({ ...state, cancel: { ...state.cancel, open: false, error: null } });
        return;
      case 'cancel-reason-changed':
        emit({ ...state, cancel: { ...state.cancel, reason: event.reason, reasonMissing: false } });
        return;
      case 'cancel-confirmed':
        return this.#cancel(emit);
      case 'rating-changed':
        if (!Number.isInteger(event.rating) || event.rating < 1 || event.rating > 5) return;
        emit({ ...state, review: { ...state.review, rating: event.rating, ratingMissing: false } });
        return;
      case 'comment-changed':
        emit({ ...state, review: { ...state.review, comment: event.comment } });
        return;
      case 'review-submitted':
        return this.#review(emit);
      case 'calendar-requested':
        return this.#calendar(emit);
    }
  }

  async #read(emit: Emit<BookingDetailState>, quietly: boolean): Promise<void> {
    this.#stopPolling();
    try {
      const read = await this.#repository.booking(this.#bookingId);
      this.#show(emit, read.value, { updatedAt: read.updatedAt, fromCache: read.fromCache });
    } catch (error) {
      // A failed poll keeps what is shown and tries again; a failed first read is shown.
      if (quietly && this.state.booking) {
        if (isAwaitingPayment(this.state.booking)) this.#poll();
        return;
      }
      emit({ ...this.state, status: 'error', error: toErrorView(error) });
    }
  }

  #show(emit: Emit<BookingDetailState>, booking: Booking, cached: BookingDetailState['cached']): void {
    const before = this.state.booking;
    let outcome = this.state.outcome;
    if (isAwaitingPayment(booking)) {
      this.#watched = true;
      outcome = null;
    } else if (this.#watched && before && isAwaitingPayment(before)) {
      outcome = booking.status === 'confirmed' ? 'confirmed' : booking.status === 'expired' ? 'ended' : null;
    }
    emit({ ...this.state, status: 'loaded', booking, cached, error: null, outcome });
    if (isAwaitingPayment(booking)) this.#poll();
  }

  async #cancel(emit: Emit<BookingDetailState>): Promise<void> {
    const { cancel, booking } = this.state;
    if (!booking || cancel.step === 'submitting') return;
    const reason = cancel.reason.trim();
    if (!reason) {
      emit({ ...this.state, cancel: { ...cancel, reasonMissing: true } });
      return;
    }
    emit({ ...this.state, cancel: { ...cancel, step: 'submitting', error: null } });
    try {
      const cancelled = await this.#repository.cancel(booking.bookingId, reason);
      this.#stopPolling();
      emit({
        ...this.state,
        booking: cancelled,
        cached: { updatedAt: cancelled.updatedAt, fromCache: false },
        outcome: null,
        cancel: { ...this.state.cancel, open: false, step: 'done', error: null },
      });
    } catch (error) {
      emit({ ...this.state, cancel: { ...this.state.cancel, step: 'failed', error: toErrorView(error) } });
    }
  }

  async #review(emit: Emit<BookingDetailState>): Promise<void> {
    const { review, booking } = this.state;
    if (!booking || review.step === 'submitting' || review.step === 'done') return;
    if (review.rating === null) {
      emit({ ...this.state, review: { ...review, ratingMissing: true } });
      return;
    }
    emit({ ...this.state, review: { ...review, step: 'submitting', error: null } });
    try {
      await this.#repository.review(booking.bookingId, review.rating, review.comment.trim());
      emit({
        ...this.state,
        booking: { ...booking, reviewed: true },
        review: { ...this.state.review, step: 'done', error: null },
      });
    } catch (error) {
      emit({ ...this.state, review: { ...this.state.review, step: 'failed', error: toErrorView(error) } });
    }
  }

  async #calendar(emit: Emit<BookingDetailState>): Promise<void> {
    const booking = this.state.booking;
    if (!booking || this.state.calendar.step === 'submitting') return;
    emit({ ...this.state, calendar: { step: 'submitting', error: null } });
    try {
      const text = await this.#repository.calendar(booking.bookingId);
      await this.#saveCalendar(`petpro-${booking.bookingId}.ics`, text);
      emit({ ...this.state, calendar: { step: 'done', error: null } });
    } catch (error) {
      emit({ ...this.state, calendar: { step: 'failed', error: toErrorView(error) } });
    }
  }

  #poll(): void {
    this.#stopPolling();
    if (this.closed) return;
    this.#timer = this.#timers.set(() => {
      this.#timer = null;
      return this.add({ type: 'refresh-requested' });
    }, POLL_MS);
  }

  #stopPolling(): void {
    if (this.#timer !== null) this.#timers.clear(this.#timer);
    this.#timer = null;
  }
}

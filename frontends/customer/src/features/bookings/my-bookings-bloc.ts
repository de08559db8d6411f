import { Bloc, type Emit } from '../../bloc/bloc';
import { toErrorView, type ErrorView } from '../../data/errors';
import { splitBookings, type Booking } from './booking-model';
import type { BookingsRepository } from './bookings-repository';

export type MyBookingsEvent = { type: 'load-requested' };

export interface MyBookingsState {
  status: 'loading' | 'loaded' | 'error';
  upcoming: readonly Booking[];
  past: readonly Booking[];
  /** When the list was last read from the API, and whether this copy came from the device. */
  cached: { updatedAt: string; fromCache: boolean } | null;
  error: ErrorView | null;
}

/** My bookings: upcoming (soonest first) and past (latest first), readable offline. */
export class MyBookingsBloc extends Bloc<MyBookingsEvent, MyBookingsState> {
  readonly #repository: Pick<BookingsRepository, 'myBookings'>;
  readonly #now: () => Date;

  constructor(repository: Pick<BookingsRepository, 'myBookings'>, now: () => Date = () => new Date()) {
    super({ status: 'loading', upcoming: [], past: [], cached: null, error: null });
    this.#repository = repository;
    this.#now = now;
  }

  protected override async handle(_event: MyBookingsEvent, emit: Emit<MyBookingsState>): Promise<void> {
    // While reloading, the list already shown stays on screen.
    emit({ ...this.state, status: this.state.cached ? 'loaded' : 'loading', error: null });
    try {
      const read = await this.#repository.myBookings();
      const { upcoming, past } = splitBookings(read.value, this.#now());
      emit({
        status: 'loaded',
        upcoming,
        past,
        cached: { updatedAt: read.updatedAt, fromCache: read.fromCache },
        error: null,
      });
    } catch (error) {
      emit({ ...this.state, status: this.state.cached ? 'loaded' : 'error', error: toErrorView(error) });
    }
  }
}

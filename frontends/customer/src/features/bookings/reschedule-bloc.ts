import { isApiProblem } from '@petpro/api-client';
import { Bloc, type Emit } from '../../bloc/bloc';
import { toErrorView, type ErrorView } from '../../data/errors';
import { canReschedule, clinicZone, type Booking, type ClinicProfile } from './booking-model';
import type { BookingsRepository } from './bookings-repository';
import { clinicDate } from './clinic-days';
import { SlotPickerBloc } from './slot-picker-bloc';

export type RescheduleEvent = { type: 'load-requested' } | { type: 'submitted' };

export interface RescheduleState {
  status: 'loading' | 'ready' | 'error';
  booking: Booking | null;
  clinic: ClinicProfile | null;
  submitting: boolean;
  error: ErrorView | null;
  /** The chosen slot was taken meanwhile: the slots were asked for again. */
  slotGone: boolean;
  /** Moved: the screen goes back to the booking. */
  moved: Booking | null;
}

/**
 * Moving a booking to another slot of the same service: the same slot picker as booking (the current
 * time marked), then the API takes the new slot before freeing the old one (a full one changes nothing).
 */
export class RescheduleBloc extends Bloc<RescheduleEvent, RescheduleState> {
  readonly slots: SlotPickerBloc;
  readonly #repository: BookingsRepository;
  readonly #bookingId: string;

  constructor(repository: BookingsRepository, bookingId: string, now: () => Date = () => new Date()) {
    super({
      status: 'loading',
      booking: null,
      clinic: null,
      submitting: false,
      error: null,
      slotGone: false,
      moved: null,
    });
    this.#repository = repository;
    this.#bookingId = bookingId;
    this.slots = new SlotPickerBloc(repository, now);
  }

  override close(): void {
    this.slots.close();
    super.close();
  }

  protected override async handle(event: RescheduleEvent, emit: Emit<RescheduleState>): Promise<void> {
    if (event.type === 'load-requested') return this.#load(emit);
    return this.#submit(emit);
  }

  async #load(emit: Emit<RescheduleState>): Promise<void> {
    emit({ ...this.state, status: 'loading', error: null });
    let booking: Booking;
    let clinic: ClinicProfile;
    try {
      booking = (await this.#repository.booking(this.#bookingId)).value;
      clinic = await this.#repository.clinic(booking.vendorId);
    } catch (error) {
      emit({ ...this.state, status: 'error', error: toErrorView(error) });
      return;
    }
    emit({ ...this.state, status: 'ready', booking, clinic, error: null });
    const service = clinic.services.find((candidate) => candidate.serviceId === booking.serviceId);
    if (!service || !canReschedule(booking)) return;
    await this.slots.add({
      type: 'target-set',
      target: { vendorId: clinic.vendorId, service, schedule: clinic.schedule, currentStart: booking.start },
      day: clinicDate(new Date(booking.start), clinicZone(booking.timeZone)),
    });
  }

  async #submit(emit: Emit<RescheduleState>): Promise<void> {
    const booking = this.state.booking;
    const slot = this.slots.chosen;
    if (!booking || !slot || this.state.submitting || this.state.moved) return;
    emit({ ...this.state, submitting: true, error: null, slotGone: false });
    try {
      const moved = await this.#repository.reschedule(booking.bookingId, slot.start);
      emit({ ...this.state, submitting: false, booking: moved, moved });
    } catch (error) {
      const slotGone = isApiProblem(error) && (error.code === 'slot-full' || error.code === 'slot-not-offered');
      emit({ ...this.state, submitting: false, error: toErrorView(error), slotGone });
      if (slotGone) await this.slots.add({ type: 'reload-requested' });
    }
  }
}

import type { ClinicTimeZone } from '@petpro/api-client';
import { Bloc, type Emit } from '../../bloc/bloc';
import { toErrorView, type ErrorView } from '../../data/errors';
import type { ApiSlot, ClinicSchedule, ClinicService } from './booking-model';
import type { BookingsRepository } from './bookings-repository';
import { clinicDate, dayGrid, daysWindow, nextClinicDays, slotChoices, type SlotChoice } from './clinic-days';

/** What the picker shows slots of: a clinic's service; `currentStart` is the booking being moved (reschedule). */
export interface SlotTarget {
  vendorId: string;
  service: ClinicService;
  schedule: ClinicSchedule;
  currentStart?: string;
}

export type SlotPickerEvent =
  | { type: 'target-set'; target: SlotTarget; day?: string }
  | { type: 'day-selected'; day: string }
  | { type: 'slot-selected'; start: string }
  /** Asks the API again (after the chosen slot was taken), keeping the day shown. */
  | { type: 'reload-requested' };

export interface SlotPickerState {
  status: 'idle' | 'loading' | 'loaded' | 'error';
  zone: ClinicTimeZone;
  /** The next days in the clinic's zone (YYYY-MM-DD), today first. */
  days: readonly string[];
  day: string | null;
  /** The chosen day's slots: the bookable ones and the crossed-out ones. */
  slots: readonly SlotChoice[];
  /** Days with at least one bookable slot. */
  openDays: ReadonlySet<string>;
  /** The chosen slot's start; only ever one the API offers with room left. */
  selected: string | null;
  error: ErrorView | null;
}

/**
 * The slot picker's ViewModel, shared by booking and rescheduling: the next 14 days of a service's
 * slots in one request, a day's slots with what is full or gone crossed out, and one bookable slot chosen.
 */
export class SlotPickerBloc extends Bloc<SlotPickerEvent, SlotPickerState> {
  readonly #slots: Pick<BookingsRepository, 'slots'>;
  readonly #now: () => Date;
  #target: SlotTarget | null = null;
  #offered: readonly ApiSlot[] = [];

  constructor(repository: Pick<BookingsRepository, 'slots'>, now: () => Date = () => new Date()) {
    super({
      status: 'idle',
      zone: 'Asia/Jakarta',
      days: [],
      day: null,
      slots: [],
      openDays: new Set(),
      selected: null,
      error: null,
    });
    this.#slots = repository;
    this.#now = now;
  }

  /** The chosen slot with its end, or null. */
  get chosen(): SlotChoice | null {
    return this.state.slots.find((slot) => slot.start === this.state.selected && slot.state === 'bookable') ?? null;
  }

  protected override async handle(event: SlotPickerEvent, emit: Emit<SlotPickerState>): Promise<void> {
    switch (event.type) {
      case 'target-set': {
        this.#target = event.target;
        const zone = event.target.schedule.timeZone;
        const days = nextClinicDays(this.#now(), zone);
        await this.#load(emit, { zone, days, preferred: event.day ?? null, selected: null });
        return;
      }
      case 'reload-requested': {
        if (!this.#target) return;
        const days = nextClinicDays(this.#now(), this.state.zone);
        await this.#load(emit, { zone: this.state.zone, days, preferred: this.state.day, selected: null });
        return;
      }
      case 'day-selected': {
        if (!this.state.days.includes(event.day)) return;
        emit({ ...this.state, day: event.day, slots: this.#choices(event.day), selected: null });
        return;
      }
      case 'slot-selected': {
        // Only what the API offers with room left can be chosen.
        const slot = this.state.slots.find((candidate) => candidate.start === event.start);
        if (slot?.state !== 'bookable') return;
        emit({ ...this.state, selected: slot.start });
        return;
      }
    }
  }

  async #load(
    emit: Emit<SlotPickerState>,
    next: { zone: ClinicTimeZone; days: string[]; preferred: string | null; selected: null },
  ): Promise<void> {
    const target = this.#target!;
    emit({ ...this.state, status: 'loading', zone: next.zone, days: next.days, selected: null, error: null });
    try {
      const { from, to } = daysWindow(next.days, next.zone);
      this.#offered = await this.#slots.slots(target.vendorId, target.service.serviceId, from, to);
    } catch (error) {
      this.#offered = [];
      emit({ ...this.state, status: 'error', slots: [], openDays: new Set(), error: toErrorView(error) });
      return;
    }
    const openDays = new Set(
      next.days.filter((day) => this.#choices(day, next.zone).some((slot) => slot.state === 'bookable')),
    );
    // The day asked for (or kept), else the first day with room, else today.
    const day =
      next.preferred && next.days.includes(next.preferred)
        ? next.preferred
        : (next.days.find((candidate) => openDays.has(candidate)) ?? next.days[0] ?? null);
    emit({
      ...this.state,
      status: 'loaded',
      day,
      slots: day ? this.#choices(day, next.zone) : [],
      openDays,
      selected: null,
      error: null,
    });
  }

  #choices(day: string, zone: ClinicTimeZone = this.state.zone): SlotChoice[] {
    const target = this.#target;
    if (!target) return [];
    const offered = this.#offered.filter((slot) => clinicDate(new Date(slot.start), zone) === day);
    return slotChoices(offered, dayGrid(target.schedule, target.service, day), this.#now(), target.currentStart);
  }
}

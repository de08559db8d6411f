import { isApiProblem, OfflineError } from '@petpro/api-client';
import { Bloc, type Emit } from '../../bloc/bloc';
import { toErrorView, type ErrorView } from '../../data/errors';
import type { Booking, ClinicProfile, ClinicService, Pet } from './booking-model';
import type { BookingsRepository } from './bookings-repository';
import { SlotPickerBloc } from './slot-picker-bloc';

export type BookEvent =
  | { type: 'load-requested' }
  | { type: 'service-selected'; serviceId: string }
  | { type: 'pet-selected'; petId: string }
  | { type: 'submitted' };

export interface BookState {
  status: 'loading' | 'ready' | 'error';
  clinic: ClinicProfile | null;
  serviceId: string | null;
  pets: readonly Pet[];
  petId: string | null;
  submitting: boolean;
  /** Why loading or the last booking attempt failed. */
  error: ErrorView | null;
  /** The chosen slot was taken meanwhile: the slots were asked for again. */
  slotGone: boolean;
  /** Booked: the screen goes on to the booking. */
  booked: Booking | null;
}

/** Whether the service takes this pet's species. */
export function servesPet(service: Pick<ClinicService, 'species'>, pet: Pick<Pet, 'species'>): boolean {
  return service.species.length === 0 || service.species.includes(pet.species);
}

/**
 * Booking a clinic's service: the clinic's services, the slot picker (its own Bloc, `slots`), the pet,
 * and the booking itself — one Idempotency-Key per attempt, kept while the same attempt is retried
 * (offline, a 5xx), so a retry never books twice; a taken slot shows the API's words and new slots.
 */
export class BookBloc extends Bloc<BookEvent, BookState> {
  readonly slots: SlotPickerBloc;
  readonly #repository: BookingsRepository;
  readonly #vendorId: string;
  readonly #preselected: string | undefined;
  readonly #newKey: () => string;
  /** The attempt under way: its request (as sent) and its key. */
  #attempt: { request: string; key: string } | null = null;

  constructor(
    repository: BookingsRepository,
    route: { vendorId: string; serviceId?: string },
    newKey: () => string,
    now: () => Date = () => new Date(),
  ) {
    super({
      status: 'loading',
      clinic: null,
      serviceId: route.serviceId ?? null,
      pets: [],
      petId: null,
      submitting: false,
      error: null,
      slotGone: false,
      booked: null,
    });
    this.#repository = repository;
    this.#vendorId = route.vendorId;
    this.#preselected = route.serviceId;
    this.#newKey = newKey;
    this.slots = new SlotPickerBloc(repository, now);
  }

  get service(): ClinicService | null {
    return this.state.clinic?.services.find((s) => s.serviceId === this.state.serviceId) ?? null;
  }

  override close(): void {
    this.slots.close();
    super.close();
  }

  protected override async handle(event: BookEvent, emit: Emit<BookState>): Promise<void> {
    switch (event.type) {
      case 'load-requested':
        return this.#load(emit);
      case 'service-selected': {
        const service = this.state.clinic?.services.find((s) => s.serviceId === event.serviceId);
        if (!service || this.state.submitting) return;
        const pet = this.state.pets.find((p) => p.petId === this.state.petId);
        emit({
          ...this.state,
          serviceId: service.serviceId,
          petId: pet && servesPet(service, pet) ? pet.petId : onlyEligible(service, this.state.pets),
          error: null,
          slotGone: false,
        });
        await this.#showSlots();
        return;
      }
      case 'pet-selected': {
        const pet = this.state.pets.find((p) => p.petId === event.petId);
        const service = this.service;
        if (!pet || (service && !servesPet(service, pet)) || this.state.submitting) return;
        emit({ ...this.state, petId: pet.petId });
        return;
      }
      case 'submitted':
        return this.#submit(emit);
    }
  }

  async #load(emit: Emit<BookState>): Promise<void> {
    emit({ ...this.state, status: 'loading', error: null });
    try {
      const [clinic, pets] = await Promise.all([this.#repository.clinic(this.#vendorId), this.#repository.pets()]);
      const serviceId =
        clinic.services.find((s) => s.serviceId === (this.state.serviceId ?? this.#preselected))?.serviceId ??
        (clinic.services.length === 1 ? clinic.services[0]!.serviceId : null);
      const service = clinic.services.find((s) => s.serviceId === serviceId);
      const kept = pets.find((p) => p.petId === this.state.petId);
      const petId =
        kept && (!service || servesPet(service, kept))
          ? kept.petId
          : service
            ? onlyEligible(service, pets)
            : pets.length === 1
              ? pets[0]!.petId
              : null;
      emit({ ...this.state, status: 'ready', clinic, pets, serviceId, petId, error: null });
    } catch (error) {
      emit({ ...this.state, status: 'error', error: toErrorView(error) });
      return;
    }
    await this.#showSlots();
  }

  async #showSlots(): Promise<void> {
    const clinic = this.state.clinic;
    const service = this.service;
    if (!clinic || !service) return;
    await this.slots.add({
      type: 'target-set',
      target: { vendorId: clinic.vendorId, service, schedule: clinic.schedule },
    });
  }

  async #submit(emit: Emit<BookState>): Promise<void> {
    const clinic = this.state.clinic;
    const service = this.service;
    const slot = this.slots.chosen;
    if (this.state.submitting || this.state.booked || !clinic || !service || !slot || !this.state.petId) return;
    const input = {
      vendorId: clinic.vendorId,
      serviceId: service.serviceId,
      petId: this.state.petId,
      start: slot.start,
    };
    const request = JSON.stringify(input);
    // A new choice is a new attempt; the same one retried keeps its key (the API answers it once).
    if (this.#attempt?.request !== request) this.#attempt = { request, key: this.#newKey() };
    emit({ ...this.state, submitting: true, error: null, slotGone: false });
    try {
      const booked = await this.#repository.book(input, this.#attempt.key);
      this.#attempt = null;
      emit({ ...this.state, submitting: false, booked });
    } catch (error) {
      // Unanswered or a server fault: the attempt may be retried as is. A refusal ends the attempt.
      const retryable = error instanceof OfflineError || (isApiProblem(error) && error.status >= 500);
      if (!retryable) this.#attempt = null;
      const slotGone = isApiProblem(error) && (error.code === 'slot-full' || error.code === 'slot-not-offered');
      emit({ ...this.state, submitting: false, error: toErrorView(error), slotGone });
      if (slotGone) await this.slots.add({ type: 'reload-requested' });
    }
  }
}

/** The one pet the service takes, when there is exactly one; else none chosen yet. */
function onlyEligible(service: ClinicService, pets: readonly Pet[]): string | null {
  const eligible = pets.filter((pet) => servesPet(service, pet));
  return eligible.length === 1 ? eligible[0]!.petId : null;
}

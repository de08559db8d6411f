import { Bloc, type Emit } from '../../bloc/bloc';
import { toErrorView, type ErrorView } from '../../data/errors';
import type { IsoDate, Pet } from './pet-model';
import type { PetRepository } from './pet-repository';
import type { Source } from './pets-list-bloc';
import {
  groupRecords,
  needingAttention,
  weightTrend,
  type RecordGroups,
  type VaccinationView,
  type WeightTrend,
} from './record-groups';

export type PetDetailEvent = { type: 'load-requested' };

export interface PetDetailView {
  pet: Pet;
  records: RecordGroups;
  /** Overdue and due-within-30-days vaccinations, the most urgent first. */
  attention: VaccinationView[];
  weight: WeightTrend;
  /** The date the due statuses were computed for. */
  today: IsoDate;
}

export type PetDetailState =
  | { status: 'idle' }
  | { status: 'loading'; view: PetDetailView | null; source: Source | null }
  | { status: 'loaded'; view: PetDetailView; source: Source }
  | { status: 'error'; error: ErrorView };

/** One pet: profile, vaccinations (with what is due), treatments and weights; readable offline. */
export class PetDetailBloc extends Bloc<PetDetailEvent, PetDetailState> {
  readonly #pets: PetRepository;
  readonly #petId: string;
  readonly #today: () => IsoDate;

  constructor(pets: PetRepository, petId: string, today: () => IsoDate) {
    super({ status: 'idle' });
    this.#pets = pets;
    this.#petId = petId;
    this.#today = today;
  }

  protected override async handle(_event: PetDetailEvent, emit: Emit<PetDetailState>): Promise<void> {
    const before = this.state;
    emit({
      status: 'loading',
      view: before.status === 'loaded' ? before.view : null,
      source: before.status === 'loaded' ? before.source : null,
    });
    try {
      const { value, updatedAt, fromCache } = await this.#pets.getPetDetail(this.#petId);
      const today = this.#today();
      const records = groupRecords(value.records, today);
      emit({
        status: 'loaded',
        view: {
          pet: value.pet,
          records,
          attention: needingAttention(records.vaccinations),
          weight: weightTrend(records.weights),
          today,
        },
        source: { updatedAt, fromCache },
      });
    } catch (error) {
      emit({ status: 'error', error: toErrorView(error) });
    }
  }
}

import { Bloc, type Emit } from '../../bloc/bloc';
import { toErrorView, type ErrorView } from '../../data/errors';
import type { Cached } from '../../data/offline-cache';
import type { Pet } from './pet-model';
import type { PetRepository } from './pet-repository';

/** Where what is shown came from: the API just now, or the device's copy (offline) and when it was read. */
export type Source = Pick<Cached<unknown>, 'updatedAt' | 'fromCache'>;

export type PetsListEvent = { type: 'load-requested' };

export type PetsListState =
  | { status: 'idle' }
  | { status: 'loading'; pets: readonly Pet[]; source: Source | null }
  | { status: 'loaded'; pets: readonly Pet[]; source: Source }
  | { status: 'error'; error: ErrorView };

/** "My pets": the customer's pets, by name, from the API or (offline) from the device. */
export class PetsListBloc extends Bloc<PetsListEvent, PetsListState> {
  readonly #pets: PetRepository;

  constructor(pets: PetRepository) {
    super({ status: 'idle' });
    this.#pets = pets;
  }

  protected override async handle(_event: PetsListEvent, emit: Emit<PetsListState>): Promise<void> {
    const before = this.state;
    // A reload keeps the list on screen.
    emit({
      status: 'loading',
      pets: before.status === 'loaded' || before.status === 'loading' ? before.pets : [],
      source: before.status === 'loaded' ? before.source : null,
    });
    try {
      const { value, updatedAt, fromCache } = await this.#pets.listPets();
      const pets = [...value].sort((a, b) => a.name.localeCompare(b.name, 'id') || a.petId.localeCompare(b.petId));
      emit({ status: 'loaded', pets, source: { updatedAt, fromCache } });
    } catch (error) {
      emit({ status: 'error', error: toErrorView(error) });
    }
  }
}

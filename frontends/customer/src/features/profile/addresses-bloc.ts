import type { Address, ProfileRepository } from './profile-repository';
import { toErrorView, type ErrorView } from '../../data/errors';
import { Bloc, type Emit } from '../../bloc/bloc';

export type AddressesEvent = { type: 'load-requested' };

export type AddressesState =
  | { status: 'loading'; addresses: readonly Address[] }
  | { status: 'loaded'; addresses: readonly Address[]; updatedAt: string; fromCache: boolean }
  | { status: 'error'; addresses: readonly Address[]; error: ErrorView };

/** The default address first, then the newest. */
export function sortAddresses(addresses: readonly Address[]): Address[] {
  return [...addresses].sort(
    (a, b) => Number(b.isDefault) - Number(a.isDefault) || b.createdAt.localeCompare(a.createdAt),
  );
}

/** The address list's ViewModel. */
export class AddressesBloc extends Bloc<AddressesEvent, AddressesState> {
  readonly #profiles: ProfileRepository;

  constructor(profiles: ProfileRepository) {
    super({ status: 'loading', addresses: [] });
    this.#profiles = profiles;
  }

  protected override async handle(_event: AddressesEvent, emit: Emit<AddressesState>): Promise<void> {
    const shown = this.state.addresses;
    emit({ status: 'loading', addresses: shown });
    try {
      const cached = await this.#profiles.listAddresses();
      emit({
        status: 'loaded',
        addresses: sortAddresses(cached.value),
        updatedAt: cached.updatedAt,
        fromCache: cached.fromCache,
      });
    } catch (error) {
      emit({ status: 'error', addresses: shown, error: toErrorView(error) });
    }
  }
}

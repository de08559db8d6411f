import { isApiProblem } from '@petpro/api-client';
import {
  draftOf,
  emptyDraft,
  fieldErrorsFromApi,
  formatCoordinate,
  patchOf,
  validateDraft,
  type AddressDraft,
  type AddressFieldErrors,
  type AddressTextField,
} from './address-draft';
import { LocationError, type LocationProvider } from './location';
import type { Address, ProfileRepository } from './profile-repository';
import { RetryKey } from '../../data/retry-key';
import { toErrorView, type ErrorView } from '../../data/errors';
import { Bloc, type Emit } from '../../bloc/bloc';

export type AddressFormEvent =
  | { type: 'load-requested' }
  | { type: 'field-changed'; field: AddressTextField; value: string }
  | { type: 'default-changed'; value: boolean }
  | { type: 'pin-picked'; lat: number; lon: number }
  | { type: 'locate-requested' }
  | { type: 'submitted' }
  | { type: 'delete-requested' }
  | { type: 'delete-cancelled' }
  | { type: 'delete-confirmed' };

export interface AddressFormState {
  mode: 'add' | 'edit';
  /**
   * `loading` (edit: reading the address), `missing` (it is gone), `load-failed`, `editing`,
   * `saving`/`saved`, `deleting`/`deleted`.
   */
  status: 'loading' | 'missing' | 'load-failed' | 'editing' | 'saving' | 'saved' | 'deleting' | 'deleted';
  draft: AddressDraft;
  /** The address as read (edit), for its version and what changed. */
  original: Address | null;
  fieldErrors: AddressFieldErrors;
  error: ErrorView | null;
  locating: 'idle' | 'locating' | 'denied' | 'unavailable';
  confirmingDelete: boolean;
}

/** The add/edit address form's ViewModel: checks what the API will (pin included), saves, deletes. */
export class AddressFormBloc extends Bloc<AddressFormEvent, AddressFormState> {
  readonly #profiles: ProfileRepository;
  readonly #location: LocationProvider;
  readonly #addressId: string | undefined;
  readonly #retryKey: RetryKey;

  constructor(
    deps: { profiles: ProfileRepository; location: LocationProvider; newIdempotencyKey: () => string },
    addressId?: string,
    /** A new address starts with these (e.g. the customer's own name and phone). */
    defaults: Partial<AddressDraft> = {},
  ) {
    super({
      mode: addressId ? 'edit' : 'add',
      status: addressId ? 'loading' : 'editing',
      draft: { ...emptyDraft, ...defaults },
      original: null,
      fieldErrors: {},
      error: null,
      locating: 'idle',
      confirmingDelete: false,
    });
    this.#profiles = deps.profiles;
    this.#location = deps.location;
    this.#addressId = addressId;
    this.#retryKey = new RetryKey(deps.newIdempotencyKey);
  }

  protected override async handle(event: AddressFormEvent, emit: Emit<AddressFormState>): Promise<void> {
    const state = this.state;
    const busy = state.status === 'saving' || state.status === 'deleting';
    switch (event.type) {
      case 'load-requested': {
        if (!this.#addressId) return;
        emit({ ...state, status: 'loading', error: null });
        try {
          const { value } = await this.#profiles.listAddresses();
          const address = value.find((a) => a.addressId === this.#addressId);
          if (!address) {
            emit({ ...this.state, status: 'missing' });
            return;
          }
          emit({ ...this.state, status: 'editing', original: address, draft: draftOf(address) });
        } catch (error) {
          emit({ ...this.state, status: 'load-failed', error: toErrorView(error) });
        }
        return;
      }
      case 'field-changed': {
        const { [event.field]: _field, ...rest } = state.fieldErrors;
        // A coordinate typed anew answers for the pin as a whole too.
        const { pin: _pin, ...withoutPin } = rest;
        const fieldErrors = event.field === 'lat' || event.field === 'lon' ? withoutPin : rest;
        emit({ ...state, draft: { ...state.draft, [event.field]: event.value }, fieldErrors });
        return;
      }
      case 'default-changed':
        // The default stays the default until another address takes it (the API refuses unsetting it).
        if (state.original?.isDefault) return;
        emit({ ...state, draft: { ...state.draft, isDefault: event.value } });
        return;
      case 'pin-picked':
        emit(this.#withPin(state, event.lat, event.lon));
        return;
      case 'locate-requested': {
        if (state.locating === 'locating') return;
        emit({ ...state, locating: 'locating' });
        try {
          const { lat, lon } = await this.#location.current();
          emit({ ...this.#withPin(this.state, lat, lon), locating: 'idle' });
        } catch (error) {
          const reason = error instanceof LocationError ? error.reason : 'unavailable';
          emit({ ...this.state, locating: reason });
        }
        return;
      }
      case 'submitted': {
        if (busy || state.status !== 'editing') return;
        const checked = validateDraft(state.draft);
        if (!checked.ok) {
          emit({ ...state, fieldErrors: checked.errors, error: null });
          return;
        }
        emit({ ...state, status: 'saving', fieldErrors: {}, error: null });
        try {
          if (state.original) {
            const patch = patchOf(state.original, checked.input);
            if (Object.keys(patch).length > 0)
              await this.#profiles.updateAddress(state.original.addressId, patch, state.original.version);
          } else {
            await this.#profiles.addAddress(checked.input, this.#retryKey.for(checked.input));
          }
          emit({ ...this.state, status: 'saved' });
        } catch (error) {
          const view = toErrorView(error);
          emit({
            ...this.state,
            status: 'editing',
            error: view,
            fieldErrors: isApiProblem(error) ? fieldErrorsFromApi(error.errors) : {},
          });
        }
        return;
      }
      case 'delete-requested':
        if (busy || !state.original) return;
        emit({ ...state, confirmingDelete: true, error: null });
        return;
      case 'delete-cancelled':
        emit({ ...state, confirmingDelete: false });
        return;
      case 'delete-confirmed': {
        if (busy || !state.original || !state.confirmingDelete) return;
        emit({ ...state, status: 'deleting', error: null });
        try {
          await this.#profiles.deleteAddress(state.original.addressId);
          emit({ ...this.state, status: 'deleted', confirmingDelete: false });
        } catch (error) {
          // Already gone (404) is what was wanted.
          if (isApiProblem(error) && error.status === 404) {
            emit({ ...this.state, status: 'deleted', confirmingDelete: false });
            return;
          }
          emit({ ...this.state, status: 'editing', confirmingDelete: false, error: toErrorView(error) });
        }
      }
    }
  }

  #withPin(state: AddressFormState, lat: number, lon: number): AddressFormState {
    const { lat: _lat, lon: _lon, pin: _pin, ...fieldErrors } = state.fieldErrors;
    return {
      ...state,
      draft: { ...state.draft, lat: formatCoordinate(lat), lon: formatCoordinate(lon) },
      fieldErrors,
    };
  }
}

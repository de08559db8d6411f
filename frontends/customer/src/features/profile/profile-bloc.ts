import { isApiProblem, type Locale } from '@petpro/api-client';
import type { Profile, ProfilePatch, ProfileRepository } from './profile-repository';
import { toErrorView, type ErrorView } from '../../data/errors';
import { Bloc, type Emit } from '../../bloc/bloc';

export type ProfileEvent =
  | { type: 'load-requested' }
  | { type: 'name-changed'; value: string }
  | { type: 'name-submitted' }
  | { type: 'locale-chosen'; locale: Locale };

export type NameError = 'name-missing' | 'name-too-long';

export interface ProfileState {
  status: 'loading' | 'loaded' | 'error';
  profile: Profile | null;
  /** When the profile shown was read, and whether it is the copy kept on the device (offline). */
  updatedAt: string | null;
  fromCache: boolean;
  /** The name as being typed. */
  name: string;
  nameError: NameError | null;
  saving: 'name' | 'locale' | null;
  /** What was saved last (the screen says so until the next change). */
  saved: 'name' | 'locale' | null;
  error: ErrorView | null;
}

export const initialProfileState: ProfileState = {
  status: 'loading',
  profile: null,
  updatedAt: null,
  fromCache: false,
  name: '',
  nameError: null,
  saving: null,
  saved: null,
  error: null,
};

/**
 * The profile screen's ViewModel: the customer as the API knows them, the name to change, and the
 * language — switched in the app at once (`changeAppLocale`), then kept on the profile so messages
 * from PetPro (codes, reminders) come in it too.
 */
export class ProfileBloc extends Bloc<ProfileEvent, ProfileState> {
  readonly #profiles: ProfileRepository;
  readonly #changeAppLocale: (locale: Locale) => Promise<void>;

  constructor(profiles: ProfileRepository, changeAppLocale: (locale: Locale) => Promise<void>) {
    super(initialProfileState);
    this.#profiles = profiles;
    this.#changeAppLocale = changeAppLocale;
  }

  protected override async handle(event: ProfileEvent, emit: Emit<ProfileState>): Promise<void> {
    const state = this.state;
    switch (event.type) {
      case 'load-requested': {
        emit({ ...state, status: state.profile ? 'loaded' : 'loading', error: null });
        try {
          const cached = await this.#profiles.getMe();
          emit({
            ...this.state,
            status: 'loaded',
            profile: cached.value,
            updatedAt: cached.updatedAt,
            fromCache: cached.fromCache,
            name: cached.value.name,
            nameError: null,
          });
        } catch (error) {
          emit({ ...this.state, status: state.profile ? 'loaded' : 'error', error: toErrorView(error) });
        }
        return;
      }
      case 'name-changed':
        emit({ ...state, name: event.value, nameError: null, saved: null });
        return;
      case 'name-submitted': {
        if (!state.profile || state.saving) return;
        const name = state.name.trim();
        const nameError: NameError | null = !name ? 'name-missing' : name.length > 100 ? 'name-too-long' : null;
        if (nameError) {
          emit({ ...state, nameError, saved: null });
          return;
        }
        if (name === state.profile.name) {
          emit({ ...state, name, saved: 'name', error: null });
          return;
        }
        await this.#save({ name }, 'name', emit);
        return;
      }
      case 'locale-chosen': {
        await this.#changeAppLocale(event.locale);
        const current = this.state;
        if (!current.profile || current.profile.locale === event.locale) return;
        await this.#save({ locale: event.locale }, 'locale', emit);
      }
    }
  }

  async #save(patch: ProfilePatch, what: 'name' | 'locale', emit: Emit<ProfileState>): Promise<void> {
    const profile = this.state.profile;
    if (!profile) return;
    emit({ ...this.state, saving: what, saved: null, error: null });
    try {
      let saved: Profile;
      try {
        saved = await this.#profiles.updateMe(patch, profile.version);
      } catch (error) {
        // Changed meanwhile on another device: read the new version, then make this change on top of it.
        if (!isApiProblem(error) || error.status !== 409) throw error;
        const fresh = await this.#profiles.getMe();
        saved = await this.#profiles.updateMe(patch, fresh.value.version);
      }
      emit({
        ...this.state,
        profile: saved,
        fromCache: false,
        updatedAt: new Date().toISOString(),
        // The name field keeps what is being typed unless this was the name being saved.
        name: what === 'name' ? saved.name : this.state.name,
        saving: null,
        saved: what,
      });
    } catch (error) {
      emit({ ...this.state, saving: null, error: toErrorView(error) });
    }
  }
}

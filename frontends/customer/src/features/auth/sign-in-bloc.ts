import type { AuthRepository } from './auth-repository';
import { toErrorView, type ErrorView } from '../../data/errors';
import { Bloc, type Emit } from '../../bloc/bloc';
import { normaliseUsername } from './contact';

export type SignInEvent =
  { type: 'username-changed'; value: string } | { type: 'password-changed'; value: string } | { type: 'submitted' };

/** What the form refuses before asking the API (keys of the app's catalogue). */
export type SignInInputError = 'username-invalid' | 'password-missing';

export interface SignInState {
  username: string;
  password: string;
  status: 'editing' | 'submitting' | 'signed-in' | 'failed';
  inputErrors: readonly SignInInputError[];
  error: ErrorView | null;
}

export const initialSignInState: SignInState = {
  username: '',
  password: '',
  status: 'editing',
  inputErrors: [],
  error: null,
};

export { normaliseUsername };

/** The API refused the password sign-in because the account still waits for its confirmation code. */
export function needsConfirmation(state: SignInState): boolean {
  return state.error?.kind === 'problem' && state.error.code === 'not-confirmed';
}

/** The sign-in screen's ViewModel. */
export class SignInBloc extends Bloc<SignInEvent, SignInState> {
  readonly #auth: AuthRepository;

  constructor(auth: AuthRepository) {
    super(initialSignInState);
    this.#auth = auth;
  }

  protected override async handle(event: SignInEvent, emit: Emit<SignInState>): Promise<void> {
    const state = this.state;
    switch (event.type) {
      case 'username-changed':
        emit({
          ...state,
          username: event.value,
          inputErrors: state.inputErrors.filter((e) => e !== 'username-invalid'),
        });
        return;
      case 'password-changed':
        emit({
          ...state,
          password: event.value,
          inputErrors: state.inputErrors.filter((e) => e !== 'password-missing'),
        });
        return;
      case 'submitted': {
        if (state.status === 'submitting' || state.status === 'signed-in') return;
        const username = normaliseUsername(state.username);
        const inputErrors: SignInInputError[] = [];
        if (!username) inputErrors.push('username-invalid');
        if (!state.password) inputErrors.push('password-missing');
        if (!username || inputErrors.length > 0) {
          emit({ ...state, status: 'editing', inputErrors, error: null });
          return;
        }
        emit({ ...state, status: 'submitting', inputErrors: [], error: null });
        try {
          await this.#auth.signIn(username, state.password);
          emit({ ...this.state, password: '', status: 'signed-in', error: null });
        } catch (error) {
          emit({ ...this.state, status: 'failed', error: toErrorView(error) });
        }
      }
    }
  }
}

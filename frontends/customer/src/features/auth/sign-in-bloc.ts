import type { AuthRepository } from './auth-repository';
import { toErrorView, type ErrorView } from '../../data/errors';
import { Bloc, type Emit } from '../../bloc/bloc';

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

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * An e-mail address (lower-cased) or an Indonesian mobile number as +62…: `0812-3456-7890`,
 * `62812…` and `+62 812…` all become `+6281234567890`. Anything else: null.
 */
export function normaliseUsername(input: string): string | null {
  const text = input.trim();
  if (EMAIL.test(text)) return text.toLowerCase();
  const digits = text.replace(/[\s\-().]/g, '');
  const national = /^(?:\+62|62|0)(8\d{7,12})$/.exec(digits);
  return national ? `+62${national[1]}` : null;
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

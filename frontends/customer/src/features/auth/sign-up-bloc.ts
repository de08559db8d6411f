import { isApiProblem } from '@petpro/api-client';
import type { AccountRepository, ConfirmationChannel } from './account-repository';
import { normaliseUsername } from './contact';
import { problemFields } from './field-errors';
import { toErrorView, type ErrorView } from '../../data/errors';
import { Bloc, type Emit } from '../../bloc/bloc';

export type SignUpField = 'username' | 'name' | 'password';

/** What a field is refused for, here or by the API (keys `auth.signUp.error.<key>` of the catalogue). */
export type SignUpFieldError =
  | 'username-invalid'
  | 'username-taken'
  | 'name-missing'
  | 'name-too-long'
  | 'name-invalid'
  | 'password-too-short'
  | 'password-too-long'
  | 'password-needs-lower'
  | 'password-needs-upper'
  | 'password-needs-digit'
  | 'password-weak';

export type SignUpEvent = { type: 'field-changed'; field: SignUpField; value: string } | { type: 'submitted' };

export interface SignUpState {
  username: string;
  name: string;
  password: string;
  status: 'editing' | 'submitting' | 'signed-up' | 'failed';
  fieldErrors: Readonly<Partial<Record<SignUpField, readonly SignUpFieldError[]>>>;
  error: ErrorView | null;
  /** Once created: the account's normalised username and where its code went. */
  account: { username: string; password: string; confirmation: ConfirmationChannel } | null;
}

export const initialSignUpState: SignUpState = {
  username: '',
  name: '',
  password: '',
  status: 'editing',
  fieldErrors: {},
  error: null,
  account: null,
};

/** The password rules of the user pool (shared/auth/user-pool.ts), checked here so the customer hears them first. */
export function passwordProblems(password: string): SignUpFieldError[] {
  const problems: SignUpFieldError[] = [];
  if (password.length < 8) problems.push('password-too-short');
  if (password.length > 256) problems.push('password-too-long');
  if (!/[a-z]/.test(password)) problems.push('password-needs-lower');
  if (!/[A-Z]/.test(password)) problems.push('password-needs-upper');
  if (!/\d/.test(password)) problems.push('password-needs-digit');
  return problems;
}

function nameProblems(name: string): SignUpFieldError[] {
  const trimmed = name.trim();
  if (!trimmed) return ['name-missing'];
  return trimmed.length > 100 ? ['name-too-long'] : [];
}

/** The API's field messages are English for developers; the customer gets ours, per field. */
function apiFieldErrors(error: ErrorView): SignUpState['fieldErrors'] {
  const result: Partial<Record<SignUpField, SignUpFieldError[]>> = {};
  for (const [field, messages] of problemFields(error)) {
    if (field === 'email' || field === 'phone') result.username = ['username-invalid'];
    else if (field === 'name') result.name = ['name-invalid'];
    else if (field === 'password') {
      const text = messages.join(' ').toLowerCase();
      const known: SignUpFieldError[] = [];
      if (/>=\s*8|too small/.test(text)) known.push('password-too-short');
      if (text.includes('lower-case')) known.push('password-needs-lower');
      if (text.includes('upper-case')) known.push('password-needs-upper');
      if (text.includes('number')) known.push('password-needs-digit');
      result.password = known.length > 0 ? known : ['password-weak'];
    }
  }
  return result;
}

/** The sign-up screen's ViewModel: checks the form, creates the account, then hands over to confirmation. */
export class SignUpBloc extends Bloc<SignUpEvent, SignUpState> {
  readonly #accounts: AccountRepository;

  constructor(accounts: AccountRepository) {
    super(initialSignUpState);
    this.#accounts = accounts;
  }

  protected override async handle(event: SignUpEvent, emit: Emit<SignUpState>): Promise<void> {
    const state = this.state;
    switch (event.type) {
      case 'field-changed': {
        // Typing in a field takes back what was said about it; the other fields keep theirs.
        const { [event.field]: _cleared, ...fieldErrors } = state.fieldErrors;
        emit({ ...state, [event.field]: event.value, fieldErrors });
        return;
      }
      case 'submitted': {
        if (state.status === 'submitting' || state.status === 'signed-up') return;
        const username = normaliseUsername(state.username);
        const fieldErrors: Partial<Record<SignUpField, SignUpFieldError[]>> = {};
        if (!username) fieldErrors.username = ['username-invalid'];
        const name = nameProblems(state.name);
        if (name.length > 0) fieldErrors.name = name;
        const password = passwordProblems(state.password);
        if (password.length > 0) fieldErrors.password = password;
        if (!username || Object.keys(fieldErrors).length > 0) {
          emit({ ...state, status: 'editing', fieldErrors, error: null });
          return;
        }
        emit({ ...state, status: 'submitting', fieldErrors: {}, error: null });
        try {
          const { confirmation } = await this.#accounts.signUp({
            username,
            name: state.name.trim(),
            password: state.password,
          });
          emit({
            ...this.state,
            status: 'signed-up',
            account: { username, password: state.password, confirmation },
          });
        } catch (error) {
          const view = toErrorView(error);
          const taken = isApiProblem(error) && error.code === 'account-exists';
          const weak = isApiProblem(error) && error.code === 'weak-password';
          emit({
            ...this.state,
            status: 'failed',
            error: view,
            fieldErrors: taken
              ? { username: ['username-taken'] }
              : weak
                ? { password: ['password-weak'] }
                : apiFieldErrors(view),
          });
        }
      }
    }
  }
}

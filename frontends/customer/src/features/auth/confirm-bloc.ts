import type { AccountRepository } from './account-repository';
import type { AuthRepository } from './auth-repository';
import { cleanCode, isCompleteCode, RESEND_AFTER_MS } from './code';
import { toErrorView, type ErrorView } from '../../data/errors';
import { Bloc, type Emit } from '../../bloc/bloc';

export type ConfirmEvent =
  { type: 'code-changed'; value: string } | { type: 'submitted' } | { type: 'resend-requested' };

export interface ConfirmState {
  code: string;
  /**
   * `signed-in`: confirmed and signed in with the password typed at sign-up. `confirmed`: confirmed,
   * but the password is not known here (or signing in failed): the customer signs in themselves.
   */
  status: 'editing' | 'confirming' | 'signing-in' | 'signed-in' | 'confirmed' | 'failed';
  codeIncomplete: boolean;
  error: ErrorView | null;
  resend: 'idle' | 'sending' | 'sent' | 'failed';
  /** When a new code may be asked for (ms since epoch): the API sends at most one a minute. */
  resendAvailableAt: number;
}

/** The confirmation screen's ViewModel: the code that was sent, then a session when the password is known. */
export class ConfirmBloc extends Bloc<ConfirmEvent, ConfirmState> {
  readonly #accounts: AccountRepository;
  readonly #auth: Pick<AuthRepository, 'signIn'>;
  readonly #username: string;
  readonly #password: string | undefined;
  readonly #now: () => number;

  constructor(
    deps: { accounts: AccountRepository; auth: Pick<AuthRepository, 'signIn'>; now?: () => number },
    account: { username: string; password?: string | undefined },
  ) {
    const now = deps.now ?? Date.now;
    super({
      code: '',
      status: 'editing',
      codeIncomplete: false,
      error: null,
      resend: 'idle',
      // A code was sent just now, by sign-up (or earlier, for an account that signs in unconfirmed).
      resendAvailableAt: now() + RESEND_AFTER_MS,
    });
    this.#accounts = deps.accounts;
    this.#auth = deps.auth;
    this.#username = account.username;
    this.#password = account.password;
    this.#now = now;
  }

  protected override async handle(event: ConfirmEvent, emit: Emit<ConfirmState>): Promise<void> {
    const state = this.state;
    switch (event.type) {
      case 'code-changed':
        emit({ ...state, code: cleanCode(event.value), codeIncomplete: false });
        return;
      case 'resend-requested': {
        if (state.resend === 'sending' || this.#now() < state.resendAvailableAt) return;
        emit({ ...state, resend: 'sending' });
        try {
          await this.#accounts.resendConfirmation(this.#username);
          emit({ ...this.state, resend: 'sent', error: null, resendAvailableAt: this.#now() + RESEND_AFTER_MS });
        } catch (error) {
          emit({ ...this.state, resend: 'failed', error: toErrorView(error) });
        }
        return;
      }
      case 'submitted': {
        if (['confirming', 'signing-in', 'signed-in', 'confirmed'].includes(state.status)) return;
        if (!isCompleteCode(state.code)) {
          emit({ ...state, status: 'editing', codeIncomplete: true, error: null });
          return;
        }
        emit({ ...state, status: 'confirming', error: null });
        try {
          await this.#accounts.confirm(this.#username, state.code);
        } catch (error) {
          emit({ ...this.state, status: 'failed', error: toErrorView(error) });
          return;
        }
        if (this.#password === undefined) {
          emit({ ...this.state, status: 'confirmed' });
          return;
        }
        emit({ ...this.state, status: 'signing-in' });
        try {
          await this.#auth.signIn(this.#username, this.#password);
          emit({ ...this.state, status: 'signed-in' });
        } catch (error) {
          // The account exists and is confirmed: only the sign-in is left, on the sign-in screen.
          emit({ ...this.state, status: 'confirmed', error: toErrorView(error) });
        }
      }
    }
  }
}

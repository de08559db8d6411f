import type { AccountRepository, OtpChannel } from './account-repository';
import { cleanCode, isCompleteCode, RESEND_AFTER_MS } from './code';
import { isEmail, normaliseUsername } from './contact';
import { toErrorView, type ErrorView } from '../../data/errors';
import { Bloc, type Emit } from '../../bloc/bloc';

/** The channels `POST /v1/auth/otp/start` offers: e-mail for an address, SMS or WhatsApp for a phone. */
export const OTP_CHANNELS: readonly OtpChannel[] = ['email', 'sms', 'whatsapp'];

export type OtpEvent =
  | { type: 'channel-changed'; channel: OtpChannel }
  | { type: 'contact-changed'; value: string }
  | { type: 'code-requested' }
  | { type: 'code-changed'; value: string }
  | { type: 'code-submitted' }
  | { type: 'resend-requested' }
  | { type: 'contact-edit-requested' };

/** What the form refuses before asking the API (keys `auth.otp.error.<key>`). */
export type OtpInputError = 'email-invalid' | 'phone-invalid' | 'code-incomplete';

export interface OtpState {
  /** `contact`: choosing the channel and typing where the code goes; `code`: typing the code. */
  step: 'contact' | 'code';
  channel: OtpChannel;
  contact: string;
  code: string;
  status: 'editing' | 'sending' | 'verifying' | 'signed-in' | 'failed';
  inputError: OtpInputError | null;
  error: ErrorView | null;
  /** The normalised address or number the code went to. */
  sentTo: string | null;
  /** A new code was sent on request (the screen says so). */
  resent: boolean;
  resendAvailableAt: number;
}

export const initialOtpState: OtpState = {
  step: 'contact',
  channel: 'email',
  contact: '',
  code: '',
  status: 'editing',
  inputError: null,
  error: null,
  sentTo: null,
  resent: false,
  resendAvailableAt: 0,
};

/** Sign-in with a one-time code: channel and address/number, then the code; the session is kept by the client. */
export class OtpBloc extends Bloc<OtpEvent, OtpState> {
  readonly #accounts: AccountRepository;
  readonly #now: () => number;

  constructor(accounts: AccountRepository, now: () => number = Date.now) {
    super(initialOtpState);
    this.#accounts = accounts;
    this.#now = now;
  }

  protected override async handle(event: OtpEvent, emit: Emit<OtpState>): Promise<void> {
    const state = this.state;
    const busy = state.status === 'sending' || state.status === 'verifying' || state.status === 'signed-in';
    switch (event.type) {
      case 'channel-changed':
        if (state.step !== 'contact' || busy) return;
        emit({ ...state, channel: event.channel, inputError: null, error: null });
        return;
      case 'contact-changed':
        emit({ ...state, contact: event.value, inputError: null });
        return;
      case 'code-changed':
        emit({ ...state, code: cleanCode(event.value), inputError: null });
        return;
      case 'contact-edit-requested':
        if (busy) return;
        emit({ ...state, step: 'contact', code: '', status: 'editing', error: null, inputError: null, resent: false });
        return;
      case 'code-requested': {
        if (busy) return;
        const username = normaliseUsername(state.contact);
        const wantsEmail = state.channel === 'email';
        if (!username || isEmail(username) !== wantsEmail) {
          emit({
            ...state,
            status: 'editing',
            inputError: wantsEmail ? 'email-invalid' : 'phone-invalid',
            error: null,
          });
          return;
        }
        await this.#send(username, emit, false);
        return;
      }
      case 'resend-requested':
        if (busy || state.step !== 'code' || !state.sentTo || this.#now() < state.resendAvailableAt) return;
        await this.#send(state.sentTo, emit, true);
        return;
      case 'code-submitted': {
        if (busy || state.step !== 'code' || !state.sentTo) return;
        if (!isCompleteCode(state.code)) {
          emit({ ...state, status: 'editing', inputError: 'code-incomplete', error: null });
          return;
        }
        emit({ ...state, status: 'verifying', inputError: null, error: null });
        try {
          await this.#accounts.verifyOtp(state.sentTo, state.code);
          emit({ ...this.state, status: 'signed-in' });
        } catch (error) {
          emit({ ...this.state, status: 'failed', error: toErrorView(error) });
        }
      }
    }
  }

  async #send(username: string, emit: Emit<OtpState>, resent: boolean): Promise<void> {
    emit({ ...this.state, status: 'sending', inputError: null, error: null });
    try {
      await this.#accounts.startOtp(username, this.state.channel);
      emit({
        ...this.state,
        step: 'code',
        status: 'editing',
        sentTo: username,
        code: resent ? '' : this.state.code,
        resent,
        resendAvailableAt: this.#now() + RESEND_AFTER_MS,
      });
    } catch (error) {
      emit({ ...this.state, status: 'failed', error: toErrorView(error) });
    }
  }
}

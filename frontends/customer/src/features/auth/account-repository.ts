import type { ApiClient } from '@petpro/api-client';
import { contactOf, isEmail } from './contact';

/** How a one-time sign-in code travels: by e-mail to an address; by SMS or WhatsApp to a phone. */
export type OtpChannel = 'email' | 'sms' | 'whatsapp';

/** Where the confirmation code of a new account went (the API's `confirmation`). */
export type ConfirmationChannel = 'email' | 'sms';

export interface SignUpInput {
  /** A normalised e-mail address or +62 number (see contact.ts). */
  username: string;
  name: string;
  password: string;
}

/**
 * New accounts and password-less sign-in (the App's AuthRepository keeps password sign-in and the
 * session). Every method throws ApiProblem (title/detail in the app's language) or OfflineError.
 */
export interface AccountRepository {
  signUp(input: SignUpInput): Promise<{ confirmation: ConfirmationChannel }>;
  confirm(username: string, code: string): Promise<void>;
  resendConfirmation(username: string): Promise<void>;
  /** Sends a one-time code; the API answers the same whether or not the account exists. */
  startOtp(username: string, channel: OtpChannel): Promise<void>;
  /** Signs in with the code; the client keeps the session. */
  verifyOtp(username: string, code: string): Promise<void>;
}

export class ApiAccountRepository implements AccountRepository {
  readonly #api: ApiClient;

  constructor(api: ApiClient) {
    this.#api = api;
  }

  async signUp({ username, name, password }: SignUpInput): Promise<{ confirmation: ConfirmationChannel }> {
    const created = await this.#api.unwrap(
      this.#api.POST('/v1/auth/sign-up', {
        // The codes and messages the account gets come in the language the app is in now.
        body: { ...contactOf(username), name: name.trim(), password, locale: this.#api.locale() },
      }),
    );
    return { confirmation: created.confirmation };
  }

  async confirm(username: string, code: string): Promise<void> {
    await this.#api.unwrap(this.#api.POST('/v1/auth/confirm', { body: { username, code } }));
  }

  async resendConfirmation(username: string): Promise<void> {
    await this.#api.unwrap(this.#api.POST('/v1/auth/confirm/resend', { body: { username } }));
  }

  async startOtp(username: string, channel: OtpChannel): Promise<void> {
    // The API picks e-mail for an address by itself and refuses a channel with one.
    const body = isEmail(username)
      ? { email: username, locale: this.#api.locale() }
      : {
          phone: username,
          channel: channel === 'whatsapp' ? ('whatsapp' as const) : ('sms' as const),
          locale: this.#api.locale(),
        };
    await this.#api.unwrap(this.#api.POST('/v1/auth/otp/start', { body }));
  }

  async verifyOtp(username: string, code: string): Promise<void> {
    await this.#api.verifyOtp({ ...contactOf(username), code });
  }
}

import { ApiProblem } from '@petpro/api-client';
import type { AccountRepository, ConfirmationChannel, OtpChannel, SignUpInput } from './account-repository';
import { isEmail } from './contact';

/** A problem as the API words it in Indonesian (the app's default language). */
export function problem(
  status: number,
  code: string,
  title: string,
  errors: { path: string; message: string }[] = [],
): ApiProblem {
  return new ApiProblem({ status, type: `https://petpro.id/problems/${code}`, title, detail: title, errors });
}

export const invalidCode = () => problem(400, 'invalid-code', 'Kode salah atau sudah kedaluwarsa.');

/**
 * An AccountRepository that behaves as the identity API does for the cases the tests need: one
 * existing account, codes sent and checked, every call recorded. `fail` makes the next call of a
 * method throw instead.
 */
export class FakeAccountRepository implements AccountRepository {
  readonly calls: { method: keyof AccountRepository; args: unknown[] }[] = [];
  readonly existing = new Set<string>(['budi.santoso@example.id']);
  /** The code each username was last sent. */
  readonly codes = new Map<string, string>();
  readonly confirmed = new Set<string>();
  signedIn: string | null = null;
  readonly fail: Partial<Record<keyof AccountRepository, Error>> = {};

  #take(method: keyof AccountRepository, args: unknown[]): void {
    this.calls.push({ method, args });
    const failure = this.fail[method];
    if (failure) {
      delete this.fail[method];
      throw failure;
    }
  }

  async signUp(input: SignUpInput): Promise<{ confirmation: ConfirmationChannel }> {
    this.#take('signUp', [input]);
    if (this.existing.has(input.username))
      throw problem(409, 'account-exists', 'Akun dengan email atau nomor telepon ini sudah terdaftar.');
    this.existing.add(input.username);
    this.codes.set(input.username, '123456');
    return { confirmation: isEmail(input.username) ? 'email' : 'sms' };
  }

  async confirm(username: string, code: string): Promise<void> {
    this.#take('confirm', [username, code]);
    if (this.codes.get(username) !== code) throw invalidCode();
    this.confirmed.add(username);
  }

  async resendConfirmation(username: string): Promise<void> {
    this.#take('resendConfirmation', [username]);
    this.codes.set(username, '654321');
  }

  async startOtp(username: string, channel: OtpChannel): Promise<void> {
    this.#take('startOtp', [username, channel]);
    if (this.existing.has(username)) this.codes.set(username, this.codes.has(username) ? '222222' : '111111');
  }

  async verifyOtp(username: string, code: string): Promise<void> {
    this.#take('verifyOtp', [username, code]);
    if (this.codes.get(username) !== code) throw invalidCode();
    this.signedIn = username;
  }
}

/** The password sign-in ConfirmBloc uses, recording what it was asked. */
export class FakePasswordSignIn {
  readonly calls: { username: string; password: string }[] = [];
  failure: Error | null = null;

  async signIn(username: string, password: string): Promise<void> {
    this.calls.push({ username, password });
    if (this.failure) throw this.failure;
  }
}

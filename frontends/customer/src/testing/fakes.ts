import { ApiProblem, type Locale } from '@petpro/api-client';
import type { AuthRepository } from '../features/auth/auth-repository';

/** An AuthRepository that accepts one account and refuses the rest as the API does (401 problem). */
export class FakeAuthRepository implements AuthRepository {
  readonly calls: { username: string; password: string }[] = [];
  signedIn = false;

  constructor(
    private readonly account = { username: 'budi.santoso@example.id', password: 'BudiPetPro2026' },
    private readonly locale: Locale = 'id',
  ) {}

  async signIn(username: string, password: string): Promise<void> {
    this.calls.push({ username, password });
    if (username !== this.account.username || password !== this.account.password) {
      throw new ApiProblem({
        status: 401,
        type: 'https://petpro.id/problems/invalid-credentials',
        title: this.locale === 'id' ? 'Email/nomor HP atau kata sandi salah' : 'Wrong email/phone or password',
        detail: this.locale === 'id' ? 'Periksa kembali lalu coba lagi.' : 'Check them and try again.',
      });
    }
    this.signedIn = true;
  }

  async signOut(): Promise<void> {
    this.signedIn = false;
  }

  async isSignedIn(): Promise<boolean> {
    return this.signedIn;
  }
}

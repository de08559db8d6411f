import type { ApiClient } from '@petpro/api-client';

/** The session, as the sign-in screen's Bloc sees it. */
export interface AuthRepository {
  /** Signs in with an e-mail address or +62 phone number; throws ApiProblem or OfflineError. */
  signIn(username: string, password: string): Promise<void>;
  signOut(): Promise<void>;
  isSignedIn(): Promise<boolean>;
}

export class ApiAuthRepository implements AuthRepository {
  readonly #api: ApiClient;

  constructor(api: ApiClient) {
    this.#api = api;
  }

  async signIn(username: string, password: string): Promise<void> {
    await this.#api.signIn({ username, password });
  }

  signOut(): Promise<void> {
    return this.#api.signOut();
  }

  async isSignedIn(): Promise<boolean> {
    return (await this.#api.session.get()) !== null;
  }
}

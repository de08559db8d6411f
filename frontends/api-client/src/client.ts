import createClient, { type Client, type Middleware } from 'openapi-fetch';
import { ApiProblem, OfflineError, SignedOutError } from './errors.ts';
import { DEFAULT_LOCALE, type Locale } from './messages.ts';
import type { components, operations, paths } from './schema.d.ts';
import { memorySessionStorage, SessionHolder, type Session, type SessionStorage } from './session.ts';

/** The API's problem body (RFC 9457), as the OpenAPI document describes it. */
export type Problem = components['schemas']['Problem'];
/** What sign-in, one-time-code sign-in and refresh answer. */
export type Tokens = operations['signIn']['responses'][200]['content']['application/json'];
export type SignInBody = operations['signIn']['requestBody']['content']['application/json'];
export type VerifyOtpBody = operations['verifyOtp']['requestBody']['content']['application/json'];

/** Why the session ended: the user signed out, or the API refused to refresh it. */
export type SignOutReason = 'signed-out' | 'session-expired';

export interface ApiClientOptions {
  /** The API's origin, e.g. http://localhost:3000 (paths start with /v1). */
  baseUrl: string;
  /** Where the session is kept between launches (default: memory only). */
  storage?: SessionStorage;
  /** The fetch to use (default: the global one, looked up on each call). */
  fetch?: (request: Request) => Promise<Response>;
  /** The language of problems and of the client's own messages: fixed, or read on every call. */
  locale?: Locale | (() => Locale);
  /** Told once when a session ends. */
  onSignedOut?: (reason: SignOutReason) => void;
  /** The clock (tests). */
  now?: () => number;
  /** Refresh before a call when the access token expires within this (default 30 s). */
  refreshMarginMs?: number;
}

/** The outcome openapi-fetch answers with (`data` on 2xx, `error` otherwise). */
export interface FetchResult {
  data?: unknown;
  error?: unknown;
  response: Response;
}

/** The data of a successful answer (`undefined` for a 204). */
export type DataOf<R extends FetchResult> = [NonNullable<R['data']>] extends [never]
  ? undefined
  : NonNullable<R['data']>;

/** The typed API client: openapi-fetch's `GET`, `POST`… over the generated paths, plus the session. */
export type ApiClient = Client<paths> & {
  readonly session: SessionHolder;
  locale(): Locale;
  setLocale(locale: Locale): void;
  /** Signs in with a password and keeps the session. Throws ApiProblem (e.g. 401) or OfflineError. */
  signIn(body: SignInBody): Promise<Session>;
  /** Signs in with a one-time code (`POST /v1/auth/otp/verify`) and keeps the session. */
  verifyOtp(body: VerifyOtpBody): Promise<Session>;
  /** Keeps the session of a token answer got otherwise. */
  startSession(tokens: Tokens): Promise<Session>;
  /** Refreshes now (shared with any refresh in flight). Throws SignedOutError when refused. */
  refresh(): Promise<Session>;
  /** Revokes the refresh token at the API (best effort: offline, it is only forgotten here) and clears the session. */
  signOut(): Promise<void>;
  /** The data of an answer, or throws its ApiProblem (title and detail in the client's language). */
  unwrap<R extends FetchResult>(result: R | Promise<R>): Promise<DataOf<R>>;
};

/**
 * Auth routes answer without a bearer token (sign-in, refresh, sign-up, codes); sign-out needs it.
 * A 401 from a request that carried no bearer token (wrong password) is the caller's, not a refresh's.
 */
function carriesBearer(schemaPath: string): boolean {
  return !schemaPath.startsWith('/v1/auth/') || schemaPath === '/v1/auth/sign-out';
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError');
}

/** The session a token answer starts; a refresh answer may omit the refresh token (it stays the same). */
export function sessionFrom(tokens: Tokens, now: number, previousRefreshToken?: string): Session {
  const refreshToken = tokens.refreshToken ?? previousRefreshToken;
  return {
    accessToken: tokens.accessToken,
    idToken: tokens.idToken,
    ...(refreshToken ? { refreshToken } : {}),
    expiresAt: now + tokens.expiresIn * 1000,
  };
}

/** The data of an answer, or its ApiProblem thrown. */
export function unwrapResult<R extends FetchResult>(result: R, locale: Locale = DEFAULT_LOCALE): DataOf<R> {
  if (!result.response.ok) throw ApiProblem.from(result.response, result.error, locale);
  return result.data as DataOf<R>;
}

export function createApiClient(options: ApiClientOptions): ApiClient {
  const now = options.now ?? Date.now;
  const margin = options.refreshMarginMs ?? 30_000;
  const fetchImpl = options.fetch ?? ((request: Request) => globalThis.fetch(request));
  const session = new SessionHolder(options.storage ?? memorySessionStorage());
  const initialLocale = options.locale;
  let currentLocale = typeof initialLocale === 'function' ? initialLocale : () => initialLocale ?? DEFAULT_LOCALE;
  const locale = () => currentLocale();

  /** Accept-Language on every call; a call that reached no server becomes an OfflineError. */
  const language: Middleware = {
    onRequest({ request }) {
      if (!request.headers.has('Accept-Language')) request.headers.set('Accept-Language', locale());
    },
    onError({ error }) {
      if (isAbort(error) || error instanceof OfflineError) return undefined;
      return new OfflineError(locale(), { cause: error });
    },
  };

  // Refresh and sign-in go through a client without the auth middleware (no bearer, no refresh loop).
  const bare = createClient<paths>({ baseUrl: options.baseUrl, fetch: fetchImpl });
  bare.use(language);
  const client = createClient<paths>({ baseUrl: options.baseUrl, fetch: fetchImpl });

  let signingOut = false;
  async function end(reason: SignOutReason): Promise<void> {
    if (await session.clear()) options.onSignedOut?.(signingOut ? 'signed-out' : reason);
  }

  async function refreshSession(): Promise<Session> {
    const generation = session.generation;
    const current = await session.get();
    if (!current?.refreshToken) {
      await end('session-expired');
      throw new SignedOutError(locale());
    }
    const result = await bare.POST('/v1/auth/refresh', { body: { refreshToken: current.refreshToken } });
    if (!result.response.ok || !result.data) {
      const problem = ApiProblem.from(result.response, result.error, locale());
      // The API refused the refresh token (400/401/403): the session is over. A 5xx or 429 is not
      // the token's fault: keep the session and let the caller retry later.
      if (problem.status >= 400 && problem.status < 500 && problem.status !== 429) {
        await end('session-expired');
        throw new SignedOutError(locale(), { cause: problem });
      }
      throw problem;
    }
    if (session.generation !== generation) throw new SignedOutError(locale()); // signed out meanwhile
    const next = sessionFrom(result.data, now(), current.refreshToken);
    await session.set(next);
    return next;
  }

  // One refresh at a time: every caller that needs one while it is in flight waits for the same.
  let refreshing: Promise<Session> | undefined;
  function refreshOnce(): Promise<Session> {
    refreshing ??= refreshSession().finally(() => {
      refreshing = undefined;
    });
    return refreshing;
  }

  const expiring = (current: Session) => current.expiresAt - margin <= now();

  /** Each authenticated call's copy to send again after a refresh, and the token it carried. */
  const sent = new Map<string, { retry: Request; token: string }>();

  const auth: Middleware = {
    async onRequest({ request, schemaPath, id }) {
      if (request.headers.has('Authorization') || !carriesBearer(schemaPath)) return undefined;
      let current = await session.get();
      if (!current) return undefined;
      if (expiring(current) && current.refreshToken) current = await refreshOnce();
      request.headers.set('Authorization', `Bearer ${current.accessToken}`);
      sent.set(id, { retry: request.clone(), token: current.accessToken });
      return request;
    },
    async onResponse({ response, id, options: merged }) {
      const call = sent.get(id);
      sent.delete(id);
      if (!call || response.status !== 401) return undefined;
      await response.body?.cancel().catch(() => undefined);
      // Another call may have refreshed already since this one left: then its token is the new one.
      const current = await session.get();
      const fresh = current && current.accessToken !== call.token ? current : await refreshOnce();
      call.retry.headers.set('Authorization', `Bearer ${fresh.accessToken}`);
      try {
        return await merged.fetch(call.retry); // once: a second 401 is the caller's
      } catch (error) {
        if (isAbort(error)) throw error;
        throw new OfflineError(locale(), { cause: error });
      }
    },
    onError({ id }) {
      sent.delete(id);
      return undefined;
    },
  };
  client.use(language, auth);

  async function startSession(tokens: Tokens): Promise<Session> {
    const next = sessionFrom(tokens, now());
    await session.set(next);
    return next;
  }

  return {
    ...client,
    session,
    locale,
    setLocale(next: Locale) {
      currentLocale = () => next;
    },
    async signIn(body) {
      return startSession(unwrapResult(await bare.POST('/v1/auth/sign-in', { body }), locale()));
    },
    async verifyOtp(body) {
      return startSession(unwrapResult(await bare.POST('/v1/auth/otp/verify', { body }), locale()));
    },
    startSession,
    refresh: refreshOnce,
    async signOut() {
      signingOut = true;
      try {
        const current = await session.get();
        if (current?.refreshToken) {
          await client
            .POST('/v1/auth/sign-out', { body: { refreshToken: current.refreshToken } })
            .catch(() => undefined);
        }
        await end('signed-out');
      } finally {
        signingOut = false;
      }
    },
    async unwrap(result) {
      return unwrapResult(await result, locale());
    },
  };
}

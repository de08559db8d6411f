/**
 * A stand-in for the API behind the `fetch` handed to the client: the identity routes and a couple of
 * authenticated ones, answering as the real API does (problem+json in the caller's language).
 */
export interface Call {
  method: string;
  path: string;
  headers: Headers;
  body: unknown;
}

const TEXTS = {
  'unauthorized': { id: 'Silakan masuk terlebih dahulu.', en: 'Sign in to continue.' },
  'invalid-token': { id: 'Token tidak valid atau sudah dicabut.', en: 'The token is not valid or was revoked.' },
} as const;

export function problem(status: number, key: keyof typeof TEXTS, language: string | null, extra = {}): Response {
  const text = TEXTS[key][language === 'en' ? 'en' : 'id'];
  return Response.json(
    { ...extra, type: `https://petpro.id/problems/${key}`, title: text, status, detail: text },
    { status, headers: { 'content-type': 'application/problem+json' } },
  );
}

export function tokens(accessToken: string, refreshToken?: string, expiresIn = 3600) {
  return {
    accessToken,
    idToken: `id-${accessToken}`,
    ...(refreshToken ? { refreshToken } : {}),
    expiresIn,
    tokenType: 'Bearer' as const,
  };
}

const tick = (ms = 5) => new Promise((resolve) => setTimeout(resolve, ms));

export class FakeApi {
  readonly calls: Call[] = [];
  readonly validAccess = new Set<string>();
  readonly validRefresh = new Set<string>(['r1']);
  /** Refresh answers with this status instead (e.g. 503). */
  refreshStatus: number | undefined;
  /** Every call throws as fetch does when there is no network. */
  offline = false;
  /** The retried call is refused too (a token the API will not take even fresh). */
  refuseEverything = false;
  #issued = 1;

  readonly fetch = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const text = await request.text();
    const body: unknown = text ? JSON.parse(text) : undefined;
    this.calls.push({ method: request.method, path: url.pathname, headers: request.headers, body });
    await tick();
    if (this.offline) throw new TypeError('fetch failed');
    const language = request.headers.get('accept-language');
    const bearer = request.headers.get('authorization')?.replace(/^Bearer /, '');
    const route = `${request.method} ${url.pathname}`;

    if (route === 'POST /v1/auth/refresh') {
      await tick(20);
      if (this.refreshStatus) return problem(this.refreshStatus, 'invalid-token', language);
      const { refreshToken } = body as { refreshToken: string };
      if (!this.validRefresh.has(refreshToken)) return problem(401, 'invalid-token', language);
      return Response.json(tokens(this.issue()));
    }
    if (route === 'POST /v1/auth/sign-in') {
      const { password } = body as { password: string };
      if (password !== 'BudiPetPro2026') return problem(401, 'unauthorized', language);
      return Response.json(tokens(this.issue(), 'r1'));
    }
    if (!bearer || !this.validAccess.has(bearer) || this.refuseEverything)
      return problem(401, 'unauthorized', language);
    if (route === 'POST /v1/auth/sign-out') {
      this.validRefresh.delete((body as { refreshToken: string }).refreshToken);
      return new Response(null, { status: 204 });
    }
    if (route === 'GET /v1/me/pets')
      return Response.json({ items: [{ petId: 'p1', name: 'Mochi' }], nextCursor: null });
    if (route === 'POST /v1/me/pets') return Response.json({ petId: 'p2', ...(body as object) }, { status: 201 });
    return problem(401, 'unauthorized', language);
  };

  issue(): string {
    const token = `a${this.#issued++}`;
    this.validAccess.add(token);
    return token;
  }

  /** Access tokens issued so far stop working (they expired at the API). */
  expireAccessTokens(): void {
    this.validAccess.clear();
  }

  callsTo(path: string): Call[] {
    return this.calls.filter((call) => call.path === path);
  }
}

/** A tiny client of the PetPro API, for seeding the local platform and for integration tests. */
export interface ApiResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface CallOptions {
  token?: string;
  headers?: Record<string, string>;
  /** Sent as is (for malformed-JSON tests); otherwise `body` is JSON-encoded. */
  rawBody?: string;
}

export function apiClient(baseUrl: string) {
  async function call<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
    options: CallOptions = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let payload: string | undefined = options.rawBody;
    if (payload === undefined && body !== undefined) payload = JSON.stringify(body);
    if (payload !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      ...(payload !== undefined ? { body: payload } : {}),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, headers: response.headers, body: parsed as T, text };
  }
  return {
    get: <T = Record<string, unknown>>(path: string, options?: CallOptions) => call<T>('GET', path, undefined, options),
    post: <T = Record<string, unknown>>(path: string, body?: unknown, options?: CallOptions) =>
      call<T>('POST', path, body, options),
    put: <T = Record<string, unknown>>(path: string, body?: unknown, options?: CallOptions) =>
      call<T>('PUT', path, body, options),
    patch: <T = Record<string, unknown>>(path: string, body?: unknown, options?: CallOptions) =>
      call<T>('PATCH', path, body, options),
    delete: <T = Record<string, unknown>>(path: string, options?: CallOptions) =>
      call<T>('DELETE', path, undefined, options),
  };
}

export type ApiClient = ReturnType<typeof apiClient>;

/** The code in the newest message sent to `to` (a 6-digit number), waiting for it to arrive. */
export async function waitForCode(api: ApiClient, to: string, after: string = '', timeoutMs = 20_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const { body } = await api.get<{ items: { to: string; body: string; sentAt: string }[] }>(
      `/dev/outbox?to=${encodeURIComponent(to)}`,
    );
    const message = body.items.find((item) => item.sentAt > after);
    const code = message && /\b(\d{6})\b/.exec(message.body)?.[1];
    if (code) return code;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no code arrived for ${to}`);
}

export async function eventually<T>(
  what: string,
  attempt: () => Promise<T | undefined>,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const result = await attempt();
    if (result !== undefined) return result;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

import { createApiClient, type ApiClient, type ApiClientOptions } from '@petpro/api-client';

/** One request the code under test sent through the API client, its JSON body parsed. */
export interface SentRequest {
  method: string;
  url: URL;
  headers: Headers;
  body: unknown;
}

/**
 * An API client (at http://api.test, Indonesian unless told) over a scripted fetch for repository
 * tests: each request is recorded in `sent`, then answered by `answer` (which may throw, as fetch does
 * with no network).
 */
export function recordingApi(
  answer: (sent: SentRequest) => Response | Promise<Response>,
  options: Partial<Pick<ApiClientOptions, 'locale' | 'storage'>> = {},
): { api: ApiClient; sent: SentRequest[] } {
  const sent: SentRequest[] = [];
  const api = createApiClient({
    baseUrl: 'http://api.test',
    locale: 'id',
    ...options,
    fetch: async (request) => {
      const text = await request.text();
      const call: SentRequest = {
        method: request.method,
        url: new URL(request.url),
        headers: request.headers,
        body: text ? (JSON.parse(text) as unknown) : undefined,
      };
      sent.push(call);
      return answer(call);
    },
  });
  return { api, sent };
}

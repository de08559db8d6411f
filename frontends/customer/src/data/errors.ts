import { isApiProblem, OfflineError, SignedOutError, type FieldError, type Locale } from '@petpro/api-client';

/**
 * What a screen shows for a failure, never the raw answer: a problem's title and detail (already in
 * the language the request asked for), a client message in both languages, or the app's own
 * "something went wrong".
 */
export type ErrorView =
  | { kind: 'problem'; status: number; code: string; title: string; detail: string; errors: readonly FieldError[] }
  | { kind: 'message'; messages: Readonly<Record<Locale, string>> }
  | { kind: 'unexpected' };

export function toErrorView(error: unknown): ErrorView {
  if (isApiProblem(error)) {
    return {
      kind: 'problem',
      status: error.status,
      code: error.code,
      title: error.title,
      detail: error.detail,
      errors: error.errors,
    };
  }
  if (error instanceof OfflineError || error instanceof SignedOutError)
    return { kind: 'message', messages: error.messages };
  return { kind: 'unexpected' };
}

import { message, type MessageKey } from '../lib/messages.ts';
import type { Locale } from '../lib/locale.ts';
import type { FieldError, Refusal, RefusalKind } from '../lib/refusal.ts';

/** Base for problem type URIs (RFC 9457); each kind of problem has a stable, documented slug. */
export const PROBLEM_TYPE_BASE = 'https://petpro.id/problems/';

/** RFC 9457's members (and our `errors`): an extension member never takes their names. */
export const STANDARD_PROBLEM_MEMBERS = ['type', 'title', 'status', 'detail', 'instance', 'errors'] as const;

/**
 * Extension members of a problem (e.g. `state` of the resource, `available` units). `status` is the
 * HTTP status number, so a resource's state goes in `state`; the type refuses the standard names.
 */
export type ProblemExtras = Record<string, unknown> & { [Name in (typeof STANDARD_PROBLEM_MEMBERS)[number]]?: never };

/**
 * An error that becomes an RFC 9457 problem+json reply. The edge (middleware, handlers, access checks)
 * throws these; domain code throws a Refusal (shared/lib/refusal.ts), turned into one by problemFor.
 */
export class HttpProblem extends Error {
  readonly status: number;
  readonly key: MessageKey;
  readonly errors?: FieldError[];
  readonly extra?: ProblemExtras;

  constructor(
    status: number,
    key: MessageKey,
    options: { errors?: FieldError[]; extra?: ProblemExtras; detail?: string } = {},
  ) {
    super(options.detail ?? key);
    this.name = 'HttpProblem';
    this.status = status;
    this.key = key;
    if (options.errors) this.errors = options.errors;
    if (options.extra) {
      const clash = STANDARD_PROBLEM_MEMBERS.find((name) => name in options.extra!);
      if (clash)
        throw new Error(
          `problem ${key}: the extension member "${clash}" would overwrite RFC 9457's; name it otherwise (e.g. state)`,
        );
      this.extra = options.extra;
    }
  }

  /** Title and detail both in the caller's language (Bahasa Indonesia by default). */
  toBody(locale: Locale, instance?: string): Record<string, unknown> {
    return {
      ...this.extra,
      type: `${PROBLEM_TYPE_BASE}${this.key}`,
      title: message(this.key, locale),
      status: this.status,
      detail: message(this.key, locale),
      ...(instance ? { instance } : {}),
      ...(this.errors ? { errors: this.errors } : {}),
    };
  }
}

export const problems = {
  badRequest: (key: MessageKey = 'bad-request', errors?: FieldError[]) =>
    new HttpProblem(400, key, errors ? { errors } : {}),
  unauthorized: (key: MessageKey = 'unauthorized') => new HttpProblem(401, key),
  forbidden: () => new HttpProblem(403, 'forbidden'),
  /** Also the answer for "exists but is not yours": never leak another user's records. */
  notFound: () => new HttpProblem(404, 'not-found'),
  conflict: (key: MessageKey = 'conflict', extra?: ProblemExtras) => new HttpProblem(409, key, extra ? { extra } : {}),
  unprocessable: (key: MessageKey, errors?: FieldError[]) => new HttpProblem(422, key, errors ? { errors } : {}),
  throttled: () => new HttpProblem(429, 'throttled'),
};

/** The one place a domain refusal's kind becomes an HTTP status. */
export const STATUS_OF_REFUSAL: Record<RefusalKind, number> = {
  'invalid': 400,
  'unauthenticated': 401,
  'forbidden': 403,
  'not-found': 404,
  'conflict': 409,
  'unprocessable': 422,
  'too-many': 429,
  'unavailable': 502,
};

/** The problem a domain refusal answers with (an HttpProblem passes through unchanged). */
export function problemFor(error: Refusal | HttpProblem): HttpProblem {
  if (error instanceof HttpProblem) return error;
  return new HttpProblem(STATUS_OF_REFUSAL[error.kind], error.code, {
    detail: error.message,
    ...(error.errors ? { errors: error.errors } : {}),
    ...(error.details ? { extra: error.details } : {}),
  });
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

import { message, type Locale, type MessageKey } from './messages.ts';

export interface FieldError {
  path: string;
  message: string;
}

/** Base for problem type URIs (RFC 9457); each kind of problem has a stable, documented slug. */
export const PROBLEM_TYPE_BASE = 'https://petpro.id/problems/';

/** An error that becomes an RFC 9457 problem+json reply. Domain code throws these. */
export class HttpProblem extends Error {
  readonly status: number;
  readonly key: MessageKey;
  readonly errors?: FieldError[];
  readonly extra?: Record<string, unknown>;

  constructor(status: number, key: MessageKey, options: { errors?: FieldError[]; extra?: Record<string, unknown>; detail?: string } = {}) {
    super(options.detail ?? key);
    this.name = 'HttpProblem';
    this.status = status;
    this.key = key;
    if (options.errors) this.errors = options.errors;
    if (options.extra) this.extra = options.extra;
  }

  toBody(locale: Locale, instance?: string): Record<string, unknown> {
    return {
      type: `${PROBLEM_TYPE_BASE}${this.key}`,
      title: message(this.key, 'en'),
      status: this.status,
      detail: message(this.key, locale),
      ...(instance ? { instance } : {}),
      ...(this.errors ? { errors: this.errors } : {}),
      ...this.extra,
    };
  }
}

export const problems = {
  badRequest: (key: MessageKey = 'bad-request', errors?: FieldError[]) => new HttpProblem(400, key, errors ? { errors } : {}),
  unauthorized: (key: MessageKey = 'unauthorized') => new HttpProblem(401, key),
  forbidden: () => new HttpProblem(403, 'forbidden'),
  /** Also the answer for "exists but is not yours": never leak another user's records. */
  notFound: () => new HttpProblem(404, 'not-found'),
  conflict: (key: MessageKey = 'conflict', extra?: Record<string, unknown>) => new HttpProblem(409, key, extra ? { extra } : {}),
  unprocessable: (key: MessageKey, errors?: FieldError[]) => new HttpProblem(422, key, errors ? { errors } : {}),
  throttled: () => new HttpProblem(429, 'throttled'),
};

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

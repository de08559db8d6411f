import { clientMessages, inEveryLocale, translate, type Locale } from './messages.ts';

/** One invalid field of a request (the API's `errors[]`). */
export interface FieldError {
  path: string;
  message: string;
}

/** RFC 9457's members and the API's `errors`; everything else in a problem is an extension member. */
const STANDARD_MEMBERS = new Set(['type', 'title', 'status', 'detail', 'instance', 'errors']);

/** Where a problem type is not a URL of ours (an intermediary's error page, a bare JSON message). */
export const UNEXPECTED_CODE = 'unexpected';

/**
 * An application/problem+json answer (RFC 9457) as a typed error. `title` and `detail` come in the
 * language the client asked for. `code` is the type's last path segment
 * (`https://petpro.id/problems/slot-taken` → `slot-taken`): branch on it, never on the text.
 */
export class ApiProblem extends Error {
  readonly status: number;
  readonly type: string;
  readonly code: string;
  readonly title: string;
  readonly detail: string;
  readonly instance: string | undefined;
  readonly errors: readonly FieldError[];
  /** Members beyond RFC 9457's, e.g. `state` of the resource, `available` units. */
  readonly extensions: Readonly<Record<string, unknown>>;

  constructor(fields: {
    status: number;
    type: string;
    title: string;
    detail: string;
    instance?: string | undefined;
    errors?: readonly FieldError[];
    extensions?: Record<string, unknown>;
  }) {
    super(fields.detail || fields.title);
    this.name = 'ApiProblem';
    this.status = fields.status;
    this.type = fields.type;
    this.code = problemCode(fields.type);
    this.title = fields.title;
    this.detail = fields.detail;
    this.instance = fields.instance;
    this.errors = fields.errors ?? [];
    this.extensions = fields.extensions ?? {};
  }

  /** The refused resource's state (a 409's `state` member), when the API names it. */
  get state(): string | undefined {
    const state = this.extensions['state'];
    return typeof state === 'string' ? state : undefined;
  }

  /**
   * The problem an error answer carries: `body` is what openapi-fetch returns as `error` (parsed
   * JSON, or the text when it was not JSON). A body that is not a problem (a gateway's HTML page,
   * `{"message":"Not Found"}`) becomes code `unexpected` with the client's own words.
   */
  static from(response: Response, body: unknown, locale: Locale): ApiProblem {
    if (isProblemBody(body)) {
      const extensions = Object.fromEntries(Object.entries(body).filter(([name]) => !STANDARD_MEMBERS.has(name)));
      return new ApiProblem({
        status: response.status,
        type: body.type,
        title: body.title,
        detail: typeof body.detail === 'string' ? body.detail : body.title,
        instance: typeof body.instance === 'string' ? body.instance : undefined,
        errors: Array.isArray(body.errors) ? body.errors.filter(isFieldError) : [],
        extensions,
      });
    }
    const text = translate(clientMessages, 'unexpected', locale, { status: response.status });
    return new ApiProblem({
      status: response.status,
      type: 'about:blank',
      title: response.statusText || text,
      detail: text,
    });
  }
}

/** `https://petpro.id/problems/slot-taken` → `slot-taken`; `about:blank` (or nothing) → `unexpected`. */
export function problemCode(type: string): string {
  if (!type || type === 'about:blank') return UNEXPECTED_CODE;
  const segments = type
    .replace(/[?#].*$/, '')
    .split('/')
    .filter(Boolean);
  return segments.at(-1) ?? UNEXPECTED_CODE;
}

function isProblemBody(
  body: unknown,
): body is { type: string; title: string; detail?: unknown; instance?: unknown; errors?: unknown } & Record<
  string,
  unknown
> {
  if (typeof body !== 'object' || body === null) return false;
  const { type, title } = body as Record<string, unknown>;
  return typeof type === 'string' && typeof title === 'string';
}

function isFieldError(value: unknown): value is FieldError {
  if (typeof value !== 'object' || value === null) return false;
  const { path, message } = value as Record<string, unknown>;
  return typeof path === 'string' && typeof message === 'string';
}

/** The API could not be reached (no network, DNS, TLS, connection reset): nothing was answered. */
export class OfflineError extends Error {
  /** The message in both languages; `message` is in the locale current when it happened. */
  readonly messages: Readonly<Record<Locale, string>>;

  constructor(locale: Locale, options: { cause?: unknown } = {}) {
    super(translate(clientMessages, 'offline', locale), options);
    this.name = 'OfflineError';
    this.messages = inEveryLocale(clientMessages, 'offline');
  }
}

/**
 * The session ended: the refresh token was refused (or there was none), so the session was cleared.
 * The app shows its sign-in screen; `cause` is the refresh's ApiProblem when there was one.
 */
export class SignedOutError extends Error {
  readonly messages: Readonly<Record<Locale, string>>;

  constructor(locale: Locale, options: { cause?: unknown } = {}) {
    super(translate(clientMessages, 'signed-out', locale), options);
    this.name = 'SignedOutError';
    this.messages = inEveryLocale(clientMessages, 'signed-out');
  }
}

export function isApiProblem(error: unknown): error is ApiProblem {
  return error instanceof ApiProblem;
}

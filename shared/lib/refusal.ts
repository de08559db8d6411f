import type { MessageKey } from './messages.ts';

/**
 * Why a use case said no, in the domain's words. Domain code throws these; it never picks an HTTP
 * status. The edge (`problemFor` in shared/http/problem.ts) is the one place that turns a kind into
 * a status and a problem+json reply.
 */
export type RefusalKind =
  /** The request itself is wrong (a field, a cursor, a code). */
  | 'invalid'
  /** Who is asking is unknown or their credentials are wrong. */
  | 'unauthenticated'
  /** The caller is known but may not do this. */
  | 'forbidden'
  /** No such thing — also the answer for "exists but is not yours", so nothing leaks. */
  | 'not-found'
  /** The thing is in a state that does not allow it (taken, already paid, version moved). */
  | 'conflict'
  /** Well-formed, but the domain's rules refuse its content. */
  | 'unprocessable'
  /** Too many attempts; try again later. */
  | 'too-many'
  /** A party outside PetPro (a carrier, a provider) failed; asking again later may work. */
  | 'unavailable';

export interface FieldError {
  path: string;
  message: string;
}

/**
 * What the refusal tells the caller beyond its code (e.g. `state` of the resource, `available` units,
 * `retryAfterSeconds`). The names RFC 9457 gives a problem's own members are refused by the type.
 */
export type RefusalDetails = Record<string, unknown> & {
  [Name in 'type' | 'title' | 'status' | 'detail' | 'instance' | 'errors']?: never;
};

export class Refusal extends Error {
  readonly kind: RefusalKind;
  /** Stable code, also the key of its text in both languages (shared/lib/messages.ts). */
  readonly code: MessageKey;
  readonly errors?: FieldError[];
  readonly details?: RefusalDetails;

  constructor(
    kind: RefusalKind,
    code: MessageKey,
    /** `because`: what went wrong in words for the logs (the caller reads the code's text). */
    options: { errors?: FieldError[]; details?: RefusalDetails; because?: string } = {},
  ) {
    super(options.because ?? code);
    this.name = 'Refusal';
    this.kind = kind;
    this.code = code;
    if (options.errors) this.errors = options.errors;
    if (options.details) this.details = options.details;
  }
}

/** The refusals a use case throws, by kind. */
export const refuse = {
  invalid: (code: MessageKey = 'bad-request', errors?: FieldError[]) =>
    new Refusal('invalid', code, errors ? { errors } : {}),
  unauthenticated: (code: MessageKey = 'unauthorized') => new Refusal('unauthenticated', code),
  forbidden: (code: MessageKey = 'forbidden') => new Refusal('forbidden', code),
  notFound: (code: MessageKey = 'not-found', details?: RefusalDetails) =>
    new Refusal('not-found', code, details ? { details } : {}),
  conflict: (code: MessageKey = 'conflict', details?: RefusalDetails) =>
    new Refusal('conflict', code, details ? { details } : {}),
  unprocessable: (code: MessageKey, errors?: FieldError[], details?: RefusalDetails) =>
    new Refusal('unprocessable', code, { ...(errors ? { errors } : {}), ...(details ? { details } : {}) }),
  tooMany: (code: MessageKey = 'throttled', details?: RefusalDetails) =>
    new Refusal('too-many', code, details ? { details } : {}),
  unavailable: (code: MessageKey, because?: string) => new Refusal('unavailable', code, because ? { because } : {}),
  /** Any kind, with the reason for the logs (e.g. a carrier's own words). */
  because: (kind: RefusalKind, code: MessageKey, because: string) => new Refusal(kind, code, { because }),
};

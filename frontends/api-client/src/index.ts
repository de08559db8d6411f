export {
  createApiClient,
  sessionFrom,
  unwrapResult,
  type ApiClient,
  type ApiClientOptions,
  type DataOf,
  type FetchResult,
  type Problem,
  type SignInBody,
  type SignOutReason,
  type Tokens,
  type VerifyOtpBody,
} from './client.ts';
export {
  ApiProblem,
  isApiProblem,
  OfflineError,
  problemCode,
  SignedOutError,
  UNEXPECTED_CODE,
  type FieldError,
} from './errors.ts';
export * from './format.ts';
export * from './messages.ts';
export * from './session.ts';
export type { components, operations, paths } from './schema.d.ts';

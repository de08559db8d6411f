import type { Route } from '../../navigation';

/**
 * Signing in and up; `then`: where to go once signed in (else Find care). `confirm` waits for the
 * code sent to `username` (a normalised e-mail or +62 number) through `channel`.
 */
export type AuthRoute =
  | { area: 'auth'; screen: 'sign-in'; then?: Route }
  | { area: 'auth'; screen: 'sign-up'; then?: Route }
  | { area: 'auth'; screen: 'confirm'; username: string; channel: 'email' | 'sms'; then?: Route }
  | { area: 'auth'; screen: 'otp'; then?: Route };

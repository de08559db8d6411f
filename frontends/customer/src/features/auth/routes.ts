import type { Route } from '../../navigation';

/** Signing in and up; `then`: where to go once signed in (else Find care). */
export type AuthRoute = { area: 'auth'; screen: 'sign-in'; then?: Route };

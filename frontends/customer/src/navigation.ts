/** The app's screens: a state-based navigator (no router library); App keeps the current route. */
export type Route = { name: 'sign-in' } | { name: 'find-care' };

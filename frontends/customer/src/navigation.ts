import type { AuthRoute } from './features/auth/routes';
import type { BookingsRoute } from './features/bookings/routes';
import type { CareRoute } from './features/care/routes';
import type { PetsRoute } from './features/pets/routes';
import type { ProfileRoute } from './features/profile/routes';
import type { ShopRoute } from './features/shop/routes';
import type { Locale } from '@petpro/api-client';
import type { Services } from './services';

/**
 * The app's screens: a state-based navigator (no router library). Each area (features/<area>/)
 * declares its routes in its `routes.ts` and renders them in its `<Area>Area.tsx`; App keeps the
 * history, the tab bar and the session.
 */
export type Route = AuthRoute | CareRoute | BookingsRoute | PetsRoute | ShopRoute | ProfileRoute;

export type Area = Route['area'];

/** The tab bar's tabs, in order: each opens its area's first screen. */
export const TABS = ['care', 'bookings', 'pets', 'shop', 'profile'] as const satisfies readonly Area[];
export type Tab = (typeof TABS)[number];

/** Areas whose every screen needs a signed-in customer (Find care and the shop's catalogue do not). */
export const SIGNED_IN_AREAS: ReadonlySet<Area> = new Set(['bookings', 'pets', 'profile']);

export interface Navigator {
  /** Opens a screen on top of the current one (back returns). */
  go(route: Route): void;
  /** Replaces the current screen (e.g. a form with what it created). */
  replace(route: Route): void;
  /** The screen before, or the area's first screen. */
  back(): void;
  /** Sends to sign-in, and on to `then` once signed in. */
  requireSignIn(then: Route): void;
}

/** The session and the language, as App keeps them. */
export interface AppControls {
  signedIn: boolean;
  /** Told by sign-in (and sign-up) once a session exists: App goes on to where it was asked to. */
  onSignedIn(then?: Route): void;
  /** Signs out here and at the API, forgets what was kept offline, and opens sign-in. */
  signOut(): Promise<void>;
  locale: Locale;
  changeLocale(locale: Locale): Promise<void>;
}

/** What an area's component gets from App. */
export interface AreaProps<R extends Route> {
  route: R;
  nav: Navigator;
  services: Services;
  app: AppControls;
}

/** Each tab's first screen. */
export const FIRST_SCREEN: Record<Tab, Route> = {
  care: { area: 'care', screen: 'find' },
  bookings: { area: 'bookings', screen: 'list' },
  pets: { area: 'pets', screen: 'list' },
  shop: { area: 'shop', screen: 'search' },
  profile: { area: 'profile', screen: 'profile' },
};

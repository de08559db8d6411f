import { randomUUID } from 'expo-crypto';
import { useCallback, useEffect, useMemo, useRef } from 'react';
import { AddressFormBloc } from './address-form-bloc';
import { AddressFormScreen } from './AddressFormScreen';
import { AddressesBloc } from './addresses-bloc';
import { AddressesScreen } from './AddressesScreen';
import { deviceLocation } from './device-location';
import { ProfileBloc } from './profile-bloc';
import { ApiProfileRepository, type Profile, type ProfileRepository } from './profile-repository';
import { ProfileScreen } from './ProfileScreen';
import type { ProfileRoute } from './routes';
import type { AreaProps } from '../../navigation';

/**
 * The customer's profile, language and addresses. The composition root of the area: one
 * ProfileRepository over the API client and the offline cache, a fresh Bloc each time a screen opens.
 */
export function ProfileArea({ route, nav, services, app }: AreaProps<ProfileRoute>) {
  const profiles = useMemo(() => new ApiProfileRepository(services.api, services.cache), [services]);
  // The profile last read here: a new address starts with the customer's own name and phone.
  const known = useRef<Profile | null>(null);

  switch (route.screen) {
    case 'profile':
      return (
        <ProfileRoute
          route={route}
          profiles={profiles}
          known={known}
          locale={app.locale}
          changeLocale={app.changeLocale}
          signOut={app.signOut}
          onAddresses={() => nav.go({ area: 'profile', screen: 'addresses' })}
        />
      );
    case 'addresses':
      return (
        <AddressesRoute
          route={route}
          profiles={profiles}
          onAdd={() => nav.go({ area: 'profile', screen: 'address' })}
          onEdit={(addressId) => nav.go({ area: 'profile', screen: 'address', addressId })}
          onBack={() => nav.back()}
        />
      );
    case 'address':
      return <AddressRoute route={route} profiles={profiles} known={known} onDone={nav.back} />;
  }
}

/** A Bloc for as long as its screen shows this route, closed when it leaves. */
function useRouteBloc<B extends { close(): void }>(create: () => B, route: ProfileRoute): B {
  // A new route opens a fresh screen (`create` is a new closure every render, deliberately not a dependency).
  const bloc = useMemo(create, [route]);
  useEffect(() => () => bloc.close(), [bloc]);
  return bloc;
}

function ProfileRoute({
  route,
  profiles,
  known,
  locale,
  changeLocale,
  signOut,
  onAddresses,
}: {
  route: ProfileRoute;
  profiles: ProfileRepository;
  known: { current: Profile | null };
  locale: AreaProps<ProfileRoute>['app']['locale'];
  changeLocale: AreaProps<ProfileRoute>['app']['changeLocale'];
  signOut: () => Promise<void>;
  onAddresses: () => void;
}) {
  // App's changeLocale is a new function each render; the Bloc calls the latest.
  const latestChangeLocale = useRef(changeLocale);
  latestChangeLocale.current = changeLocale;
  const bloc = useRouteBloc(() => new ProfileBloc(profiles, (next) => latestChangeLocale.current(next)), route);
  useEffect(() => {
    void bloc.add({ type: 'load-requested' });
    return bloc.subscribe((state) => {
      known.current = state.profile;
    });
  }, [bloc, known]);
  return <ProfileScreen bloc={bloc} locale={locale} onAddresses={onAddresses} onSignOut={signOut} />;
}

function AddressesRoute({
  route,
  profiles,
  onAdd,
  onEdit,
  onBack,
}: {
  route: ProfileRoute;
  profiles: ProfileRepository;
  onAdd: () => void;
  onEdit: (addressId: string) => void;
  onBack: () => void;
}) {
  const bloc = useRouteBloc(() => new AddressesBloc(profiles), route);
  useEffect(() => {
    void bloc.add({ type: 'load-requested' });
  }, [bloc]);
  return <AddressesScreen bloc={bloc} onAdd={onAdd} onEdit={onEdit} onBack={onBack} />;
}

function AddressRoute({
  route,
  profiles,
  known,
  onDone,
}: {
  route: Extract<ProfileRoute, { screen: 'address' }>;
  profiles: ProfileRepository;
  known: { current: Profile | null };
  onDone: () => void;
}) {
  const bloc = useRouteBloc(() => {
    const me = known.current;
    const defaults = me ? { recipientName: me.name, phone: me.phone?.replace(/^\+62/, '0') ?? '' } : {};
    return new AddressFormBloc(
      { profiles, location: deviceLocation, newIdempotencyKey: randomUUID },
      route.addressId,
      defaults,
    );
  }, route);
  useEffect(() => {
    void bloc.add({ type: 'load-requested' });
  }, [bloc]);
  const done = useCallback(() => onDone(), [onDone]);
  return <AddressFormScreen bloc={bloc} onDone={done} onBack={onDone} />;
}

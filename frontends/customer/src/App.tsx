import AsyncStorage from '@react-native-async-storage/async-storage';
import { toLocale, type Locale } from '@petpro/api-client';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { I18nextProvider } from 'react-i18next';
import { BackHandler, Linking, StatusBar, StyleSheet, View } from 'react-native';
import { SafeAreaProvider, SafeAreaView } from 'react-native-safe-area-context';
import { AuthArea } from './features/auth/AuthArea';
import { BookingsArea } from './features/bookings/BookingsArea';
import { CareArea } from './features/care/CareArea';
import { PetsArea } from './features/pets/PetsArea';
import { ProfileArea } from './features/profile/ProfileArea';
import { ShopArea } from './features/shop/ShopArea';
import { paymentIdFromUrl, routeAfterPayment } from './data/payment-return';
import { createI18n } from './i18n/i18n';
import { langProps } from './i18n/lang';
import {
  FIRST_SCREEN,
  SIGNED_IN_AREAS,
  TABS,
  type AppControls,
  type Navigator,
  type Route,
  type Tab,
} from './navigation';
import { createServices } from './services';
import { colors } from './theme';
import { Header } from './ui/Header';
import { TabBar } from './ui/TabBar';

const LOCALE_KEY = 'petpro.locale';
const SIGN_IN: Route = { area: 'auth', screen: 'sign-in' };

export function App() {
  const i18n = useMemo(() => createI18n(), []);
  const [locale, setLocaleShown] = useState<Locale>('id');
  // The screens opened, the current one last: back pops, a tab starts over.
  const [history, setHistory] = useState<Route[]>([SIGN_IN]);
  const [signedIn, setSignedIn] = useState(false);
  const route = history[history.length - 1]!;
  // The API client outlives renders; what it calls when a session ends must see the current screen.
  const signedOutRef = useRef<() => void>(() => undefined);
  const services = useMemo(() => createServices(i18n, () => signedOutRef.current()), [i18n]);

  signedOutRef.current = () => {
    setSignedIn(false);
    void services.cache.clear();
    setHistory([SIGN_IN]);
  };

  const nav: Navigator = useMemo(
    () => ({
      go: (next) => setHistory((before) => [...before, next]),
      replace: (next) => setHistory((before) => [...before.slice(0, -1), next]),
      back: () =>
        setHistory((before) => (before.length > 1 ? before.slice(0, -1) : [FIRST_SCREEN[tabOf(before[0]!) ?? 'care']])),
      requireSignIn: (then) => setHistory((before) => [...before, { area: 'auth', screen: 'sign-in', then }]),
    }),
    [],
  );

  const changeLocale = useCallback(
    async (next: Locale, remember = true) => {
      await i18n.changeLanguage(next);
      setLocaleShown(next);
      if (remember) await AsyncStorage.setItem(LOCALE_KEY, next);
    },
    [i18n],
  );

  useEffect(() => {
    // The language chosen last time, and the session kept from the last launch.
    void AsyncStorage.getItem(LOCALE_KEY).then((stored) => {
      if (stored) void changeLocale(toLocale(stored), false);
    });
    void Promise.all([services.auth.isSignedIn(), Linking.getInitialURL()]).then(([yes, url]) => {
      if (!yes) return;
      setSignedIn(true);
      setHistory([FIRST_SCREEN.care]);
      openPaymentReturn(url);
    });
    // On a phone the payment page comes back through the petpro:// scheme while the app runs.
    const subscription = Linking.addEventListener('url', ({ url }) => openPaymentReturn(url));
    return () => subscription.remove();

    /** Back from the payment page (`/payments/{paymentId}`): the booking or checkout it paid. */
    function openPaymentReturn(url: string | null) {
      const paymentId = paymentIdFromUrl(url);
      if (!paymentId) return;
      void routeAfterPayment(services.api, paymentId)
        .then((route) => {
          if (route) setHistory([FIRST_SCREEN[tabOf(route) ?? 'care'], route]);
        })
        .catch(() => undefined); // not the customer's, or offline: stay on the first screen
    }
  }, [services, changeLocale]);

  // Android's back button walks the app's history before leaving it.
  useEffect(() => {
    const subscription = BackHandler.addEventListener('hardwareBackPress', () => {
      if (history.length <= 1) return false;
      nav.back();
      return true;
    });
    return () => subscription.remove();
  }, [history.length, nav]);

  const app: AppControls = {
    signedIn,
    locale,
    changeLocale: (next) => changeLocale(next),
    onSignedIn: (then) => {
      setSignedIn(true);
      setHistory([then ?? FIRST_SCREEN.care]);
    },
    signOut: () => services.auth.signOut().then(() => signedOutRef.current()),
  };

  // A screen that needs a session opens sign-in first, then itself.
  const shown: Route = useMemo(
    () => (!signedIn && SIGNED_IN_AREAS.has(route.area) ? { area: 'auth', screen: 'sign-in', then: route } : route),
    [route, signedIn],
  );
  const currentTab = tabOf(shown);

  const action =
    shown.area === 'auth'
      ? undefined
      : signedIn
        ? { label: i18n.t('nav.signOut'), onPress: () => void app.signOut() }
        : { label: i18n.t('nav.signIn'), onPress: () => nav.requireSignIn(shown) };

  const props = { nav, services, app };
  return (
    <I18nextProvider i18n={i18n}>
      <SafeAreaProvider>
        {/* Clear of the notch, the status bar and the home indicator (Android draws edge to edge). */}
        <SafeAreaView style={styles.root} edges={['top', 'bottom', 'left', 'right']} {...langProps(locale)}>
          <StatusBar barStyle="light-content" backgroundColor={colors.primary} />
          <Header onLocaleChange={(next) => void changeLocale(next)} action={action} />
          <View style={styles.body}>
            {shown.area === 'auth' ? (
              <AuthArea route={shown} {...props} />
            ) : shown.area === 'care' ? (
              <CareArea route={shown} {...props} />
            ) : shown.area === 'bookings' ? (
              <BookingsArea route={shown} {...props} />
            ) : shown.area === 'pets' ? (
              <PetsArea route={shown} {...props} />
            ) : shown.area === 'shop' ? (
              <ShopArea route={shown} {...props} />
            ) : (
              <ProfileArea route={shown} {...props} />
            )}
          </View>
          {shown.area === 'auth' ? null : (
            // A new route object each time: tapping the current tab again reloads its first screen.
            <TabBar current={currentTab} onSelect={(tab) => setHistory([{ ...FIRST_SCREEN[tab] }])} />
          )}
        </SafeAreaView>
      </SafeAreaProvider>
    </I18nextProvider>
  );
}

function tabOf(route: Route): Tab | undefined {
  return (TABS as readonly string[]).includes(route.area) ? (route.area as Tab) : undefined;
}

const styles = StyleSheet.create({
  root: { flex: 1, backgroundColor: colors.background },
  body: { flex: 1 },
});

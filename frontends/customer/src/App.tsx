import AsyncStorage from '@react-native-async-storage/async-storage';
import { toLocale, type Locale } from '@petpro/api-client';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { I18nextProvider } from 'react-i18next';
import { StatusBar, StyleSheet, View } from 'react-native';
import { ClinicsBloc } from './bloc/clinics-bloc';
import { SignInBloc } from './bloc/sign-in-bloc';
import { createI18n } from './i18n/i18n';
import { langProps } from './i18n/lang';
import { type Route } from './navigation';
import { FindCareScreen } from './screens/FindCareScreen';
import { Header } from './screens/Header';
import { SignInScreen } from './screens/SignInScreen';
import { createServices } from './services';
import { colors } from './theme';

const LOCALE_KEY = 'petpro.locale';

export function App() {
  const i18n = useMemo(() => createI18n(), []);
  const [locale, setLocaleShown] = useState<Locale>('id');
  const [route, setRoute] = useState<Route>({ name: 'sign-in' });
  const [signedIn, setSignedIn] = useState(false);
  // The API client outlives renders; what it calls when a session ends must see the current screen.
  const signedOutRef = useRef<() => void>(() => undefined);
  const services = useMemo(() => createServices(i18n, () => signedOutRef.current()), [i18n]);
  // A fresh sign-in form every time the screen opens; one clinic list for the app's life.
  const [signInBloc, setSignInBloc] = useState(() => new SignInBloc(services.auth));
  const clinicsBloc = useMemo(() => new ClinicsBloc(services.clinics), [services]);

  const openSignIn = useCallback(() => {
    setSignInBloc((previous) => {
      previous.close();
      return new SignInBloc(services.auth);
    });
    setRoute({ name: 'sign-in' });
  }, [services]);

  signedOutRef.current = () => {
    setSignedIn(false);
    openSignIn();
  };

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
    void services.auth.isSignedIn().then((yes) => {
      if (yes) {
        setSignedIn(true);
        setRoute({ name: 'find-care' });
      }
    });
  }, [services, changeLocale]);

  const onSignedIn = useCallback(() => {
    setSignedIn(true);
    setRoute({ name: 'find-care' });
  }, []);

  const action =
    route.name === 'sign-in'
      ? undefined
      : signedIn
        ? {
            label: i18n.t('nav.signOut'),
            onPress: () => void services.auth.signOut().then(() => signedOutRef.current()),
          }
        : { label: i18n.t('nav.signIn'), onPress: openSignIn };

  return (
    <I18nextProvider i18n={i18n}>
      <View style={styles.root} {...langProps(locale)}>
        <StatusBar barStyle="light-content" backgroundColor={colors.primary} />
        <Header onLocaleChange={(next) => void changeLocale(next)} action={action} />
        {route.name === 'sign-in' ? (
          <SignInScreen bloc={signInBloc} onSignedIn={onSignedIn} onBrowse={() => setRoute({ name: 'find-care' })} />
        ) : (
          <FindCareScreen bloc={clinicsBloc} />
        )}
      </View>
    </I18nextProvider>
  );
}

const styles = StyleSheet.create({
  root: { flex: 1, backgroundColor: colors.background },
});

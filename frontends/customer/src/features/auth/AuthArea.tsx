import { useCallback, useEffect, useMemo, useRef } from 'react';
import { ApiAccountRepository, type AccountRepository } from './account-repository';
import { ConfirmBloc } from './confirm-bloc';
import { ConfirmScreen } from './ConfirmScreen';
import { isEmail } from './contact';
import { OtpBloc } from './otp-bloc';
import { OtpScreen } from './OtpScreen';
import type { AuthRoute } from './routes';
import { SignInBloc } from './sign-in-bloc';
import { SignInScreen } from './SignInScreen';
import { SignUpBloc } from './sign-up-bloc';
import { SignUpScreen } from './SignUpScreen';
import type { AreaProps } from '../../navigation';

/** A password typed on this device for an account that still waits for its code; memory only, never stored. */
interface PendingAccount {
  username: string;
  password: string;
}

/**
 * Signing in (password or one-time code) and up (then the confirmation code). The composition root
 * of the area: one AccountRepository over the API client, a fresh Bloc each time a screen opens;
 * once signed in, on to where the customer was going (`route.then`).
 */
export function AuthArea({ route, nav, services, app }: AreaProps<AuthRoute>) {
  const accounts = useMemo(() => new ApiAccountRepository(services.api), [services]);
  // Confirming signs the new customer in with the password they chose a screen ago.
  const pending = useRef<PendingAccount | null>(null);
  const then = route.then;
  const signedIn = useCallback(() => app.onSignedIn(then), [app, then]);
  const props = { route, nav, services, accounts, pending, signedIn, then };

  switch (route.screen) {
    case 'sign-in':
      return <SignInRoute {...props} />;
    case 'sign-up':
      return <SignUpRoute {...props} />;
    case 'confirm':
      return <ConfirmRoute {...props} route={route} />;
    case 'otp':
      return <OtpRoute {...props} />;
  }
}

interface RouteProps<R extends AuthRoute = AuthRoute> extends Pick<AreaProps<AuthRoute>, 'nav' | 'services'> {
  route: R;
  accounts: AccountRepository;
  pending: { current: PendingAccount | null };
  signedIn: () => void;
  then: AuthRoute['then'];
}

/** A Bloc for as long as its screen shows this route, closed when it leaves. */
function useRouteBloc<B extends { close(): void }>(create: () => B, route: AuthRoute): B {
  // A new route opens a fresh form (`create` is a new closure every render, deliberately not a dependency).
  const bloc = useMemo(create, [route]);
  useEffect(() => () => bloc.close(), [bloc]);
  return bloc;
}

function SignInRoute({ route, nav, services, pending, signedIn, then }: RouteProps) {
  const bloc = useRouteBloc(() => new SignInBloc(services.auth), route);
  return (
    <SignInScreen
      bloc={bloc}
      onSignedIn={signedIn}
      onBrowse={() => nav.replace({ area: 'care', screen: 'find' })}
      onSignUp={() => nav.go({ area: 'auth', screen: 'sign-up', then })}
      onOtp={() => nav.go({ area: 'auth', screen: 'otp', then })}
      onConfirmAccount={(username, password) => {
        pending.current = { username, password };
        nav.go({ area: 'auth', screen: 'confirm', username, channel: isEmail(username) ? 'email' : 'sms', then });
      }}
    />
  );
}

function SignUpRoute({ route, nav, accounts, pending, then }: RouteProps) {
  const bloc = useRouteBloc(() => new SignUpBloc(accounts), route);
  const onSignedUp = useCallback(
    (account: { username: string; password: string; confirmation: 'email' | 'sms' }) => {
      pending.current = { username: account.username, password: account.password };
      nav.go({ area: 'auth', screen: 'confirm', username: account.username, channel: account.confirmation, then });
    },
    [nav, pending, then],
  );
  return <SignUpScreen bloc={bloc} onSignedUp={onSignedUp} onSignIn={() => nav.back()} />;
}

function ConfirmRoute({
  route,
  nav,
  services,
  accounts,
  pending,
  signedIn,
  then,
}: RouteProps<Extract<AuthRoute, { screen: 'confirm' }>>) {
  const bloc = useRouteBloc(() => {
    const password = pending.current?.username === route.username ? pending.current.password : undefined;
    return new ConfirmBloc({ accounts, auth: services.auth }, { username: route.username, password });
  }, route);
  const onSignedIn = useCallback(() => {
    pending.current = null;
    signedIn();
  }, [pending, signedIn]);
  return (
    <ConfirmScreen
      bloc={bloc}
      username={route.username}
      channel={route.channel}
      onSignedIn={onSignedIn}
      onSignIn={() => {
        pending.current = null;
        nav.replace({ area: 'auth', screen: 'sign-in', then });
      }}
      onChangeUsername={() => nav.back()}
    />
  );
}

function OtpRoute({ route, nav, accounts, signedIn }: RouteProps) {
  const bloc = useRouteBloc(() => new OtpBloc(accounts), route);
  return <OtpScreen bloc={bloc} onSignedIn={signedIn} onBack={() => nav.back()} />;
}

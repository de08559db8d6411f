import { useEffect, useMemo } from 'react';
import type { AreaProps } from '../../navigation';
import type { AuthRoute } from './routes';
import { SignInBloc } from './sign-in-bloc';
import { SignInScreen } from './SignInScreen';

/** Signing in: a fresh form each time the screen opens; once signed in, on to where the customer was going. */
export function AuthArea({ route, nav, services, app }: AreaProps<AuthRoute>) {
  const bloc = useMemo(() => new SignInBloc(services.auth), [services, route]);
  useEffect(() => () => bloc.close(), [bloc]);
  return (
    <SignInScreen
      bloc={bloc}
      onSignedIn={() => app.onSignedIn(route.then)}
      onBrowse={() => nav.replace({ area: 'care', screen: 'find' })}
    />
  );
}

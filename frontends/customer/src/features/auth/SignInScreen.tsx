import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ScrollView, Text } from 'react-native';
import { PrimaryButton, TextField, TextLink } from '../../ui/form';
import { needsConfirmation, normaliseUsername, type SignInBloc } from './sign-in-bloc';
import { useBlocState } from '../../bloc/use-bloc';
import { common } from '../../theme';
import { ErrorBox } from '../../ui/ErrorBox';
import { ScreenTitle } from '../../ui/screen';

export function SignInScreen({
  bloc,
  onSignedIn,
  onBrowse,
  onSignUp,
  onOtp,
  onConfirmAccount,
}: {
  bloc: SignInBloc;
  onSignedIn: () => void;
  onBrowse: () => void;
  onSignUp: () => void;
  onOtp: () => void;
  /** The account waits for its code: on to the confirmation screen with what was typed. */
  onConfirmAccount: (username: string, password: string) => void;
}) {
  const { t } = useTranslation();
  const state = useBlocState(bloc);
  const [showPassword, setShowPassword] = useState(false);
  const submitting = state.status === 'submitting';

  useEffect(() => {
    if (state.status === 'signed-in') onSignedIn();
  }, [state.status, onSignedIn]);

  const usernameInvalid = state.inputErrors.includes('username-invalid');
  const passwordMissing = state.inputErrors.includes('password-missing');
  const submit = () => void bloc.add({ type: 'submitted' });

  return (
    <ScrollView style={common.screen} contentContainerStyle={common.content} keyboardShouldPersistTaps="handled">
      <ScreenTitle>{t('signIn.title')}</ScreenTitle>
      <Text style={common.muted}>{t('signIn.intro')}</Text>

      {state.error ? <ErrorBox error={state.error} /> : null}
      {needsConfirmation(state) ? (
        <TextLink
          label={t('auth.signIn.confirmAccount')}
          onPress={() => {
            const username = normaliseUsername(state.username);
            if (username) onConfirmAccount(username, state.password);
          }}
        />
      ) : null}

      <TextField
        label={t('signIn.username')}
        errors={usernameInvalid ? [t('signIn.username-invalid')] : []}
        value={state.username}
        onChangeText={(value) => void bloc.add({ type: 'username-changed', value })}
        placeholder={t('signIn.usernamePlaceholder')}
        autoCapitalize="none"
        autoCorrect={false}
        autoComplete="username"
        inputMode="email"
        textContentType="username"
        editable={!submitting}
        onSubmitEditing={submit}
      />

      <TextField
        label={t('signIn.password')}
        errors={passwordMissing ? [t('signIn.password-missing')] : []}
        value={state.password}
        onChangeText={(value) => void bloc.add({ type: 'password-changed', value })}
        secureTextEntry={!showPassword}
        autoComplete="current-password"
        textContentType="password"
        editable={!submitting}
        onSubmitEditing={submit}
        trailing={
          <TextLink
            role="button"
            label={showPassword ? t('signIn.hidePassword') : t('signIn.showPassword')}
            text={showPassword ? t('signIn.hide') : t('signIn.show')}
            onPress={() => setShowPassword((shown) => !shown)}
          />
        }
      />

      <PrimaryButton label={t('signIn.submit')} busyLabel={t('signIn.submitting')} busy={submitting} onPress={submit} />

      <TextLink center label={t('auth.signIn.withCode')} onPress={onOtp} />
      <TextLink center label={t('auth.signIn.signUp')} onPress={onSignUp} />
      <TextLink center label={t('signIn.browse')} onPress={onBrowse} />
    </ScrollView>
  );
}

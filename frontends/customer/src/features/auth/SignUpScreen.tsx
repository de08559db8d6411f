import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ScrollView, Text, View } from 'react-native';
import { formStyles, PrimaryButton, TextField, TextLink } from '../../ui/form';
import type { SignUpBloc, SignUpState } from './sign-up-bloc';
import { useBlocState } from '../../bloc/use-bloc';
import { common } from '../../theme';
import { ErrorBox } from '../../ui/ErrorBox';
import { ScreenTitle } from '../../ui/screen';

export function SignUpScreen({
  bloc,
  onSignedUp,
  onSignIn,
}: {
  bloc: SignUpBloc;
  /** The account exists: on to its confirmation code. */
  onSignedUp: (account: NonNullable<SignUpState['account']>) => void;
  onSignIn: () => void;
}) {
  const { t } = useTranslation();
  const state = useBlocState(bloc);
  const [showPassword, setShowPassword] = useState(false);
  const submitting = state.status === 'submitting';

  useEffect(() => {
    if (state.status === 'signed-up' && state.account) onSignedUp(state.account);
  }, [state.status, state.account, onSignedUp]);

  const submit = () => void bloc.add({ type: 'submitted' });
  const errorsOf = (field: keyof SignUpState['fieldErrors']) =>
    (state.fieldErrors[field] ?? []).map((key) => t(`auth.signUp.error.${key}`));
  const taken = state.fieldErrors.username?.includes('username-taken') ?? false;

  return (
    <ScrollView style={common.screen} contentContainerStyle={common.content} keyboardShouldPersistTaps="handled">
      <ScreenTitle>{t('auth.signUp.title')}</ScreenTitle>
      <Text style={common.muted}>{t('auth.signUp.intro')}</Text>

      {state.error ? <ErrorBox error={state.error} /> : null}
      {taken ? <TextLink label={t('auth.signUp.haveAccount')} onPress={onSignIn} /> : null}

      <TextField
        label={t('auth.signUp.name')}
        errors={errorsOf('name')}
        value={state.name}
        onChangeText={(value) => void bloc.add({ type: 'field-changed', field: 'name', value })}
        autoComplete="name"
        textContentType="name"
        autoCapitalize="words"
        editable={!submitting}
        maxLength={100}
      />
      <TextField
        label={t('auth.signUp.username')}
        errors={errorsOf('username')}
        value={state.username}
        onChangeText={(value) => void bloc.add({ type: 'field-changed', field: 'username', value })}
        placeholder={t('signIn.usernamePlaceholder')}
        autoCapitalize="none"
        autoCorrect={false}
        autoComplete="username"
        inputMode="email"
        textContentType="username"
        editable={!submitting}
      />
      <TextField
        label={t('auth.signUp.password')}
        hint={t('auth.signUp.passwordHint')}
        errors={errorsOf('password')}
        value={state.password}
        onChangeText={(value) => void bloc.add({ type: 'field-changed', field: 'password', value })}
        secureTextEntry={!showPassword}
        autoComplete="new-password"
        textContentType="newPassword"
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

      <PrimaryButton
        label={t('auth.signUp.submit')}
        busyLabel={t('auth.signUp.submitting')}
        busy={submitting}
        onPress={submit}
      />
      <View style={formStyles.links}>
        {taken ? null : <TextLink center label={t('auth.signUp.haveAccount')} onPress={onSignIn} />}
      </View>
    </ScrollView>
  );
}

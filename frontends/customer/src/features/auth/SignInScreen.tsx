import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ActivityIndicator, Pressable, ScrollView, StyleSheet, Text, TextInput, View } from 'react-native';
import { TextLink } from '../../ui/form';
import { needsConfirmation, normaliseUsername, type SignInBloc } from './sign-in-bloc';
import { useBlocState } from '../../bloc/use-bloc';
import { colors, common, MIN_TOUCH, space } from '../../theme';
import { ErrorBox } from '../../ui/ErrorBox';

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
      <Text style={common.title} accessibilityRole="header">
        {t('signIn.title')}
      </Text>
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

      <View style={styles.field}>
        <Text style={styles.label}>{t('signIn.username')}</Text>
        <TextInput
          accessibilityLabel={t('signIn.username')}
          accessibilityHint={usernameInvalid ? t('signIn.username-invalid') : undefined}
          aria-invalid={usernameInvalid}
          value={state.username}
          onChangeText={(value) => void bloc.add({ type: 'username-changed', value })}
          placeholder={t('signIn.usernamePlaceholder')}
          placeholderTextColor={colors.muted}
          autoCapitalize="none"
          autoCorrect={false}
          autoComplete="username"
          inputMode="email"
          textContentType="username"
          editable={!submitting}
          style={[styles.input, usernameInvalid && styles.inputInvalid]}
          onSubmitEditing={submit}
        />
        {usernameInvalid ? <Text style={styles.fieldError}>{t('signIn.username-invalid')}</Text> : null}
      </View>

      <View style={styles.field}>
        <Text style={styles.label}>{t('signIn.password')}</Text>
        <View style={styles.passwordRow}>
          <TextInput
            accessibilityLabel={t('signIn.password')}
            accessibilityHint={passwordMissing ? t('signIn.password-missing') : undefined}
            aria-invalid={passwordMissing}
            value={state.password}
            onChangeText={(value) => void bloc.add({ type: 'password-changed', value })}
            secureTextEntry={!showPassword}
            autoComplete="current-password"
            textContentType="password"
            editable={!submitting}
            style={[styles.input, styles.passwordInput, passwordMissing && styles.inputInvalid]}
            onSubmitEditing={submit}
          />
          <Pressable
            accessibilityRole="button"
            accessibilityLabel={showPassword ? t('signIn.hidePassword') : t('signIn.showPassword')}
            onPress={() => setShowPassword((shown) => !shown)}
            style={common.linkButton}
          >
            <Text style={common.linkText}>{showPassword ? t('signIn.hide') : t('signIn.show')}</Text>
          </Pressable>
        </View>
        {passwordMissing ? <Text style={styles.fieldError}>{t('signIn.password-missing')}</Text> : null}
      </View>

      <Pressable
        accessibilityRole="button"
        accessibilityLabel={submitting ? t('signIn.submitting') : t('signIn.submit')}
        aria-disabled={submitting}
        aria-busy={submitting}
        disabled={submitting}
        onPress={submit}
        style={common.button}
      >
        {submitting ? (
          <ActivityIndicator color={colors.primaryText} accessibilityLabel={t('signIn.submitting')} />
        ) : (
          <Text style={common.buttonText}>{t('signIn.submit')}</Text>
        )}
      </Pressable>

      <TextLink center label={t('auth.signIn.withCode')} onPress={onOtp} />
      <TextLink center label={t('auth.signIn.signUp')} onPress={onSignUp} />
      <Pressable
        accessibilityRole="link"
        accessibilityLabel={t('signIn.browse')}
        onPress={onBrowse}
        style={[common.linkButton, styles.center]}
      >
        <Text style={common.linkText}>{t('signIn.browse')}</Text>
      </Pressable>
    </ScrollView>
  );
}

const styles = StyleSheet.create({
  field: { gap: space.xs },
  label: { fontSize: 14, fontWeight: '600', color: colors.text },
  input: {
    minHeight: MIN_TOUCH,
    borderWidth: 1,
    borderColor: colors.border,
    borderRadius: 8,
    paddingHorizontal: space.md,
    fontSize: 16,
    color: colors.text,
    backgroundColor: colors.background,
  },
  inputInvalid: { borderColor: colors.error },
  passwordRow: { flexDirection: 'row', alignItems: 'center', gap: space.sm },
  passwordInput: { flex: 1, minWidth: 0 },
  fieldError: { color: colors.error, fontSize: 14 },
  center: { alignSelf: 'center' },
});

import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { ScrollView, Text, View } from 'react-native';
import type { ConfirmBloc } from './confirm-bloc';
import { formStyles, Notice, PrimaryButton, TextField, TextLink } from '../../ui/form';
import { useSecondsUntil } from './use-countdown';
import { useBlocState } from '../../bloc/use-bloc';
import { common } from '../../theme';
import { ErrorBox } from '../../ui/ErrorBox';
import { ScreenTitle } from '../../ui/screen';

export function ConfirmScreen({
  bloc,
  username,
  channel,
  onSignedIn,
  onSignIn,
  onChangeUsername,
}: {
  bloc: ConfirmBloc;
  username: string;
  channel: 'email' | 'sms';
  onSignedIn: () => void;
  /** Confirmed without a session: sign in with the password. */
  onSignIn: () => void;
  onChangeUsername: () => void;
}) {
  const { t } = useTranslation();
  const state = useBlocState(bloc);
  const seconds = useSecondsUntil(state.resendAvailableAt);
  const busy = state.status === 'confirming' || state.status === 'signing-in' || state.status === 'signed-in';

  useEffect(() => {
    if (state.status === 'signed-in') onSignedIn();
  }, [state.status, onSignedIn]);

  const submit = () => void bloc.add({ type: 'submitted' });
  const wrongCode = state.error?.kind === 'problem' && state.error.code === 'invalid-code';
  const codeErrors = [
    ...(state.codeIncomplete ? [t('auth.code.incomplete')] : []),
    ...(wrongCode ? [t('auth.code.wrongHint')] : []),
  ];

  if (state.status === 'confirmed') {
    return (
      <ScrollView style={common.screen} contentContainerStyle={common.content}>
        <ScreenTitle>{t('auth.confirm.title')}</ScreenTitle>
        <Notice>{t('auth.confirm.confirmed')}</Notice>
        <PrimaryButton label={t('auth.confirm.goSignIn')} onPress={onSignIn} />
      </ScrollView>
    );
  }

  return (
    <ScrollView style={common.screen} contentContainerStyle={common.content} keyboardShouldPersistTaps="handled">
      <ScreenTitle>{t('auth.confirm.title')}</ScreenTitle>
      <Text style={common.body}>
        {channel === 'email'
          ? t('auth.confirm.sentEmail', { to: username })
          : t('auth.confirm.sentSms', { to: username })}
      </Text>

      {state.error ? <ErrorBox error={state.error} /> : null}
      {state.resend === 'sent' ? <Notice>{t('auth.confirm.resent')}</Notice> : null}

      <TextField
        label={t('auth.confirm.code')}
        errors={codeErrors}
        value={state.code}
        onChangeText={(value) => void bloc.add({ type: 'code-changed', value })}
        inputMode="numeric"
        keyboardType="number-pad"
        autoComplete="one-time-code"
        textContentType="oneTimeCode"
        maxLength={6}
        editable={!busy}
        onSubmitEditing={submit}
      />

      <PrimaryButton
        label={t('auth.confirm.submit')}
        busyLabel={state.status === 'signing-in' ? t('auth.confirm.signingIn') : t('auth.confirm.submitting')}
        busy={busy}
        onPress={submit}
      />
      <View style={formStyles.links}>
        <TextLink
          role="button"
          label={seconds > 0 ? t('auth.confirm.resendIn', { seconds }) : t('auth.confirm.resend')}
          disabled={seconds > 0 || state.resend === 'sending' || busy}
          onPress={() => void bloc.add({ type: 'resend-requested' })}
        />
        <TextLink label={t('auth.confirm.changeUsername')} onPress={onChangeUsername} />
      </View>
    </ScrollView>
  );
}

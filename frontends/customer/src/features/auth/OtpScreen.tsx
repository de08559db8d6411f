import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { ScrollView, Text, View } from 'react-native';
import { formStyles, Notice, PrimaryButton, RadioOption, TextField, TextLink } from '../../ui/form';
import { OTP_CHANNELS, type OtpBloc } from './otp-bloc';
import { useSecondsUntil } from './use-countdown';
import { useBlocState } from '../../bloc/use-bloc';
import { common } from '../../theme';
import { ErrorBox } from '../../ui/ErrorBox';
import { ScreenTitle } from '../../ui/screen';

const SENT = { email: 'auth.otp.sentEmail', sms: 'auth.otp.sentSms', whatsapp: 'auth.otp.sentWhatsapp' } as const;

export function OtpScreen({ bloc, onSignedIn, onBack }: { bloc: OtpBloc; onSignedIn: () => void; onBack: () => void }) {
  const { t } = useTranslation();
  const state = useBlocState(bloc);
  const seconds = useSecondsUntil(state.resendAvailableAt);
  const busy = state.status === 'sending' || state.status === 'verifying' || state.status === 'signed-in';

  useEffect(() => {
    if (state.status === 'signed-in') onSignedIn();
  }, [state.status, onSignedIn]);

  const email = state.channel === 'email';
  const requestCode = () => void bloc.add({ type: 'code-requested' });
  const verify = () => void bloc.add({ type: 'code-submitted' });
  const wrongCode = state.error?.kind === 'problem' && state.error.code === 'invalid-code';

  return (
    <ScrollView style={common.screen} contentContainerStyle={common.content} keyboardShouldPersistTaps="handled">
      <ScreenTitle>{t('auth.otp.title')}</ScreenTitle>

      {state.step === 'contact' ? (
        <>
          <Text style={common.muted}>{t('auth.otp.intro')}</Text>
          {state.error ? <ErrorBox error={state.error} /> : null}
          <View style={formStyles.group}>
            <Text style={formStyles.sectionLabel}>{t('auth.otp.channel')}</Text>
            <View
              accessibilityRole="radiogroup"
              accessibilityLabel={t('auth.otp.channel')}
              style={formStyles.radioGroup}
            >
              {OTP_CHANNELS.map((channel) => (
                <RadioOption
                  key={channel}
                  label={t(`auth.otp.channel.${channel}`)}
                  selected={state.channel === channel}
                  disabled={busy}
                  onPress={() => void bloc.add({ type: 'channel-changed', channel })}
                />
              ))}
            </View>
          </View>
          <TextField
            label={email ? t('auth.otp.email') : t('auth.otp.phone')}
            errors={
              state.inputError && state.inputError !== 'code-incomplete'
                ? [t(`auth.otp.error.${state.inputError}`)]
                : []
            }
            value={state.contact}
            onChangeText={(value) => void bloc.add({ type: 'contact-changed', value })}
            placeholder={email ? t('auth.otp.emailPlaceholder') : t('auth.otp.phonePlaceholder')}
            autoCapitalize="none"
            autoCorrect={false}
            autoComplete={email ? 'email' : 'tel'}
            inputMode={email ? 'email' : 'tel'}
            textContentType={email ? 'emailAddress' : 'telephoneNumber'}
            editable={!busy}
            onSubmitEditing={requestCode}
          />
          <PrimaryButton
            label={t('auth.otp.send')}
            busyLabel={t('auth.otp.sending')}
            busy={busy}
            onPress={requestCode}
          />
        </>
      ) : (
        <>
          <Text style={common.body}>{t(SENT[state.channel], { to: state.sentTo ?? '' })}</Text>
          {state.error ? <ErrorBox error={state.error} /> : null}
          {state.resent && !state.error ? <Notice>{t('auth.otp.resent')}</Notice> : null}
          <TextField
            label={t('auth.otp.code')}
            errors={[
              ...(state.inputError === 'code-incomplete' ? [t('auth.code.incomplete')] : []),
              ...(wrongCode ? [t('auth.code.wrongHint')] : []),
            ]}
            value={state.code}
            onChangeText={(value) => void bloc.add({ type: 'code-changed', value })}
            inputMode="numeric"
            keyboardType="number-pad"
            autoComplete="one-time-code"
            textContentType="oneTimeCode"
            maxLength={6}
            editable={!busy}
            onSubmitEditing={verify}
          />
          <PrimaryButton
            label={t('auth.otp.verify')}
            busyLabel={t('auth.otp.verifying')}
            busy={busy}
            onPress={verify}
          />
          <View style={formStyles.links}>
            <TextLink
              role="button"
              label={seconds > 0 ? t('auth.otp.resendIn', { seconds }) : t('auth.otp.resend')}
              disabled={seconds > 0 || busy}
              onPress={() => void bloc.add({ type: 'resend-requested' })}
            />
            <TextLink
              role="button"
              label={t('auth.otp.changeContact')}
              disabled={busy}
              onPress={() => void bloc.add({ type: 'contact-edit-requested' })}
            />
          </View>
        </>
      )}
      <TextLink label={t('auth.backToSignIn')} onPress={onBack} />
    </ScrollView>
  );
}

import { LOCALES, type Locale } from '@petpro/api-client';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ScrollView, StyleSheet, Text, View } from 'react-native';
import type { ProfileBloc } from './profile-bloc';
import { formStyles, Notice, PrimaryButton, RadioOption, TextField, TextLink } from '../../ui/form';
import { useBlocState } from '../../bloc/use-bloc';
import { colors, common, space } from '../../theme';
import { ErrorBox } from '../../ui/ErrorBox';
import { LastUpdated } from '../../ui/LastUpdated';
import { LoadingRow, ScreenTitle } from '../../ui/screen';

export function ProfileScreen({
  bloc,
  locale,
  onAddresses,
  onSignOut,
}: {
  bloc: ProfileBloc;
  /** The app's language now (App keeps it). */
  locale: Locale;
  onAddresses: () => void;
  onSignOut: () => Promise<void>;
}) {
  const { t } = useTranslation();
  const state = useBlocState(bloc);
  const [signingOut, setSigningOut] = useState(false);
  const profile = state.profile;

  return (
    <ScrollView style={common.screen} contentContainerStyle={common.content} keyboardShouldPersistTaps="handled">
      <ScreenTitle>{t('profile.title')}</ScreenTitle>

      {state.status === 'loading' ? <LoadingRow nameSpinner={false} label={t('profile.loading')} /> : null}
      {state.error ? <ErrorBox error={state.error} /> : null}
      {state.status === 'error' ? (
        <PrimaryButton
          tone="secondary"
          label={t('profile.retry')}
          onPress={() => void bloc.add({ type: 'load-requested' })}
        />
      ) : null}

      {profile ? (
        <>
          {state.updatedAt ? <LastUpdated cached={{ updatedAt: state.updatedAt, fromCache: state.fromCache }} /> : null}
          <TextField
            label={t('profile.name')}
            errors={state.nameError ? [t(`profile.error.${state.nameError}`)] : []}
            value={state.name}
            onChangeText={(value) => void bloc.add({ type: 'name-changed', value })}
            autoComplete="name"
            textContentType="name"
            autoCapitalize="words"
            maxLength={100}
            editable={state.saving !== 'name'}
            onSubmitEditing={() => void bloc.add({ type: 'name-submitted' })}
          />
          <PrimaryButton
            label={t('profile.saveName')}
            busyLabel={t('profile.savingName')}
            busy={state.saving === 'name'}
            onPress={() => void bloc.add({ type: 'name-submitted' })}
          />
          {state.saved === 'name' ? <Notice>{t('profile.nameSaved')}</Notice> : null}

          <View style={styles.facts}>
            <Fact label={t('profile.email')} value={profile.email ?? t('profile.none')} />
            <Fact label={t('profile.phone')} value={profile.phone ?? t('profile.none')} />
          </View>

          <View style={formStyles.group}>
            <Text style={formStyles.sectionLabel}>{t('profile.language')}</Text>
            <View
              accessibilityRole="radiogroup"
              accessibilityLabel={t('profile.language')}
              style={formStyles.radioGroup}
            >
              {LOCALES.map((option) => (
                <RadioOption
                  key={option}
                  lang={option}
                  label={t(`language.${option}`)}
                  selected={option === locale}
                  disabled={state.saving === 'locale'}
                  onPress={() => void bloc.add({ type: 'locale-chosen', locale: option })}
                />
              ))}
            </View>
            <Text style={common.muted}>{t('profile.languageHint')}</Text>
            {state.saving === 'locale' ? <Text style={common.muted}>{t('profile.languageSaving')}</Text> : null}
            {state.saved === 'locale' ? <Notice>{t('profile.languageSaved')}</Notice> : null}
          </View>
        </>
      ) : null}

      <TextLink label={t('profile.addresses')} onPress={onAddresses} />

      <PrimaryButton
        tone="danger"
        label={t('profile.signOut')}
        busyLabel={t('profile.signingOut')}
        busy={signingOut}
        onPress={() => {
          setSigningOut(true);
          // App opens sign-in once signed out; this screen is gone by then.
          void onSignOut().catch(() => setSigningOut(false));
        }}
      />
    </ScrollView>
  );
}

function Fact({ label, value }: { label: string; value: string }) {
  return (
    <View style={styles.fact}>
      <Text style={formStyles.sectionLabel}>{label}</Text>
      <Text style={common.body}>{value}</Text>
    </View>
  );
}

const styles = StyleSheet.create({
  facts: { gap: space.md, padding: space.md, backgroundColor: colors.surface, borderRadius: 8 },
  fact: { gap: 2 },
});

import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Pressable, ScrollView, StyleSheet, Text, View } from 'react-native';
import type { AddressFormBloc } from './address-form-bloc';
import type { AddressErrorField, AddressTextField } from './address-draft';
import { AddressPin } from './AddressPin';
import { PrimaryButton, TextField, TextLink } from '../../ui/form';
import { useBlocState } from '../../bloc/use-bloc';
import { colors, common, MIN_TOUCH, space } from '../../theme';
import { ErrorBox } from '../../ui/ErrorBox';
import { LoadingRow, ScreenTitle } from '../../ui/screen';

export function AddressFormScreen({
  bloc,
  onDone,
  onBack,
}: {
  bloc: AddressFormBloc;
  /** Saved or deleted: back to the list. */
  onDone: () => void;
  onBack: () => void;
}) {
  const { t } = useTranslation();
  const state = useBlocState(bloc);
  const { draft } = state;
  const busy = state.status === 'saving' || state.status === 'deleting';
  const scroll = useRef<ScrollView>(null);

  useEffect(() => {
    if (state.status === 'saved' || state.status === 'deleted') onDone();
  }, [state.status, onDone]);

  const errorsOf = (field: AddressErrorField) =>
    (state.fieldErrors[field] ?? []).map((key) => t(`profile.address.error.${key}`));
  const change = (field: AddressTextField) => (value: string) => void bloc.add({ type: 'field-changed', field, value });
  const save = () => void bloc.add({ type: 'submitted' });
  const title = state.mode === 'add' ? t('profile.address.addTitle') : t('profile.address.editTitle');

  const header = (
    <>
      <TextLink label={t('profile.address.back')} onPress={onBack} />
      <ScreenTitle>{title}</ScreenTitle>
    </>
  );

  if (state.status === 'loading' || state.status === 'missing' || state.status === 'load-failed') {
    return (
      // The same ref as the form's: react-native-web keeps the ScrollView it mounted here and only
      // hands its node to a ref present from the start.
      <ScrollView ref={scroll} style={common.screen} contentContainerStyle={common.content}>
        {header}
        {state.status === 'loading' ? (
          <LoadingRow nameSpinner={false} label={t('profile.address.loading')} />
        ) : state.status === 'missing' ? (
          <Text style={common.body}>{t('profile.address.missing')}</Text>
        ) : (
          <>
            {state.error ? <ErrorBox error={state.error} /> : null}
            <PrimaryButton
              tone="secondary"
              label={t('profile.retry')}
              onPress={() => void bloc.add({ type: 'load-requested' })}
            />
          </>
        )}
      </ScrollView>
    );
  }

  const fixedDefault = state.original?.isDefault ?? false;
  return (
    <ScrollView
      ref={scroll}
      style={common.screen}
      contentContainerStyle={common.content}
      keyboardShouldPersistTaps="handled"
    >
      {header}
      {state.error ? <ErrorBox error={state.error} /> : null}

      <TextField
        label={t('profile.address.label')}
        errors={errorsOf('label')}
        value={draft.label}
        onChangeText={change('label')}
        placeholder={t('profile.address.labelPlaceholder')}
        maxLength={40}
        editable={!busy}
      />
      <TextField
        label={t('profile.address.recipientName')}
        errors={errorsOf('recipientName')}
        value={draft.recipientName}
        onChangeText={change('recipientName')}
        autoComplete="name"
        textContentType="name"
        autoCapitalize="words"
        maxLength={100}
        editable={!busy}
      />
      <TextField
        label={t('profile.address.phone')}
        errors={errorsOf('phone')}
        value={draft.phone}
        onChangeText={change('phone')}
        placeholder={t('profile.address.phonePlaceholder')}
        autoComplete="tel"
        textContentType="telephoneNumber"
        inputMode="tel"
        editable={!busy}
      />
      <TextField
        label={t('profile.address.line1')}
        errors={errorsOf('line1')}
        value={draft.line1}
        onChangeText={change('line1')}
        placeholder={t('profile.address.line1Placeholder')}
        autoComplete="street-address"
        textContentType="streetAddressLine1"
        maxLength={200}
        editable={!busy}
      />
      <TextField
        label={t('profile.address.line2')}
        errors={errorsOf('line2')}
        value={draft.line2}
        onChangeText={change('line2')}
        placeholder={t('profile.address.line2Placeholder')}
        textContentType="streetAddressLine2"
        maxLength={200}
        editable={!busy}
      />
      <TextField
        label={t('profile.address.city')}
        errors={errorsOf('city')}
        value={draft.city}
        onChangeText={change('city')}
        textContentType="addressCity"
        maxLength={80}
        editable={!busy}
      />
      <TextField
        label={t('profile.address.province')}
        errors={errorsOf('province')}
        value={draft.province}
        onChangeText={change('province')}
        textContentType="addressState"
        maxLength={80}
        editable={!busy}
      />
      <TextField
        label={t('profile.address.postalCode')}
        errors={errorsOf('postalCode')}
        value={draft.postalCode}
        onChangeText={change('postalCode')}
        autoComplete="postal-code"
        textContentType="postalCode"
        inputMode="numeric"
        keyboardType="number-pad"
        maxLength={5}
        editable={!busy}
      />

      <AddressPin
        lat={draft.lat}
        lon={draft.lon}
        latErrors={errorsOf('lat')}
        lonErrors={errorsOf('lon')}
        pinErrors={errorsOf('pin')}
        locating={state.locating}
        disabled={busy}
        onPick={(lat, lon) => void bloc.add({ type: 'pin-picked', lat, lon })}
        onLocate={() => void bloc.add({ type: 'locate-requested' })}
        onLatChange={change('lat')}
        onLonChange={change('lon')}
      />

      {fixedDefault ? (
        <Text style={common.muted}>{t('profile.address.isDefaultFixed')}</Text>
      ) : (
        <Pressable
          accessibilityRole="checkbox"
          accessibilityLabel={t('profile.address.isDefault')}
          aria-checked={draft.isDefault}
          accessibilityState={{ checked: draft.isDefault, disabled: busy }}
          disabled={busy}
          onPress={() => void bloc.add({ type: 'default-changed', value: !draft.isDefault })}
          style={styles.checkRow}
        >
          <View style={[styles.box, draft.isDefault && styles.boxChecked]}>
            {draft.isDefault ? <Text style={styles.tick}>✓</Text> : null}
          </View>
          <Text style={common.body}>{t('profile.address.isDefault')}</Text>
        </Pressable>
      )}

      {Object.keys(state.fieldErrors).length > 0 ? (
        <Text style={styles.summary} accessibilityRole="alert">
          {t('profile.address.checkFields')}
        </Text>
      ) : null}
      <PrimaryButton
        label={t('profile.address.save')}
        busyLabel={t('profile.address.saving')}
        busy={state.status === 'saving'}
        onPress={save}
      />

      {state.mode === 'edit' && state.original ? (
        state.confirmingDelete || state.status === 'deleting' ? (
          <View
            style={styles.confirm}
            accessibilityRole="alert"
            // The question appears below the button pressed: once laid out, bring it into view.
            onLayout={() => scroll.current?.scrollToEnd({ animated: true })}
          >
            <Text style={common.body}>{t('profile.address.deleteConfirm', { label: state.original.label })}</Text>
            <PrimaryButton
              tone="danger"
              label={t('profile.address.deleteYes')}
              busyLabel={t('profile.address.deleting')}
              busy={state.status === 'deleting'}
              onPress={() => void bloc.add({ type: 'delete-confirmed' })}
            />
            <PrimaryButton
              tone="secondary"
              label={t('profile.address.deleteNo')}
              onPress={() => void bloc.add({ type: 'delete-cancelled' })}
            />
          </View>
        ) : (
          <PrimaryButton
            tone="danger"
            label={t('profile.address.delete')}
            onPress={() => void bloc.add({ type: 'delete-requested' })}
          />
        )
      ) : null}
    </ScrollView>
  );
}

const styles = StyleSheet.create({
  checkRow: { minHeight: MIN_TOUCH, flexDirection: 'row', alignItems: 'center', gap: space.sm },
  box: {
    width: 24,
    height: 24,
    borderRadius: 4,
    borderWidth: 2,
    borderColor: colors.muted,
    alignItems: 'center',
    justifyContent: 'center',
  },
  boxChecked: { borderColor: colors.primary, backgroundColor: colors.primary },
  tick: { color: colors.primaryText, fontSize: 16, fontWeight: '700' },
  summary: { color: colors.error, fontSize: 14, fontWeight: '600' },
  confirm: {
    gap: space.sm,
    padding: space.md,
    borderWidth: 1,
    borderColor: colors.error,
    borderRadius: 8,
    backgroundColor: colors.errorSurface,
  },
});

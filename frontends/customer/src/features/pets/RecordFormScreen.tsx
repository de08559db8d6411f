import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { ScrollView, StyleSheet, Text } from 'react-native';
import { useBlocState } from '../../bloc/use-bloc';
import { colors, common } from '../../theme';
import { ErrorBox } from '../../ui/ErrorBox';
import { RECORD_KINDS } from './pet-model';
import { RECORD_FIELDS, type RecordField, type RecordFormBloc } from './record-form-bloc';
import { BackLink, ChoiceGroup, PrimaryButton, TextField } from './pets-ui';
import type { MessageKey } from '../../i18n/catalogue';
import { ScreenTitle } from '../../ui/screen';

/** Each field's label, and how it is typed. */
const FIELD_LABEL: Record<RecordField, MessageKey> = {
  date: 'pets.record.date',
  vaccine: 'pets.record.vaccine',
  nextDueDate: 'pets.record.nextDueDate',
  title: 'pets.record.treatmentTitle',
  vetName: 'pets.record.vetName',
  weight: 'pets.record.weight',
  notes: 'pets.record.notes',
};

export function RecordFormScreen({
  bloc,
  petName,
  onSaved,
  onBack,
}: {
  bloc: RecordFormBloc;
  /** Null until known (the form does not wait for it). */
  petName: string | null;
  onSaved: () => void;
  onBack: () => void;
}) {
  const { t } = useTranslation();
  const state = useBlocState(bloc);

  useEffect(() => {
    if (state.status === 'saved') onSaved();
  }, [state.status, onSaved]);

  const editable = state.status === 'editing';
  return (
    <ScrollView style={common.screen} contentContainerStyle={common.content} keyboardShouldPersistTaps="handled">
      <BackLink onPress={onBack} />
      <ScreenTitle>{t('pets.record.title')}</ScreenTitle>
      {petName ? <Text style={common.muted}>{t('pets.record.for', { name: petName })}</Text> : null}
      <ChoiceGroup
        label={t('pets.record.kind')}
        options={RECORD_KINDS.map((value) => ({ value, label: t(`pets.kind.${value}`) }))}
        selected={state.kind}
        onSelect={(kind) => void bloc.add({ type: 'kind-chosen', kind })}
        disabled={!editable}
      />
      {RECORD_FIELDS[state.kind].map((field) => {
        const isDate = field === 'date' || field === 'nextDueDate';
        return (
          <TextField
            key={`${state.kind}-${field}`}
            label={t(FIELD_LABEL[field])}
            value={state.values[field]}
            onChangeText={(value) => void bloc.add({ type: 'text-changed', field, value })}
            error={state.fieldErrors[field]}
            editable={editable}
            {...(isDate ? { hint: t('pets.dateHint'), inputMode: 'numeric' as const } : {})}
            {...(field === 'weight' ? { hint: t('pets.form.weightHint'), inputMode: 'decimal' as const } : {})}
            {...(field === 'notes' ? { multiline: true } : {})}
          />
        );
      })}
      {/* Beside the button just pressed: a refusal at the top would go unseen. */}
      {state.error ? <ErrorBox error={state.error} /> : null}
      {Object.keys(state.fieldErrors).length > 0 && !state.error ? (
        <Text style={styles.fixErrors} accessibilityRole="alert">
          {t('pets.form.fixErrors')}
        </Text>
      ) : null}
      <PrimaryButton
        label={t('pets.record.save')}
        busyLabel={t('pets.form.saving')}
        busy={state.status === 'saving'}
        onPress={() => void bloc.add({ type: 'submitted' })}
      />
    </ScrollView>
  );
}

const styles = StyleSheet.create({
  fixErrors: { color: colors.error, fontSize: 15, fontWeight: '600' },
});

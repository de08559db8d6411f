import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { ScrollView, StyleSheet, Text, View } from 'react-native';
import { useStartedBlocState } from '../../bloc/use-bloc';
import { colors, common, space } from '../../theme';
import { ErrorBox } from '../../ui/ErrorBox';
import { LastUpdated } from '../../ui/LastUpdated';
import type { PetFormBloc, PetFormState } from './pet-form-bloc';
import { SEXES, SPECIES } from './pet-model';
import { pickPhoto } from './photo-picker';
import { BackLink, ChoiceGroup, PetAvatar, petsStyles, PrimaryButton, SecondaryButton, TextField } from './pets-ui';
import { LoadingRow, ScreenTitle } from '../../ui/screen';

export function PetFormScreen({
  bloc,
  onSaved,
  onDeleted,
  onBack,
}: {
  bloc: PetFormBloc;
  /** The pet exists and has what was typed (and the photo). */
  onSaved: (petId: string) => void;
  onDeleted: () => void;
  onBack: () => void;
}) {
  const { t } = useTranslation();
  const state = useStartedBlocState(bloc, { type: 'started' });
  const startedAsAdd = state.startedAsAdd;

  useEffect(() => {
    if (state.status === 'saved' && state.petId) onSaved(state.petId);
    if (state.status === 'deleted') onDeleted();
  }, [state.status, state.petId, onSaved, onDeleted]);

  const title = startedAsAdd ? t('pets.form.addTitle') : t('pets.form.editTitle');

  if (state.status === 'loading' || state.status === 'load-failed') {
    return (
      <ScrollView style={common.screen} contentContainerStyle={common.content}>
        <BackLink onPress={onBack} />
        <ScreenTitle>{title}</ScreenTitle>
        {state.status === 'loading' ? <LoadingRow nameSpinner={false} label={t('pets.loading')} /> : null}
        {state.error ? <ErrorBox error={state.error} /> : null}
        {state.status === 'load-failed' ? (
          <PrimaryButton label={t('pets.retry')} onPress={() => void bloc.add({ type: 'started' })} />
        ) : null}
      </ScrollView>
    );
  }

  const busy = state.status === 'saving' || state.status === 'deleting';
  const editable = state.status === 'editing';
  const errors = state.fieldErrors;
  const text = (field: 'name' | 'breed' | 'birthDate' | 'weight' | 'notes') => ({
    value: state.values[field],
    onChangeText: (value: string) => void bloc.add({ type: 'text-changed', field, value }),
    error: errors[field],
    editable,
  });

  return (
    <ScrollView style={common.screen} contentContainerStyle={common.content} keyboardShouldPersistTaps="handled">
      <BackLink onPress={onBack} />
      <ScreenTitle>{title}</ScreenTitle>
      {state.source ? <LastUpdated cached={state.source} /> : null}

      <PhotoField bloc={bloc} state={state} />

      <TextField label={t('pets.form.name')} autoComplete="off" {...text('name')} />
      <ChoiceGroup
        label={t('pets.form.species')}
        options={SPECIES.map((value) => ({ value, label: t(`pets.species.${value}`) }))}
        selected={state.values.species}
        onSelect={(species) => void bloc.add({ type: 'species-chosen', species })}
        error={errors.species}
        disabled={!editable}
      />
      <TextField label={t('pets.form.breed')} {...text('breed')} />
      <ChoiceGroup
        label={t('pets.form.sex')}
        options={SEXES.map((value) => ({ value, label: t(`pets.sex.${value}`) }))}
        selected={state.values.sex}
        onSelect={(sex) => void bloc.add({ type: 'sex-chosen', sex })}
        error={errors.sex}
        disabled={!editable}
      />
      <TextField
        label={t('pets.form.birthDate')}
        hint={t('pets.dateHint')}
        inputMode="numeric"
        {...text('birthDate')}
      />
      <TextField
        label={t('pets.form.weight')}
        hint={t('pets.form.weightHint')}
        inputMode="decimal"
        {...text('weight')}
      />
      <TextField label={t('pets.form.notes')} multiline {...text('notes')} />

      {/* Beside the button just pressed: a refusal at the top of a long form would go unseen. */}
      {state.error ? <ErrorBox error={state.error} /> : null}
      {Object.keys(errors).length > 0 && !state.error ? (
        <Text style={styles.fixErrors} accessibilityRole="alert">
          {t('pets.form.fixErrors')}
        </Text>
      ) : null}
      <PrimaryButton
        label={t('pets.form.save')}
        busyLabel={t('pets.form.saving')}
        busy={state.status === 'saving'}
        disabled={!editable && state.status !== 'saving'}
        onPress={() => void bloc.add({ type: 'submitted' })}
      />

      {state.mode === 'edit' && !startedAsAdd ? (
        state.status === 'confirming-delete' || state.status === 'deleting' ? (
          <View style={[petsStyles.card, petsStyles.overdue, styles.confirm]} accessibilityRole="alert">
            <Text style={common.body}>{t('pets.form.confirmDelete', { name: state.values.name })}</Text>
            <View style={styles.confirmButtons}>
              <PrimaryButton
                label={t('pets.form.confirmYes')}
                busyLabel={t('pets.form.deleting')}
                busy={state.status === 'deleting'}
                onPress={() => void bloc.add({ type: 'delete-confirmed' })}
              />
              <SecondaryButton
                label={t('pets.form.cancel')}
                disabled={busy}
                onPress={() => void bloc.add({ type: 'delete-cancelled' })}
              />
            </View>
          </View>
        ) : (
          <SecondaryButton
            label={t('pets.form.delete')}
            danger
            disabled={!editable}
            onPress={() => void bloc.add({ type: 'delete-requested' })}
          />
        )
      ) : null}
    </ScrollView>
  );
}

function PhotoField({ bloc, state }: { bloc: PetFormBloc; state: PetFormState }) {
  const { t } = useTranslation();
  const photo = state.photo;
  const uri = photo.status === 'none' ? null : photo.uri;
  const uploading = photo.status === 'uploading';
  const choose = async () => {
    try {
      const picked = await pickPhoto();
      if (picked) await bloc.add({ type: 'photo-picked', photo: picked });
    } catch {
      await bloc.add({ type: 'photo-pick-failed' });
    }
  };
  const problem = state.photoProblem;
  return (
    <View style={styles.photo}>
      <Text style={styles.label}>{t('pets.form.photo')}</Text>
      <View style={petsStyles.row}>
        <PetAvatar name={state.values.name || '?'} uri={uri} size={88} />
        <View style={petsStyles.grow}>
          <SecondaryButton
            label={uri ? t('pets.form.changePhoto') : t('pets.form.pickPhoto')}
            disabled={uploading || state.status === 'saving'}
            onPress={() => void choose()}
          />
        </View>
      </View>
      {uploading ? <Text style={common.muted}>{t('pets.form.photoUploading')}</Text> : null}
      {photo.status === 'picked' && !state.petId ? (
        <Text style={common.muted}>{t('pets.form.photoPending')}</Text>
      ) : null}
      {problem ? (
        <View style={styles.photo}>
          {state.startedAsAdd && state.petId ? (
            <Text style={common.body} accessibilityRole="alert">
              {t('pets.form.savedWithoutPhoto')}
            </Text>
          ) : null}
          {problem.kind === 'photo' ? (
            <Text style={styles.problem} accessibilityRole="alert">
              {t(`pets.photo.${problem.reason}`)}
            </Text>
          ) : (
            <ErrorBox error={problem.error} />
          )}
          {photo.status === 'picked' && state.petId ? (
            <SecondaryButton
              label={t('pets.form.photoRetry')}
              onPress={() => void bloc.add({ type: 'photo-retry-requested' })}
            />
          ) : null}
        </View>
      ) : null}
    </View>
  );
}

const styles = StyleSheet.create({
  label: { fontSize: 14, fontWeight: '600', color: colors.text },
  photo: { gap: space.sm },
  problem: { color: colors.error, fontSize: 15, fontWeight: '600' },
  fixErrors: { color: colors.error, fontSize: 15, fontWeight: '600' },
  confirm: { gap: space.md },
  confirmButtons: { gap: space.sm },
});

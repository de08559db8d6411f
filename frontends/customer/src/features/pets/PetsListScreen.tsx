import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { FlatList, Pressable, StyleSheet, Text, View } from 'react-native';
import { useBlocState } from '../../bloc/use-bloc';
import { common, space } from '../../theme';
import { ErrorBox } from '../../ui/ErrorBox';
import { LastUpdated } from '../../ui/LastUpdated';
import type { IsoDate, Pet } from './pet-model';
import type { PetsListBloc } from './pets-list-bloc';
import { petSummary } from './pet-texts';
import { PetAvatar, petsStyles, PrimaryButton } from './pets-ui';
import { LoadingRow, ScreenTitle } from '../../ui/screen';

export function PetsListScreen({
  bloc,
  today,
  onOpen,
  onAdd,
}: {
  bloc: PetsListBloc;
  today: IsoDate;
  onOpen: (petId: string) => void;
  onAdd: () => void;
}) {
  const { t } = useTranslation();
  const state = useBlocState(bloc);

  useEffect(() => {
    if (bloc.state.status === 'idle') void bloc.add({ type: 'load-requested' });
  }, [bloc]);

  const pets = state.status === 'loaded' || state.status === 'loading' ? state.pets : [];
  const source = state.status === 'loaded' || state.status === 'loading' ? state.source : null;

  return (
    <View style={common.screen}>
      <FlatList
        data={pets}
        keyExtractor={(pet) => pet.petId}
        contentContainerStyle={common.content}
        ListHeaderComponent={
          <View style={styles.header}>
            <ScreenTitle>{t('pets.list.title')}</ScreenTitle>
            {source ? <LastUpdated cached={source} /> : null}
            <PrimaryButton label={t('pets.list.add')} onPress={onAdd} />
            {state.status === 'loaded' && pets.length > 0 ? (
              <Text style={common.muted} accessibilityLiveRegion="polite">
                {t('pets.list.count', { count: pets.length })}
              </Text>
            ) : null}
            {state.status === 'loading' || state.status === 'idle' ? (
              <LoadingRow nameSpinner={false} label={t('pets.list.loading')} />
            ) : null}
            {state.status === 'error' ? (
              <View style={styles.header}>
                <ErrorBox error={state.error} />
                <PrimaryButton label={t('pets.retry')} onPress={() => void bloc.add({ type: 'load-requested' })} />
              </View>
            ) : null}
          </View>
        }
        ListEmptyComponent={state.status === 'loaded' ? <Text style={common.body}>{t('pets.list.empty')}</Text> : null}
        renderItem={({ item }) => <PetRow pet={item} today={today} onOpen={() => onOpen(item.petId)} />}
      />
    </View>
  );
}

function PetRow({ pet, today, onOpen }: { pet: Pet; today: IsoDate; onOpen: () => void }) {
  const { t } = useTranslation();
  const details = petSummary(t, pet, today);
  return (
    // Named by what it shows (the name, then the details), so the spoken name matches the visible text.
    <Pressable accessibilityRole="button" onPress={onOpen} style={[petsStyles.card, styles.row]}>
      <PetAvatar name={pet.name} uri={pet.photoUrl} decorative />
      <View style={petsStyles.grow}>
        <Text style={petsStyles.name} numberOfLines={1}>
          {pet.name}
        </Text>
        <Text style={common.muted}>{details}</Text>
      </View>
      <Text style={styles.chevron} aria-hidden>
        ›
      </Text>
    </Pressable>
  );
}

const styles = StyleSheet.create({
  header: { gap: space.sm, marginBottom: space.sm },
  row: { flexDirection: 'row', alignItems: 'center', gap: space.md, marginBottom: space.sm, minHeight: 72 },
  chevron: { fontSize: 28, color: '#4A5560' },
});

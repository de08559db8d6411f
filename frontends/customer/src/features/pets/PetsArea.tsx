import { randomUUID } from 'expo-crypto';
import { useCallback, useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLocale } from '../../i18n/i18n';
import type { AreaProps } from '../../navigation';
import { PetDetailBloc } from './pet-detail-bloc';
import { PetDetailScreen } from './PetDetailScreen';
import { PetFormBloc } from './pet-form-bloc';
import { PetFormScreen } from './PetFormScreen';
import { localToday } from './pet-model';
import { ApiPetRepository } from './pet-repository';
import { PetsListBloc } from './pets-list-bloc';
import { PetsListScreen } from './PetsListScreen';
import { RecordFormBloc } from './record-form-bloc';
import { RecordFormScreen } from './RecordFormScreen';
import type { PetsRoute } from './routes';

/**
 * The pets area's composition root: one repository over the API client and the offline cache, a
 * fresh Bloc for each screen opened (so going back to a pet reloads it).
 */
export function PetsArea({ route, nav, services }: AreaProps<PetsRoute>) {
  const { i18n } = useTranslation();
  const pets = useMemo(() => new ApiPetRepository(services.api, services.cache), [services]);

  const bloc = useMemo(() => {
    const today = () => localToday();
    switch (route.screen) {
      case 'list':
        return new PetsListBloc(pets);
      case 'detail':
        return new PetDetailBloc(pets, route.petId, today);
      case 'edit':
        return new PetFormBloc(pets, route.petId, { newKey: randomUUID, today, locale: () => currentLocale(i18n) });
      case 'record':
        return new RecordFormBloc(pets, route.petId, route.kind ?? 'vaccination', { newKey: randomUUID, today });
    }
  }, [pets, route, i18n]);
  useEffect(() => () => bloc.close(), [bloc]);

  const back = useCallback(() => nav.back(), [nav]);
  const onSaved = useCallback(
    (petId: string) => {
      // A new pet's form gives way to the pet; an edited one goes back to where it was opened from.
      if (route.screen === 'edit' && !route.petId) nav.replace({ area: 'pets', screen: 'detail', petId });
      else nav.back();
    },
    [nav, route],
  );
  // Past the form and the removed pet's page, back to where the pet was opened from (the list).
  const onDeleted = useCallback(() => {
    nav.back();
    nav.back();
  }, [nav]);

  if (route.screen === 'list' && bloc instanceof PetsListBloc)
    return (
      <PetsListScreen
        bloc={bloc}
        today={localToday()}
        onOpen={(petId) => nav.go({ area: 'pets', screen: 'detail', petId })}
        onAdd={() => nav.go({ area: 'pets', screen: 'edit' })}
      />
    );
  if (route.screen === 'detail' && bloc instanceof PetDetailBloc) {
    const addRecord = () => {
      // The name as shown, so the record form can say whose record it is without a read of its own.
      const shown = bloc.state.status === 'loaded' ? bloc.state.view.pet.name : undefined;
      nav.go({ area: 'pets', screen: 'record', petId: route.petId, ...(shown ? { petName: shown } : {}) });
    };
    return (
      <PetDetailScreen
        bloc={bloc}
        onBack={back}
        onEdit={() => nav.go({ area: 'pets', screen: 'edit', petId: route.petId })}
        onAddRecord={addRecord}
      />
    );
  }
  if (route.screen === 'edit' && bloc instanceof PetFormBloc)
    return <PetFormScreen bloc={bloc} onSaved={onSaved} onDeleted={onDeleted} onBack={back} />;
  if (route.screen === 'record' && bloc instanceof RecordFormBloc)
    return <RecordFormScreen bloc={bloc} petName={route.petName ?? null} onSaved={back} onBack={back} />;
  return null;
}
